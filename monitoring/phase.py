"""Monitoring as the registry sees it: phase 4, "Monitoring and evaluation".

The overview shows whether the objectives set in planning are SMART (the figure
planning leaves in the overview's shared figures) and the guidance's checklist. The
hooks read monitoring's small tables, never the raw activity log: the monthly activity
summaries (figures), the debriefs due and the risk register (health, due items and the
self-assessment). A new scheme's register starts with the guidance's three named risks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db.models import Count, Max, Q
from django.urls import reverse

from accounts.models import User
from schemes.models import Scheme, SchemeStatus
from schemes.phases import (
    ACTIVITY_BY_MONTH,
    LAST_ACTIVITY,
    OBJECTIVES,
    DueItem,
    Evidence,
    HealthSignal,
    ObjectivesFigure,
    OverviewContext,
    Phase,
    PhaseOverview,
    Task,
)

from . import rules
from .models import ActivityMonth, DebriefDue, RiskEntry, RiskStatus

SMART_ITEM = "ensure objectives are SMART"
CHECKLIST = (
    rules.VIGILANT_ITEM,
    "monitor attitudes towards prisoners using the scheme",
    "monitor attitudes towards the peer supporters",
    rules.CONFIDENTIALITY_ITEM,
    "evaluate – has it worked as intended?",
    SMART_ITEM,
    "ensure it runs long enough to achieve what it sets out to do",
    "use management information or feedback",
    "consider formal evaluation and adjust design and delivery according to findings",
)
# Months of summaries the figures carry (the dashboards show the last three complete).
FIGURE_MONTHS = 13


def overview(context: OverviewContext) -> PhaseOverview:
    """No queries of its own: the objectives' figure comes from planning."""
    tasks: list[Task] = []
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
    # The monitoring page is in the scheme's sub navigation ("Monitoring").
    return PhaseOverview(tasks=tasks, reminders=[item for item in CHECKLIST if item != SMART_ITEM])


def _created(scheme: Scheme, by: User) -> None:
    from .services import risks_seed

    risks_seed(scheme)


def figures_many(schemes: Sequence[Scheme], day: date) -> dict[int, dict[str, Any]]:
    """ACTIVITY_BY_MONTH (entries per month, the last 13 months) and LAST_ACTIVITY,
    from the monthly summaries. Two queries, whatever the size of the log."""
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
    return {pk: {ACTIVITY_BY_MONTH: by_month[pk], LAST_ACTIVITY: last.get(pk)} for pk in ids}


def figures(scheme: Scheme, day: date) -> dict[str, Any]:
    """``figures_many`` for one scheme."""
    return figures_many([scheme], day)[scheme.pk]


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


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
            found.append(
                HealthSignal(
                    "red", f"{_plural(counts['high'], 'open high risk', 'open high risks')}"
                )
            )
        if counts.get("overdue"):
            found.append(
                HealthSignal(
                    "amber",
                    _plural(counts["overdue"], "risk review overdue", "risk reviews overdue"),
                )
            )
        if debriefs.get(pk):
            found.append(
                HealthSignal(
                    "amber",
                    f"Debrief due for {_plural(debriefs[pk], 'peer supporter', 'peer supporters')}",
                )
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


def due(day: date) -> Iterable[DueItem]:
    """Risk reviews falling due on or before ``day``, estate-wide. One query."""
    return _risk_reviews(RiskEntry.objects.all(), day)


def due_many(schemes: Sequence[Scheme], day: date) -> Iterable[DueItem]:
    """``due`` at these schemes only. One query."""
    return _risk_reviews(RiskEntry.objects.filter(scheme_id__in=[s.pk for s in schemes]), day)


def evidence_many(schemes: Sequence[Scheme], day: date) -> dict[int, list[Evidence]]:
    """The two risk items of the checklist, from each scheme's open risks. One query."""
    facts: dict[int, list[rules.RiskFacts]] = {scheme.pk: [] for scheme in schemes}
    for scheme_id, category, review_on, version in RiskEntry.objects.filter(
        scheme_id__in=list(facts), status=RiskStatus.OPEN
    ).values_list("scheme_id", "category", "review_on", "version"):
        facts[scheme_id].append(rules.RiskFacts(category, review_on, reviewed=version > 1))
    found: dict[int, list[Evidence]] = {}
    for scheme in schemes:
        if scheme.status == SchemeStatus.PLANNING:
            continue
        href = reverse("monitoring:risks", args=[scheme.pk])
        vigilant, privacy = rules.register_evidence(facts[scheme.pk], day)
        found[scheme.pk] = [
            Evidence(rules.VIGILANT_ITEM, vigilant[0], vigilant[1], href),  # type: ignore[arg-type]
            Evidence(rules.CONFIDENTIALITY_ITEM, privacy[0], privacy[1], href),  # type: ignore[arg-type]
        ]
    return found


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
    due_many=due_many,
)
