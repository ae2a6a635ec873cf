"""Monitoring as the registry sees it: phase 4, "Monitoring and evaluation".

The overview is a task list of the guidance's nine items, each with a status from
monitoring's small tables in a fixed number of queries (the risk register; the
evaluations, monthly returns and objectives' deadlines), and the SMART item from the
figure planning leaves in the overview's shared figures. The hooks read monitoring's
small tables, never the raw activity log: the monthly activity summaries (figures),
the debriefs due, the risk register, the monthly returns and the objectives' values
(health, due items and the self-assessment). A new scheme's register starts with the
guidance's three named risks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Role, User
from peersupport.words import plural
from schemes.models import Scheme, SchemeStatus, SmartObjective
from schemes.phases import (
    ACTIVITY_BY_MONTH,
    FEEDBACK_LATEST,
    HIGH_RISKS,
    LAST_ACTIVITY,
    OBJECTIVES,
    OBJECTIVES_MET,
    DueItem,
    Evidence,
    FeedbackFigure,
    HealthSignal,
    HighRisk,
    ObjectivesFigure,
    OverviewContext,
    Phase,
    PhaseOverview,
    Task,
)

from . import returns_rules, rules
from .feedback import rules as feedback_rules
from .models import (
    ActivityMonth,
    DebriefDue,
    FeedbackQuestionSummary,
    FeedbackRound,
    RiskEntry,
    RiskStatus,
)
from .models_returns import IndicatorValue, MonthlyReturn, ReturnStatus
from .returns_selectors import phase_facts_many

SMART_ITEM = "ensure objectives are SMART"
PRISONERS_ITEM = "monitor attitudes towards prisoners using the scheme"
SUPPORTERS_ITEM = "monitor attitudes towards the peer supporters"
EVALUATE_ITEM = "evaluate – has it worked as intended?"
LONG_ENOUGH_ITEM = "ensure it runs long enough to achieve what it sets out to do"
INFORMATION_ITEM = "use management information or feedback"
FORMAL_ITEM = "consider formal evaluation and adjust design and delivery according to findings"
# The feedback rounds judge these three.
USERS_ITEM, PEERS_ITEM, FEEDBACK_ITEM = PRISONERS_ITEM, SUPPORTERS_ITEM, INFORMATION_ITEM
CHECKLIST = (
    rules.VIGILANT_ITEM,
    PRISONERS_ITEM,
    SUPPORTERS_ITEM,
    rules.CONFIDENTIALITY_ITEM,
    EVALUATE_ITEM,
    SMART_ITEM,
    LONG_ENOUGH_ITEM,
    INFORMATION_ITEM,
    FORMAL_ITEM,
)
_RATED = {
    "met": returns_rules.COMPLETED,
    "partly met": returns_rules.IN_PROGRESS,
    "not met": returns_rules.NOT_STARTED,
}
CANNOT_START = ("Cannot start yet", "")
# Months of summaries the figures carry (the dashboards show the last three complete).
FIGURE_MONTHS = 13


def _task(title: str, state: tuple[str, str], hint: str, href: str | None) -> Task:
    words, colour = state
    return Task(title=title, status=words, colour=colour, href=href, hint=hint)


def overview(context: OverviewContext) -> PhaseOverview:
    """The guidance's nine items as a task list, each with a status from what the
    service holds: the risk register (one query), the feedback rounds (one), evaluations,
    monthly returns and the objectives' deadlines (one). The SMART item is planning's
    figure (no query)."""
    scheme = context.scheme
    today = context.today
    planning = scheme.status == SchemeStatus.PLANNING
    risks = [
        rules.RiskFacts(category, review_on, reviewed=version > 1)
        for category, review_on, version in RiskEntry.objects.filter(
            scheme=scheme, status=RiskStatus.OPEN
        ).values_list("category", "review_on", "version")
    ]
    vigilant, privacy = rules.register_evidence(risks, today)
    facts = phase_facts_many([scheme], today)[scheme.pk]
    risks_href = reverse("monitoring:risks", args=[scheme.pk])
    returns_href = reverse("monitoring:returns", args=[scheme.pk])
    evaluations_href = reverse("monitoring:evaluations", args=[scheme.pk])
    feedback_href = reverse("monitoring:feedback", args=[scheme.pk])
    surveyed, survey_words = feedback_rules.feedback_evidence(
        [
            feedback_rules.RoundFacts(timezone.localdate(closed) if closed else None, responses)
            for closed, responses in FeedbackRound.objects.filter(scheme=scheme).values_list(
                "closed_at", "responses"
            )
        ],
        today,
    )

    def later(title: str, state: tuple[tuple[str, str], str], href: str) -> Task:
        if planning:
            return _task(title, CANNOT_START, "Once the scheme is launched", None)
        return _task(title, state[0], state[1], href)

    tasks = [
        _task("Remain vigilant for possible risks", _RATED[vigilant[0]], vigilant[1], risks_href),
        _task(
            "Monitor attitudes towards prisoners using the scheme",
            _RATED[surveyed],
            f"Attitude survey: {survey_words}",
            feedback_href,
        ),
        _task(
            "Monitor attitudes towards the peer supporters",
            _RATED[surveyed],
            f"Attitude survey: {survey_words}",
            feedback_href,
        ),
        _task(
            "Monitor risks to confidentiality of personal information",
            _RATED[privacy[0]],
            privacy[1],
            risks_href,
        ),
        later(
            "Evaluate – has it worked as intended?",
            returns_rules.evaluate_status(facts),
            evaluations_href,
        ),
    ]
    figure = context.shared.get(OBJECTIVES)
    if isinstance(figure, ObjectivesFigure):
        count = figure.count
        tasks.append(
            Task(
                title="Ensure objectives are SMART",
                status=figure.status,
                colour=figure.colour,
                href=figure.href,
                hint=f"{count} objective{'s' if count != 1 else ''} set in planning",
            )
        )
    tasks += [
        _task(
            "Ensure it runs long enough to achieve what it sets out to do",
            *returns_rules.runs_long_enough(facts, today),
            returns_href,
        ),
        later(
            "Use management information or feedback",
            returns_rules.information_status(facts),
            returns_href,
        ),
        later(
            "Consider formal evaluation and adjust design and delivery",
            returns_rules.formal_evaluation_status(facts),
            evaluations_href,
        ),
    ]
    # The monitoring page is in the scheme's sub navigation ("Monitoring").
    return PhaseOverview(tasks=tasks)


def _created(scheme: Scheme, by: User) -> None:
    from .services import risks_seed

    risks_seed(scheme)


def _latest_feedback(ids: list[int]) -> dict[int, FeedbackFigure]:
    """Each scheme's latest closed feedback round, with satisfaction from its summaries.
    Two queries (a scheme runs a few rounds a year)."""
    latest: dict[int, tuple[int, str, Any, int]] = {}
    for pk, scheme_id, title, closed_at, responses in (
        FeedbackRound.objects.filter(scheme_id__in=ids, closed_at__isnull=False)
        .order_by("scheme_id", "-closed_at", "-id")
        .values_list("pk", "scheme_id", "title", "closed_at", "responses")
    ):
        latest.setdefault(scheme_id, (pk, title, closed_at, responses))
    if not latest:
        return {}
    satisfaction = [
        q.code
        for q in feedback_rules.QUESTION_BY_CODE.values()
        if q.theme == feedback_rules.SATISFACTION
    ]
    tallies: dict[int, dict[str, feedback_rules.Tally]] = {}
    for round_id, question, answered, total, agree in FeedbackQuestionSummary.objects.filter(
        round_id__in=[row[0] for row in latest.values()], question__in=satisfaction
    ).values_list("round_id", "question", "answered", "total", "agree"):
        tallies.setdefault(round_id, {})[question] = feedback_rules.Tally(answered, total, agree)
    return {
        scheme_id: FeedbackFigure(
            title=title,
            closed_on=timezone.localdate(closed_at),
            responses=responses,
            satisfied_percent=feedback_rules.satisfaction(tallies.get(pk, {})).agree_percent,
            href=reverse("monitoring:feedback-round", args=[scheme_id, pk]),
        )
        for scheme_id, (pk, title, closed_at, responses) in latest.items()
    }


def _high_risks(ids: list[int]) -> dict[int, list[HighRisk]]:
    """Each scheme's open high risks, the highest score first. One query."""
    found: dict[int, list[HighRisk]] = {}
    for risk in (
        RiskEntry.objects.filter(scheme_id__in=ids, status=RiskStatus.OPEN)
        .filter(_high_risk())
        .select_related("owner")
        .only(
            "scheme_id",
            "title",
            "likelihood",
            "impact",
            "owner__first_name",
            "owner__last_name",
            "owner__username",
        )
        .order_by("scheme_id", "pk")
    ):
        found.setdefault(risk.scheme_id, []).append(
            HighRisk(
                title=risk.title,
                score=rules.risk_score(risk.likelihood, risk.impact),
                owner=risk.owner.display_name if risk.owner else None,
                href=reverse("monitoring:risk-detail", args=[risk.scheme_id, risk.pk]),
            )
        )
    for risks in found.values():
        risks.sort(key=lambda risk: -risk.score)
    return found


def _objectives_met(ids: list[int]) -> dict[int, tuple[int, int]]:
    """Each active scheme's objectives whose latest value reached the target
    (``returns_rules.reached``), and how many it has. One query (none for no schemes)."""
    if not ids:
        return {}
    latest = IndicatorValue.objects.filter(objective=OuterRef("pk")).order_by("-month")
    found: dict[int, tuple[int, int]] = {}
    for scheme_id, baseline, target, value in (
        SmartObjective.objects.filter(scheme_id__in=ids)
        .annotate(latest=Subquery(latest.values("value")[:1]))
        .values_list("scheme_id", "baseline", "target", "latest")
    ):
        met, total = found.get(scheme_id, (0, 0))
        reached = value is not None and returns_rules.reached(baseline, target, value)
        found[scheme_id] = (met + reached, total + 1)
    return found


def figures_many(schemes: Sequence[Scheme], day: date) -> dict[int, dict[str, Any]]:
    """ACTIVITY_BY_MONTH (entries per month, the last 13 months) and LAST_ACTIVITY,
    from the monthly summaries, FEEDBACK_LATEST from the feedback rounds' summaries,
    HIGH_RISKS from the risk register and OBJECTIVES_MET from the objectives' latest
    values. Six queries at most, whatever the size of the log."""
    ids = [scheme.pk for scheme in schemes]
    since = rules.last_months(day, FIGURE_MONTHS)[0]
    by_month: dict[int, dict[date, int]] = {pk: {} for pk in ids}
    for scheme_id, month, entries in ActivityMonth.objects.filter(
        scheme_id__in=ids, month__gte=since, month__lte=day
    ).values_list("scheme_id", "month", "entries"):
        by_month[scheme_id][month] = entries
    last = dict(
        ActivityMonth.objects.filter(scheme_id__in=ids, entries__gt=0)
        .order_by()
        .values("scheme_id")
        .annotate(last=Max("last_on"))
        .values_list("scheme_id", "last")
    )
    feedback = _latest_feedback(ids)
    high = _high_risks(ids)
    met = _objectives_met([scheme.pk for scheme in schemes if scheme.status == SchemeStatus.ACTIVE])
    return {
        pk: {
            ACTIVITY_BY_MONTH: by_month[pk],
            LAST_ACTIVITY: last.get(pk),
            FEEDBACK_LATEST: feedback.get(pk),
            HIGH_RISKS: high.get(pk, []),
            OBJECTIVES_MET: met.get(pk),
        }
        for pk in ids
    }


def figures(scheme: Scheme, day: date) -> dict[str, Any]:
    """``figures_many`` for one scheme."""
    return figures_many([scheme], day)[scheme.pk]


def health_many(schemes: Sequence[Scheme], today: date) -> dict[int, list[HealthSignal]]:
    """Open high risks (red), risk reviews overdue and debriefs due (amber). Two
    grouped queries."""
    ids = [scheme.pk for scheme in schemes]
    debriefs = dict(
        DebriefDue.objects.filter(scheme_id__in=ids)
        .order_by()
        .values("scheme_id")
        .annotate(count=Count("id"))
        .values_list("scheme_id", "count")
    )
    risks = {
        row["scheme_id"]: row
        for row in RiskEntry.objects.filter(scheme_id__in=ids, status=RiskStatus.OPEN)
        .order_by()
        .values("scheme_id")
        .annotate(
            overdue=Count("id", filter=Q(review_on__lt=today)),
            # likelihood x impact >= 15 without a per-row expression index: the pairs
            # of 1-5 that make it.
            high=Count("id", filter=_high_risk()),
        )
    }
    signals: dict[int, list[HealthSignal]] = {}
    for pk in ids:
        found = signals.setdefault(pk, [])
        counts: dict[str, Any] = dict(risks.get(pk, {}))
        if counts.get("high"):
            found.append(HealthSignal("red", plural(counts["high"], "open high risk")))
        if counts.get("overdue"):
            found.append(
                HealthSignal(
                    "amber",
                    plural(counts["overdue"], "risk review overdue", "risk reviews overdue"),
                )
            )
        if debriefs.get(pk):
            found.append(
                HealthSignal(
                    "amber",
                    f"Debrief due for {plural(debriefs[pk], 'peer supporter')}",
                )
            )
    for pk, reasons in _return_and_objective_signals(schemes, today).items():
        signals.setdefault(pk, []).extend(reasons)
    return signals


def _return_and_objective_signals(
    schemes: Sequence[Scheme], today: date
) -> dict[int, list[HealthSignal]]:
    """Active schemes only: last month's return not submitted by the 10th (amber), and
    objectives off track (amber: returns_rules.off_track). Two queries (the schemes'
    own fields are not read: a dashboard loads only some of them)."""
    active = [scheme.pk for scheme in schemes if scheme.status == SchemeStatus.ACTIVE]
    if not active:
        return {}
    last_month = returns_rules.previous_month(today)
    last_status = MonthlyReturn.objects.filter(scheme=OuterRef("pk"), month=last_month)
    # Schemes that existed last month, with the status of its return (None: none).
    statuses = dict(
        Scheme.objects.filter(pk__in=active, created_at__date__lt=returns_rules.month_start(today))
        .annotate(last_status=Subquery(last_status.values("status")[:1]))
        .values_list("pk", "last_status")
    )
    latest = IndicatorValue.objects.filter(objective=OuterRef("pk")).order_by("-month")
    off: dict[int, int] = {}
    for scheme_id, baseline, target, deadline, value in (
        SmartObjective.objects.filter(scheme_id__in=active)
        .annotate(latest=Subquery(latest.values("value")[:1]))
        .values_list("scheme_id", "baseline", "target", "deadline", "latest")
    ):
        if returns_rules.off_track(
            baseline=baseline, target=target, deadline=deadline, latest=value, today=today
        ):
            off[scheme_id] = off.get(scheme_id, 0) + 1
    signals: dict[int, list[HealthSignal]] = {}
    for pk in active:
        found = signals.setdefault(pk, [])
        if pk in statuses and returns_rules.return_late(today, statuses[pk]):
            found.append(HealthSignal("amber", "Monthly return late"))
        if off.get(pk):
            found.append(
                HealthSignal("amber", f"Objectives off track: {plural(off[pk], 'objective')}")
            )
    return signals


def _high_risk() -> Q:
    condition = Q(pk__in=[])
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            if rules.is_high(rules.risk_score(likelihood, impact)):
                condition |= Q(likelihood=likelihood, impact=impact)
    return condition


def health(scheme: Scheme, today: date) -> Iterable[HealthSignal]:
    """``health_many`` for one scheme."""
    return health_many([scheme], today).get(scheme.pk, [])


def _risk_reviews(risks: Any, day: date) -> Iterable[DueItem]:
    """Open risks whose review falls due by ``day``, for their owner (or the scheme's
    coordinator). One query."""
    for risk in (
        risks.filter(status=RiskStatus.OPEN, review_on__lte=day)
        .exclude(scheme__status=SchemeStatus.CLOSED)
        .select_related("scheme")
        .order_by("review_on", "pk")
    ):
        owner_id = risk.owner_id or risk.scheme.coordinator_id
        yield DueItem(
            kind="risk-review",
            record_id=risk.pk,
            scheme_id=risk.scheme_id,
            user_ids=(owner_id,) if owner_id is not None else (),
            due=risk.review_on,
            title=f"Review the risk “{risk.title}” of {risk.scheme.name}",
            href=reverse("monitoring:risk-detail", args=[risk.scheme_id, risk.pk]),
        )


def _returns_due(scheme_ids: list[int] | None, day: date) -> Iterable[DueItem]:
    """Last month's return, due on the 10th for the coordinator of each active scheme
    that has not submitted it; and every submitted return, due to the prison's
    governors for approval. Three queries."""
    last_month = returns_rules.previous_month(day)
    due_on = returns_rules.return_due_on(last_month)
    schemes = Scheme.objects.filter(status=SchemeStatus.ACTIVE)
    returns = MonthlyReturn.objects.filter(status=ReturnStatus.SUBMITTED).exclude(
        scheme__status=SchemeStatus.CLOSED
    )
    if scheme_ids is not None:
        schemes = schemes.filter(pk__in=scheme_ids)
        returns = returns.filter(scheme_id__in=scheme_ids)
    done = MonthlyReturn.objects.filter(
        scheme=OuterRef("pk"),
        month=last_month,
        status__in=(ReturnStatus.SUBMITTED, ReturnStatus.APPROVED),
    )
    # Queried whatever the day, so the count of queries does not depend on the date.
    waiting = list(
        schemes.filter(created_at__date__lt=returns_rules.month_start(day))
        .exclude(Exists(done))
        .only("pk", "name", "coordinator_id")
        .order_by("pk")
    )
    if due_on <= day:
        for scheme in waiting:
            yield DueItem(
                kind="monthly-return",
                record_id=scheme.pk,
                scheme_id=scheme.pk,
                user_ids=(scheme.coordinator_id,) if scheme.coordinator_id else (),
                due=due_on,
                title=f"Submit the monthly return of {scheme.name} for {last_month:%B %Y}",
                href=reverse(
                    "monitoring:return", args=[scheme.pk, last_month.year, last_month.month]
                ),
            )
    submitted = list(returns.select_related("scheme").order_by("submitted_at", "pk"))
    if not submitted:
        return
    governors: dict[int, list[int]] = {}
    for prison_id, user_id in Membership.objects.filter(
        role=Role.GOVERNOR, prison_id__in={found.scheme.prison_id for found in submitted}
    ).values_list("prison_id", "user_id"):
        governors.setdefault(prison_id, []).append(user_id)
    for found in submitted:
        when = timezone.localdate(found.submitted_at) if found.submitted_at else day
        if when > day:
            continue
        yield DueItem(
            kind="monthly-return-approval",
            record_id=found.pk,
            scheme_id=found.scheme_id,
            user_ids=tuple(sorted(governors.get(found.scheme.prison_id, []))),
            due=when,
            title=f"Approve the monthly return of {found.scheme.name} for {found.month:%B %Y}",
            href=reverse(
                "monitoring:return", args=[found.scheme_id, found.month.year, found.month.month]
            ),
        )


def due(day: date) -> Iterable[DueItem]:
    """Risk reviews and monthly returns falling due on or before ``day``, estate-wide.
    Four queries."""
    return [*_risk_reviews(RiskEntry.objects.all(), day), *_returns_due(None, day)]


def due_many(schemes: Sequence[Scheme], day: date) -> Iterable[DueItem]:
    """``due`` at these schemes only. Four queries."""
    ids = [s.pk for s in schemes]
    return [
        *_risk_reviews(RiskEntry.objects.filter(scheme_id__in=ids), day),
        *_returns_due(ids, day),
    ]


def _feedback_evidence(
    scheme: Scheme, facts: list[feedback_rules.RoundFacts], day: date
) -> list[Evidence]:
    rating, words = feedback_rules.feedback_evidence(facts, day)
    href = reverse("monitoring:feedback", args=[scheme.pk])
    return [
        Evidence(USERS_ITEM, rating, f"Attitude survey: {words}", href),
        Evidence(PEERS_ITEM, rating, f"Attitude survey: {words}", href),
        Evidence(FEEDBACK_ITEM, rating, f"Feedback: {words}", href),
    ]


def evidence_many(schemes: Sequence[Scheme], day: date) -> dict[int, list[Evidence]]:
    """The two risk items of the checklist, from each scheme's open risks (one query),
    the three the feedback rounds judge (one query) and the four evaluation items (one
    query). Management information and feedback are judged by both the returns and
    the feedback rounds: the better of the two stands, with both sets of words."""
    rounds: dict[int, list[feedback_rules.RoundFacts]] = {scheme.pk: [] for scheme in schemes}
    for scheme_id, closed_at, responses in FeedbackRound.objects.filter(
        scheme_id__in=list(rounds)
    ).values_list("scheme_id", "closed_at", "responses"):
        closed_on = timezone.localdate(closed_at) if closed_at else None
        rounds[scheme_id].append(feedback_rules.RoundFacts(closed_on, responses))
    facts: dict[int, list[rules.RiskFacts]] = {scheme.pk: [] for scheme in schemes}
    for scheme_id, category, review_on, version in RiskEntry.objects.filter(
        scheme_id__in=list(facts), status=RiskStatus.OPEN
    ).values_list("scheme_id", "category", "review_on", "version"):
        facts[scheme_id].append(rules.RiskFacts(category, review_on, reviewed=version > 1))
    found: dict[int, list[Evidence]] = {}
    launched = [scheme for scheme in schemes if scheme.status != SchemeStatus.PLANNING]
    judged = phase_facts_many(launched, day) if launched else {}
    for scheme in launched:
        href = reverse("monitoring:risks", args=[scheme.pk])
        vigilant, privacy = rules.register_evidence(facts[scheme.pk], day)
        found[scheme.pk] = [
            Evidence(rules.VIGILANT_ITEM, vigilant[0], vigilant[1], href),  # type: ignore[arg-type]
            Evidence(rules.CONFIDENTIALITY_ITEM, privacy[0], privacy[1], href),  # type: ignore[arg-type]
            *_feedback_evidence(scheme, rounds[scheme.pk], day),
            *_evaluation_evidence(scheme, judged[scheme.pk], day),
        ]
        found[scheme.pk] = _one_per_item(found[scheme.pk])
    return found


_BEST_FIRST = ("met", "partly met", "not met")


def _one_per_item(judged: list[Evidence]) -> list[Evidence]:
    """One judgement per checklist item: where two records judge the same item, the
    better rating stands and the words of both are kept."""
    by_item: dict[str, Evidence] = {}
    for evidence in judged:
        seen = by_item.get(evidence.item)
        if seen is None:
            by_item[evidence.item] = evidence
            continue
        best = min(seen, evidence, key=lambda e: _BEST_FIRST.index(e.rating))
        by_item[evidence.item] = Evidence(
            evidence.item, best.rating, f"{seen.evidence}; {evidence.evidence}", best.href
        )
    return list(by_item.values())


def _evaluation_evidence(
    scheme: Scheme, facts: returns_rules.PhaseFacts, day: date
) -> list[Evidence]:
    """Items 5, 7, 8 and 9: evaluate, runs long enough, management information and
    formal evaluation, from the same facts as the task list."""
    evaluations = reverse("monitoring:evaluations", args=[scheme.pk])
    returns = reverse("monitoring:returns", args=[scheme.pk])
    judged = (
        (EVALUATE_ITEM, returns_rules.evaluate_status(facts), evaluations),
        (LONG_ENOUGH_ITEM, returns_rules.runs_long_enough(facts, day), returns),
        (INFORMATION_ITEM, returns_rules.information_status(facts), returns),
        (FORMAL_ITEM, returns_rules.formal_evaluation_status(facts), evaluations),
    )
    return [
        Evidence(item, returns_rules.RATING[state], words, href)  # type: ignore[arg-type]
        for item, (state, words), href in judged
    ]


def evidence(scheme: Scheme, day: date) -> Iterable[Evidence]:
    """``evidence_many`` for one scheme."""
    return evidence_many([scheme], day).get(scheme.pk, [])


MONITORING = Phase(
    number=4,
    slug="monitoring",
    title="Monitoring and evaluation",
    summary="Understand if it is working, and adjust",
    checklist=CHECKLIST,
    nav=("Monitoring", "monitoring:index"),
    overview=overview,
    due=due,
    health=health,
    scheme_created=_created,
    evidence=evidence,
    figures=figures,
    health_many=health_many,
    evidence_many=evidence_many,
    figures_many=figures_many,
    figure_names=(ACTIVITY_BY_MONTH, LAST_ACTIVITY, FEEDBACK_LATEST, HIGH_RISKS, OBJECTIVES_MET),
    due_many=due_many,
)
