"""Recruitment as the registry sees it: phase 2, "Recruitment and implementation".

Registered in RecruitmentConfig.ready(). Shows the guidance's six items as a task list
with what the service records of each; blocks the move from recruiting to active until
the scheme has its minimum of signed-off peer supporters and a current emergency and
contingency plan; gives the dashboards the headcount and the forecast's low point;
judges its checklist for the self-assessment; says which probation reviews and
contingency plan reviews fall due; adds placements and rounds to the history; and
gives monitoring the scheme's peer supporters on a date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Role, User
from peersupport.words import plural
from schemes.counting import Figure, figures_per_scheme
from schemes.models import Scheme, SchemeStatus, SchemeType
from schemes.overview import task
from schemes.phases import (
    FORECAST_LOW,
    HEADCOUNT,
    TRAINING_HOURS,
    DueItem,
    Evidence,
    HealthSignal,
    HistoryEvent,
    Notice,
    OverviewContext,
    PeerSupporter,
    Phase,
    PhaseOverview,
    Task,
)
from schemes.rules import TaskStatus

from . import implementation, rules
from .composition import composition, composition_many
from .models import (
    LIVE_APPLICATION,
    Application,
    ApplicationStatus,
    CheckOutcome,
    ContingencyPlan,
    Placement,
    PlacementStatus,
    PracticeSession,
    RecruitmentRound,
    RecruitmentSettings,
    SignOffParty,
    SuitabilityCheck,
    SupervisionSession,
    TrainingModule,
    TrainingRecord,
)
from .pack_figures import training_hours_many
from .selectors.phase import current_plan_counts, forecasts, signed_off_counts
from .selectors.supervision import supervision_figures_many
from .services.training import default_modules

CHECKLIST = (
    "Recruit transparently; consider individual suitability; and turnover of peer "
    "supporters (sentence length)",
    "Train peer supporters with core skills – communication, problem solving, and "
    "specific needs of the scheme",
    "Allow time for practice",
    "Grow the scheme steadily: consider a probationary period and advertise to users.",
    "Set up supervision for staff and peer supporters",
    "Have emergency and contingency plans in place",
)
RECRUIT, TRAIN, PRACTICE, GROW, SUPERVISE, CONTINGENCY = CHECKLIST

DECIDED = (ApplicationStatus.APPROVED, ApplicationStatus.DECLINED, ApplicationStatus.PLACED)

# The parties that sign off a new peer supporter, by the kind of scheme, made with the
# scheme (SignOffParty rows, which the scheme then keeps as its own).
DEFAULT_PARTIES: dict[str, tuple[str, ...]] = {
    SchemeType.LISTENERS: ("Security", "Safer custody", "Samaritans"),
}
DEFAULT_PARTIES_OTHERWISE = ("Security", "Safer custody")


# --- the overview -----------------------------------------------------------------------


def _facts(scheme_ids: list[int], today: date) -> dict[int, dict[str, int]]:
    """Per scheme, what the overview and the self-assessment read: placements by status
    and how many began a probation; rounds, open rounds and rounds with criteria;
    applications and those decided; contingency plans and those current; training
    modules and passes, practice and supervision sessions. One query
    (``schemes.counting``: thirteen ORM subqueries took 9 ms to build)."""
    decided = ", ".join(["%s"] * len(DECIDED))
    return figures_per_scheme(
        scheme_ids,
        {
            "placement_count": Figure(Placement),
            "probation": Figure(Placement, "{status} = %s", [PlacementStatus.PROBATION.value]),
            "probation_used": Figure(Placement, "{probation_started_on} IS NOT NULL"),
            "rounds": Figure(RecruitmentRound),
            "with_criteria": Figure(RecruitmentRound, "{selection_criteria} <> ''"),
            "application_count": Figure(Application),
            "decided": Figure(
                Application, f"{{status}} IN ({decided})", [status.value for status in DECIDED]
            ),
            "plans": Figure(ContingencyPlan),
            "current_plans": Figure(
                ContingencyPlan,
                "{next_review_on} >= %s",
                [today],
            ),
            "modules": Figure(TrainingModule),
            "passes": Figure(TrainingRecord, "{passed} = %s", [True], via="placement"),
            "practice": Figure(PracticeSession, via="placement"),
            "supervision": Figure(SupervisionSession),
        },
    )


def _task(title: str, found: tuple[TaskStatus, str], href: str | None) -> Task:
    status, hint = found
    return task(title, status, href, hint=hint)


def _recruit_task(facts: dict[str, int]) -> tuple[TaskStatus, str]:
    rounds, decided = facts["rounds"], facts["decided"]
    if not rounds:
        if facts["application_count"]:
            return TaskStatus.IN_PROGRESS, (
                f"{plural(facts['application_count'], 'application')} but no recruitment round "
                "with selection criteria"
            )
        return TaskStatus.NOT_STARTED, "No recruitment round yet"
    words = f"{plural(rounds, 'round')}, {plural(decided, 'application')} decided"
    if facts["with_criteria"] and decided:
        return TaskStatus.COMPLETED, words
    return TaskStatus.IN_PROGRESS, words


def _grow_task(facts: dict[str, int]) -> tuple[TaskStatus, str]:
    if facts["probation_used"]:
        return TaskStatus.COMPLETED, (
            f"Probation in use: {plural(facts['probation'], 'peer supporter')} on probation now"
        )
    if facts["placement_count"]:
        return TaskStatus.IN_PROGRESS, "No peer supporter has had a probationary period yet"
    return TaskStatus.NOT_STARTED, "No peer supporters yet"


def _train_task(facts: dict[str, int]) -> tuple[TaskStatus, str]:
    modules, passes = facts["modules"], facts["passes"]
    if not modules:
        return TaskStatus.NOT_STARTED, "No training modules yet"
    if not passes:
        return TaskStatus.IN_PROGRESS, f"{plural(modules, 'training module')}, no passes yet"
    return TaskStatus.COMPLETED, (
        f"{plural(modules, 'training module')}, {plural(passes, 'pass', 'passes')} recorded"
    )


def _sessions_task(count: int, what: str) -> tuple[TaskStatus, str]:
    if not count:
        return TaskStatus.NOT_STARTED, f"No {what} sessions recorded yet"
    return TaskStatus.COMPLETED, f"{plural(count, what + ' session')} recorded"


def _contingency_task(facts: dict[str, int], href: str) -> Task:
    total, current = facts["plans"], facts["current_plans"]
    if current:
        return task(CONTINGENCY, TaskStatus.COMPLETED, href, hint=plural(current, "current plan"))
    if total:
        return Task(
            title=CONTINGENCY,
            status="Review overdue",
            colour="red",
            href=href,
            hint=f"{plural(total, 'plan')} on record, every one past its review date",
        )
    return task(CONTINGENCY, TaskStatus.NOT_STARTED, href, hint="No plan on record")


def overview(context: OverviewContext) -> PhaseOverview:
    """The guidance's six items with what the service records of each, and, while the
    scheme recruits, what still stops it from running; while it is active, who is
    overdue for supervision. One query, two while recruiting, four while active."""
    scheme, today = context.scheme, context.today
    if scheme.status == SchemeStatus.PLANNING:
        return PhaseOverview(
            tasks=[task(item, TaskStatus.CANNOT_START, None) for item in CHECKLIST]
        )
    facts = _facts([scheme.pk], today)[scheme.pk]
    index = reverse("recruitment:index", args=[scheme.pk])
    people_href = index if context.may_see_people else None
    training = reverse("recruitment:training", args=[scheme.pk])
    supervision = reverse("recruitment:supervision", args=[scheme.pk])
    tasks = [
        _task(RECRUIT, _recruit_task(facts), people_href),
        _task(TRAIN, _train_task(facts), training),
        _task(PRACTICE, _sessions_task(facts["practice"], "practice"), training),
        _task(GROW, _grow_task(facts), people_href),
        _task(SUPERVISE, _sessions_task(facts["supervision"], "supervision"), supervision),
        _contingency_task(facts, reverse("recruitment:contingency", args=[scheme.pk])),
    ]
    notices: list[Notice] = []
    if scheme.status == SchemeStatus.RECRUITING:
        problems = rules.active_gate_problems(
            minimum=scheme.minimum_peer_supporters,
            signed_off=signed_off_counts([scheme.pk]).get(scheme.pk, 0),
            current_plans=facts["current_plans"],
        )
        if problems:
            notices.append(
                Notice(
                    "warning",
                    "Before the scheme can start running: "
                    + "; ".join(problem[0].lower() + problem[1:] for problem in problems)
                    + ".",
                    link=(index, "See recruitment"),
                )
            )
    if scheme.status == SchemeStatus.ACTIVE:
        # "Set up supervision for staff and peer supporters": who is overdue shows on
        # the scheme page (three queries), as it does on the dashboards.
        supervised = supervision_figures_many([scheme], today)[scheme.pk]
        overdue = []
        if supervised.overdue:
            overdue.append(
                f"{plural(supervised.overdue, 'peer supporter')} "
                f"{'is' if supervised.overdue == 1 else 'are'} overdue for supervision"
            )
        if supervised.staff_overdue:
            overdue.append("the scheme's staff are overdue for supervision")
        if overdue:
            sentence = " and ".join(overdue)
            notices.append(
                Notice(
                    "warning",
                    sentence[0].upper() + sentence[1:] + ".",
                    link=(supervision, "See supervision"),
                )
            )
    links = [
        (index, "Recruitment"),
        (reverse("recruitment:forecast", args=[scheme.pk]), "Turnover forecast"),
    ]
    return PhaseOverview(tasks=tasks, notices=notices, links=links)


# --- the gate -----------------------------------------------------------------------


def gate(scheme: Scheme, from_status: str, to_status: str) -> list[str]:
    """Recruiting → active only with the scheme's minimum of peer supporters active or
    on probation with every sign-off, and a current emergency and contingency plan. Two
    queries."""
    if (from_status, to_status) != (SchemeStatus.RECRUITING, SchemeStatus.ACTIVE):
        return []
    return rules.active_gate_problems(
        minimum=scheme.minimum_peer_supporters,
        signed_off=signed_off_counts([scheme]).get(scheme.pk, 0),
        current_plans=current_plan_counts([scheme], timezone.localdate()).get(scheme.pk, 0),
    )


# --- figures, evidence, what falls due ----------------------------------------------


def figures_many(schemes: Sequence[Scheme], day: date) -> dict[int, dict[str, Any]]:
    """HEADCOUNT: peer supporters active or on probation now; FORECAST_LOW: the
    forecast's lowest week within the next 8 weeks (the earliest, if several); the
    evaluation pack's TRAINING_HOURS by month. Three queries."""
    found: dict[int, dict[str, Any]] = {}
    hours = training_hours_many(schemes, day)
    for scheme_id, forecast in forecasts(schemes, day, targets=False).items():
        low = forecast.low_within(rules.LOW_POINT_HORIZON_WEEKS + 1)
        found[scheme_id] = {
            HEADCOUNT: forecast.headcount_now,
            FORECAST_LOW: (low.starts_on, low.count),
            **hours.get(scheme_id, {}),
        }
    return found


def figures(scheme: Scheme, day: date) -> dict[str, Any]:
    """``figures_many`` for one scheme."""
    return figures_many([scheme], day).get(scheme.pk, {})


def _recruit_evidence(facts: dict[str, int], href: str) -> Evidence:
    rounds, decided = facts["rounds"], facts["decided"]
    if facts["with_criteria"] and decided:
        words = (
            f"{plural(rounds, 'recruitment round')} with selection criteria; "
            f"{plural(decided, 'application')} decided"
        )
        return Evidence(RECRUIT, "met", words, href)
    if rounds or facts["application_count"]:
        words = (
            f"{plural(rounds, 'recruitment round')}, "
            f"{plural(decided, 'application')} decided so far"
        )
        return Evidence(RECRUIT, "partly met", words, href)
    return Evidence(RECRUIT, "not met", "No recruitment round recorded", href)


def _grow_evidence(facts: dict[str, int], href: str) -> Evidence:
    if facts["probation_used"]:
        words = (
            f"{plural(facts['probation_used'], 'peer supporter')} began with a probationary period"
        )
        return Evidence(GROW, "met", words, href)
    if facts["placement_count"]:
        words = f"{plural(facts['placement_count'], 'placement')}, none with a probationary period"
        return Evidence(GROW, "partly met", words, href)
    return Evidence(GROW, "not met", "No peer supporters recorded", href)


def _contingency_evidence(facts: dict[str, int], href: str) -> Evidence:
    if facts["current_plans"]:
        return Evidence(
            CONTINGENCY, "met", f"{plural(facts['current_plans'], 'current plan')} on record", href
        )
    if facts["plans"]:
        words = f"{plural(facts['plans'], 'plan')} on record, every one past its review date"
        return Evidence(CONTINGENCY, "partly met", words, href)
    return Evidence(CONTINGENCY, "not met", "No emergency and contingency plan", href)


def evidence_many(schemes: Sequence[Scheme], day: date) -> dict[int, list[Evidence]]:
    """The self-assessment of the phase's six items for each running scheme: recruiting
    transparently, growing steadily with a probationary period and contingency plans
    (one query), then training, practice and supervision (``implementation``, six)."""
    running = [scheme for scheme in schemes if scheme.status != SchemeStatus.PLANNING]
    if not running:
        return {}
    facts = _facts([scheme.pk for scheme in running], day)
    found: dict[int, list[Evidence]] = {}
    for scheme in running:
        index = reverse("recruitment:index", args=[scheme.pk])
        contingency = reverse("recruitment:contingency", args=[scheme.pk])
        known = facts[scheme.pk]
        found[scheme.pk] = [
            _recruit_evidence(known, index),
            _grow_evidence(known, index),
            _contingency_evidence(known, contingency),
        ]
    # All the schemes, as health has them, so their supervision is read once for both
    # within ``phases.one_reading()`` (implementation judges the running ones only).
    for scheme_id, judged in implementation.evidence_many(schemes, day).items():
        found[scheme_id].extend(judged)
    return found


def evidence(scheme: Scheme, day: date) -> Iterable[Evidence]:
    """``evidence_many`` for one scheme."""
    return evidence_many([scheme], day).get(scheme.pk, [])


def _members(prison_ids: set[int]) -> dict[tuple[int, str], list[int]]:
    """The coordinators and governors of these prisons, by (prison id, role). One query."""
    found: dict[tuple[int, str], list[int]] = {}
    for user_id, prison_id, role in Membership.objects.filter(
        role__in=[Role.COORDINATOR, Role.GOVERNOR], prison_id__in=prison_ids
    ).values_list("user_id", "prison_id", "role"):
        found.setdefault((prison_id, role), []).append(user_id)
    return found


def _probations_due(day: date) -> QuerySet[Placement]:
    return (
        Placement.objects.filter(status=PlacementStatus.PROBATION, probation_ends_on__lte=day)
        .exclude(scheme__status=SchemeStatus.CLOSED)
        .select_related("scheme")
        .order_by("probation_ends_on", "pk")
    )


def _plans_due(day: date) -> QuerySet[ContingencyPlan]:
    return (
        ContingencyPlan.objects.filter(next_review_on__lte=day)
        .exclude(scheme__status=SchemeStatus.CLOSED)
        .order_by("next_review_on", "pk")
    )


def _refusals_due(day: date) -> QuerySet[SuitabilityCheck]:
    """Suitability checks of live applications that did not clear the applicant and
    that no governor has overridden: a governor may override one (with a reason)."""
    return (
        SuitabilityCheck.objects.filter(
            outcome=CheckOutcome.NOT_CLEARED,
            overridden_at__isnull=True,
            checked_on__lte=day,
            application__status__in=LIVE_APPLICATION,
        )
        .exclude(application__scheme__status=SchemeStatus.CLOSED)
        .select_related("application__scheme")
        .order_by("checked_on", "pk")
    )


def _due(
    placements: QuerySet[Placement],
    plans: QuerySet[ContingencyPlan],
    refusals: QuerySet[SuitabilityCheck],
) -> Iterable[DueItem]:
    """Probation reviews (for the prison's coordinators), suitability refusals a
    governor might override (for the prison's governors) and contingency plan reviews
    (for the plan's owner). Four queries."""
    placements_list = list(placements)
    refusals_list = list(refusals)
    members = _members(
        {placement.scheme.prison_id for placement in placements_list}
        | {check.application.scheme.prison_id for check in refusals_list}
    )
    for placement in placements_list:
        assert placement.probation_ends_on is not None
        yield DueItem(
            kind="probation-review",
            record_id=placement.pk,
            scheme_id=placement.scheme_id,
            user_ids=tuple(sorted(members.get((placement.scheme.prison_id, Role.COORDINATOR), []))),
            due=placement.probation_ends_on,
            # No name: a reminder's title is also an email's subject line.
            title=f"Review a peer supporter's probation in {placement.scheme.name}",
            href=reverse("recruitment:index", args=[placement.scheme_id]),
        )
    for check in refusals_list:
        scheme = check.application.scheme
        yield DueItem(
            kind="suitability-refusal",
            record_id=check.pk,
            scheme_id=scheme.pk,
            user_ids=tuple(sorted(members.get((scheme.prison_id, Role.GOVERNOR), []))),
            due=check.checked_on,
            # No name here either: the suitability page says who applied.
            title=f"Decide whether to override a suitability refusal in {scheme.name}",
            href=reverse("recruitment:suitability", args=[scheme.pk, check.application_id]),
        )
    for plan in plans:
        yield DueItem(
            kind="contingency-review",
            record_id=plan.pk,
            scheme_id=plan.scheme_id,
            user_ids=(plan.owner_id,),
            due=plan.next_review_on,
            title=f"Test or review the contingency plan “{plan.title}”",
            href=reverse("recruitment:contingency-change", args=[plan.scheme_id, plan.pk]),
        )


def due(day: date) -> Iterable[DueItem]:
    """Probation reviews, suitability refusals to consider overriding and contingency
    plan reviews due on or before ``day``, estate-wide. Four queries."""
    return _due(_probations_due(day), _plans_due(day), _refusals_due(day))


def due_many(schemes: Sequence[Scheme], day: date) -> Iterable[DueItem]:
    """``due`` at these schemes only. Four queries."""
    ids = [scheme.pk for scheme in schemes]
    return _due(
        _probations_due(day).filter(scheme_id__in=ids),
        _plans_due(day).filter(scheme_id__in=ids),
        _refusals_due(day).filter(application__scheme_id__in=ids),
    )


# --- history and roster -------------------------------------------------------------


def history(scheme: Scheme) -> Iterable[HistoryEvent]:
    """Placements that started and ended, and rounds that opened. Two queries."""
    today = timezone.localdate()
    for placement in Placement.objects.filter(scheme=scheme).select_related(
        "prisoner", "created_by"
    ):
        yield HistoryEvent(
            title="Peer supporter placement started",
            at=placement.started_on,
            sort_key=(placement.started_on, placement.created_at),
            by=placement.created_by.display_name if placement.created_by else None,
            summary="A new peer supporter began",
            details=[("Peer supporter", placement.prisoner.full_name)],
        )
        if placement.status == PlacementStatus.LEFT and placement.left_on is not None:
            yield HistoryEvent(
                title="Peer supporter left",
                at=placement.left_on,
                sort_key=(placement.left_on, placement.updated_at),
                summary=f"Reason: {placement.get_leaving_reason_display()}",
                details=[
                    ("Peer supporter", placement.prisoner.full_name),
                    *([("Note", placement.leaving_note)] if placement.leaving_note else []),
                ],
            )
    for round_ in RecruitmentRound.objects.filter(
        scheme=scheme, opens_on__lte=today
    ).select_related("created_by"):
        yield HistoryEvent(
            title="Recruitment round opened",
            at=round_.opens_on,
            sort_key=(round_.opens_on, round_.created_at),
            by=round_.created_by.display_name if round_.created_by else None,
            summary=f"{round_.title}: {plural(round_.places, 'place')}, closing "
            f"{round_.closes_on:%-d %B %Y}",
        )


def roster(scheme: Scheme, day: date) -> list[PeerSupporter]:
    """The scheme's peer supporters on ``day``: placements begun by then and not yet
    ended (with their status today). One query."""
    placements = (
        Placement.objects.filter(scheme=scheme, started_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
        .select_related("prisoner")
        .order_by("prisoner__last_name", "prisoner__first_name", "pk")
    )
    return [
        PeerSupporter(
            id=placement.pk,
            name=placement.prisoner.full_name,
            prisoner_number=placement.prisoner.prison_number or "",
            wing=placement.prisoner.wing,
            status=placement.get_status_display().lower(),
        )
        for placement in placements
    ]


# --- a new scheme -------------------------------------------------------------------


def scheme_created(scheme: Scheme, by: User) -> None:
    """Its recruitment settings, the parties that sign off a new peer supporter, by the
    kind of scheme (Listeners: security, safer custody and the Samaritans), and its
    training modules: the guidance's core skills and the scheme's own course."""
    RecruitmentSettings.objects.create(scheme=scheme)
    names = DEFAULT_PARTIES.get(scheme.scheme_type, DEFAULT_PARTIES_OTHERWISE)
    SignOffParty.objects.bulk_create([SignOffParty(scheme=scheme, name=name) for name in names])
    TrainingModule.objects.bulk_create(default_modules(scheme))


def health_many(schemes: Sequence[Scheme], day: date) -> dict[int, list[HealthSignal]]:
    """Supervision overdue and cover short, for active schemes (``implementation``).
    Headcount and the forecast are figures: the dashboards rate them."""
    return implementation.health_many(schemes, day)


def health(scheme: Scheme, day: date) -> Iterable[HealthSignal]:
    """``health_many`` for one scheme."""
    return health_many([scheme], day).get(scheme.pk, [])


RECRUITMENT = Phase(
    number=2,
    slug="recruitment",
    title="Recruitment and implementation",
    summary="Give the scheme time to embed itself",
    checklist=CHECKLIST,
    nav=("Recruitment", "recruitment:index"),
    overview=overview,
    gate=gate,
    history=history,
    due=due,
    scheme_created=scheme_created,
    roster=roster,
    evidence=evidence,
    figures=figures,
    evidence_many=evidence_many,
    figures_many=figures_many,
    figure_names=(HEADCOUNT, FORECAST_LOW, TRAINING_HOURS),
    health=health,
    health_many=health_many,
    due_many=due_many,
    composition=composition,
    composition_many=composition_many,
)
