"""Planning as the registry sees it: phase 1 of the guidance, "Planning and development".

Registered in PlanningConfig.ready(). Shows the seven questions and submission on the
overview, says why the plan blocks the launch (the governor's approval), adds the
plan's submissions and decisions to the history, tells governors which plans await
their decision, and works out the SMART objectives' status for monitoring's overview.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from django.db.models import Case, CharField, F, Max, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone

from accounts.access import Permission, can
from accounts.models import Membership, Role, User
from schemes.models import Scheme, SchemeStatus
from schemes.overview import task
from schemes.phases import (
    OBJECTIVES,
    DueItem,
    Evidence,
    HealthSignal,
    HistoryEvent,
    ListColumn,
    Notice,
    ObjectivesFigure,
    OverviewContext,
    Phase,
    PhaseOverview,
    Task,
    moment_key,
)

from . import rules
from .models import Plan, PlanApproval, PlanDecision, PlanDecisionKind, PlanSubmission, PlanTask
from .selectors import get_plan, plan_counts, plan_counts_many
from .services import launch_gate, plan_create

# A plan that waits longer than this for a governor makes the scheme amber.
DECISION_WAIT = timedelta(days=14)


def overview(context: OverviewContext) -> PhaseOverview:
    """The checklist's tasks, the submission, and the banners about the plan. Three
    queries: the plan, its counts, its latest decision."""
    scheme, user = context.scheme, context.user
    plan = get_plan(scheme)
    counts = plan_counts(plan, context.today)
    editable = context.may_change and rules.plan_is_editable(plan)
    may_approve = can(user, Permission.APPROVE, scheme.prison_id)

    # The latest decision, for the approved plan's task and the returned plan's banner.
    decision = (
        plan.decisions.select_related("decided_by").first()
        if plan.approval in (PlanApproval.APPROVED, PlanApproval.RETURNED)
        else None
    )
    tasks: list[Task] = []
    for plan_task in PlanTask:
        if editable:
            href: str | None = reverse("planning:task", args=[scheme.pk, plan_task.value])
        elif context.may_see_people:
            href = reverse("planning:answers", args=[scheme.pk, plan_task.value])
        else:
            href = None
        tasks.append(task(plan_task.label, rules.task_status(plan, plan_task, counts), href))

    if plan.approval == PlanApproval.APPROVED or plan.is_amendment:
        submit_status, submit_href = rules.TaskStatus.COMPLETED, None
    elif plan.approval == PlanApproval.SUBMITTED:
        submit_status = rules.TaskStatus.IN_PROGRESS
        submit_href = reverse("planning:decision", args=[scheme.pk]) if may_approve else None
    elif rules.incomplete_tasks(plan):
        submit_status, submit_href = rules.TaskStatus.CANNOT_START, None
    else:
        submit_status = rules.TaskStatus.NOT_STARTED
        submit_href = reverse("planning:check", args=[scheme.pk]) if editable else None
    hint = "A governor of the prison approves the plan before recruitment starts"
    if plan.approval == PlanApproval.APPROVED and decision is not None:
        who = decision.decided_by if context.may_see_people else None
        hint = (
            f"Approved{f' by {who.display_name}' if who else ''} on {decision.decided_at:%-d %B %Y}"
        )
    tasks.append(
        task("Submit the plan to a governor for approval", submit_status, submit_href, hint=hint)
    )

    context.shared[OBJECTIVES] = ObjectivesFigure(
        count=counts.objectives,
        status=rules.task_status(plan, PlanTask.IMPACT, counts).value,
        colour=rules.TASK_STATUS_TAG_COLOURS[rules.task_status(plan, PlanTask.IMPACT, counts)],
        href=reverse("planning:task", args=[scheme.pk, PlanTask.IMPACT.value])
        if editable
        else None,
    )

    notices: list[Notice] = []
    if plan.approval == PlanApproval.SUBMITTED and may_approve:
        notices.append(
            Notice(
                "banner",
                "This plan is waiting for your approval.",
                link=(reverse("planning:decision", args=[scheme.pk]), "Approve or return the plan"),
            )
        )
    if plan.is_amendment:
        state = rules.plan_state_label(plan.approval, plan.approved_version)
        notices.append(
            Notice(
                "banner",
                f"{state}: approved version {plan.approved_version} of the plan stays in "
                "force until a governor approves the amendment.",
                link=(reverse("planning:index", args=[scheme.pk]), "Go to the planning checklist"),
            )
        )
    elif plan.approval == PlanApproval.RETURNED and context.may_see_people and decision is not None:
        notices.append(
            Notice(
                "banner",
                f"A governor returned the plan on {decision.decided_at:%-d %B %Y}.",
                body=decision.reason,
            )
        )
    links = (
        [(reverse("planning:print", args=[scheme.pk]), "Print the plan")]
        if context.may_see_people
        else []
    )
    if (
        context.may_change
        and plan.approval == PlanApproval.APPROVED
        and not rules.amendment_problems(plan, scheme.status)
    ):
        links.append((reverse("planning:amend", args=[scheme.pk]), "Amend the plan"))
    return PhaseOverview(tasks=tasks, notices=notices, links=links)


def history(scheme: Scheme) -> Iterable[HistoryEvent]:
    """Every submission of the plan and every decision on it, each approved version
    with a link to print it. Two queries."""
    for submission in PlanSubmission.objects.filter(plan__scheme=scheme).select_related(
        "submitted_by"
    ):
        amendment = submission.amends_version > 0
        yield HistoryEvent(
            title=f"{'Amendment' if amendment else 'Plan'} submitted for approval",
            at=submission.submitted_at,
            sort_key=moment_key(submission.submitted_at),
            by=submission.submitted_by.display_name if submission.submitted_by else None,
            summary=(
                f"An amendment of approved version {submission.amends_version}, sent to "
                "the prison's governors"
                if amendment
                else "Sent to the prison's governors"
            ),
        )
    for decision in PlanDecision.objects.filter(plan__scheme=scheme).select_related("decided_by"):
        returned = decision.decision == PlanDecisionKind.RETURNED
        amendment = decision.version_number is not None and decision.version_number > 1
        if returned:
            title, summary = (
                "Plan returned",
                "The governor returned the plan to the coordinator with a reason",
            )
        elif decision.version_number is not None:
            title = f"Plan approved: version {decision.version_number}"
            summary = (
                f"The governor approved the amendment: version {decision.version_number} "
                "replaces the one before"
                if amendment
                else "The governor approved the plan"
            )
        else:
            title, summary = "Plan approved", "The governor approved the plan"
        yield HistoryEvent(
            title=title,
            at=decision.decided_at,
            sort_key=moment_key(decision.decided_at),
            by=decision.decided_by.display_name if decision.decided_by else None,
            summary=summary,
            details=[("Reason", decision.reason)] if returned else [],
            link=(
                reverse("planning:version", args=[scheme.pk, decision.version_number]),
                f"View and print version {decision.version_number}",
            )
            if decision.version_number is not None
            else None,
        )


def _due(plans: Iterable[Plan]) -> Iterable[DueItem]:
    """Each submitted plan as a decision due for the governors of its prison. One query."""
    plans = list(plans)
    governors: dict[int, list[int]] = {}
    for user_id, prison_id in Membership.objects.filter(
        role=Role.GOVERNOR, prison_id__in={plan.scheme.prison_id for plan in plans}
    ).values_list("user_id", "prison_id"):
        governors.setdefault(prison_id, []).append(user_id)
    for plan in plans:
        assert plan.submitted_at is not None
        yield DueItem(
            kind="plan-decision",
            record_id=plan.pk,
            scheme_id=plan.scheme_id,
            user_ids=tuple(sorted(governors.get(plan.scheme.prison_id, []))),
            due=timezone.localdate(plan.submitted_at),
            title=f"Approve or return the plan for {plan.scheme.name}",
            href=reverse("planning:decision", args=[plan.scheme_id]),
        )


def _submitted_by(day: date) -> QuerySet[Plan]:
    return (
        Plan.objects.filter(approval=PlanApproval.SUBMITTED, submitted_at__date__lte=day)
        .exclude(scheme__status=SchemeStatus.CLOSED)  # a closed scheme's plan waits for nobody
        .order_by("submitted_at", "pk")
    )


def _returned_by(day: date) -> QuerySet[Plan]:
    return (
        Plan.objects.filter(approval=PlanApproval.RETURNED, scheme__coordinator__isnull=False)
        .exclude(scheme__status=SchemeStatus.CLOSED)
        .annotate(returned_at=Max("decisions__decided_at"))
        .filter(returned_at__date__lte=day)
        .order_by("pk")
    )


def _returned(plans: Iterable[Plan]) -> Iterable[DueItem]:
    """Plans a governor returned, for the scheme's coordinator to revise and submit
    again, from the day of the return."""
    for plan in plans:
        assert plan.scheme.coordinator_id is not None
        yield DueItem(
            kind="plan-returned",
            record_id=plan.pk,
            scheme_id=plan.scheme_id,
            user_ids=(plan.scheme.coordinator_id,),
            due=timezone.localdate(plan.returned_at),  # type: ignore[attr-defined]
            title=f"Revise the plan for {plan.scheme.name} and submit it again",
            href=reverse("planning:index", args=[plan.scheme_id]),
        )


def due(day: date) -> Iterable[DueItem]:
    """Plans awaiting a decision (for the governors of their prison) and plans returned
    (for the coordinator to revise). Three queries, estate-wide."""
    yield from _due(_submitted_by(day).select_related("scheme"))
    yield from _returned(_returned_by(day).select_related("scheme"))


def due_many(schemes: Sequence[Scheme], day: date) -> Iterable[DueItem]:
    """``due`` at these schemes only. Three queries."""
    by_id = {scheme.pk: scheme for scheme in schemes}
    submitted = list(_submitted_by(day).filter(scheme_id__in=by_id))
    returned = list(_returned_by(day).filter(scheme_id__in=by_id))
    for plan in submitted + returned:
        plan.scheme = by_id[plan.scheme_id]
    yield from _due(submitted)
    yield from _returned(returned)


def health_many(schemes: Sequence[Scheme], today: date) -> dict[int, list[HealthSignal]]:
    """A plan left with the governors, or returned and not yet resubmitted. One query."""
    signals: dict[int, list[HealthSignal]] = {}
    # Plain values, not Plan instances: the national dashboard asks for 800.
    plans = Plan.objects.filter(scheme_id__in=[scheme.pk for scheme in schemes]).values_list(
        "scheme_id", "approval", "submitted_at"
    )
    for scheme_id, approval, submitted_at in plans:
        found = signals.setdefault(scheme_id, [])
        if approval == PlanApproval.SUBMITTED and submitted_at is not None:
            waited = today - timezone.localdate(submitted_at)
            if waited > DECISION_WAIT:
                found.append(
                    HealthSignal("amber", f"The plan has waited {waited.days} days for a decision")
                )
        if approval == PlanApproval.RETURNED:
            found.append(
                HealthSignal("amber", "The plan was returned and has not been resubmitted")
            )
    return signals


def health(scheme: Scheme, today: date) -> Iterable[HealthSignal]:
    """``health_many`` for one scheme."""
    return health_many([scheme], today).get(scheme.pk, [])


def evidence_many(schemes: Sequence[Scheme], day: date) -> dict[int, list[Evidence]]:
    """The self-assessment of the seven planning items, from each scheme's plan: met
    when the task is complete, partly met when started, not met before. Three queries."""
    by_id = {scheme.pk: scheme for scheme in schemes}
    plans = list(Plan.objects.filter(scheme_id__in=by_id))
    counts = plan_counts_many(plans, day)
    found: dict[int, list[Evidence]] = {}
    for plan in plans:
        scheme = by_id[plan.scheme_id]
        href = reverse("planning:index", args=[scheme.pk])
        items = found.setdefault(scheme.pk, [])
        for plan_task in PlanTask:
            rating, words = rules.task_evidence(
                plan,
                plan_task,
                counts[plan.pk],
                review_cadence_months=scheme.review_cadence_months,
            )
            items.append(Evidence(plan_task.label, rating, words, href))
    return found


def evidence(scheme: Scheme, day: date) -> Iterable[Evidence]:
    """``evidence_many`` for one scheme."""
    return evidence_many([scheme], day).get(scheme.pk, [])


# --- the scheme list's plan status column ------------------------------------------------

_AMENDMENT = Q(plan__approved_version__gt=0)


def _plan_state_annotation() -> Case:
    """The plan's state as the list shows it, worked out in the list's own query."""
    return Case(
        When(_AMENDMENT & Q(plan__approval=PlanApproval.DRAFT), then=Value("amending")),
        When(
            _AMENDMENT & Q(plan__approval=PlanApproval.SUBMITTED),
            then=Value("amendment-submitted"),
        ),
        When(
            _AMENDMENT & Q(plan__approval=PlanApproval.RETURNED), then=Value("amendment-returned")
        ),
        default=F("plan__approval"),
        output_field=CharField(),
    )


def _plan_state_filter(value: str) -> Q:
    """The schemes whose plan is in the chosen state. An amendment awaiting approval is
    both awaiting approval and an amendment in progress; so is a returned one."""
    if value == rules.PlanState.DRAFT:
        return Q(plan__approval=PlanApproval.DRAFT, plan__approved_version=0)
    if value == rules.PlanState.AMENDING:
        return _AMENDMENT & ~Q(plan__approval=PlanApproval.APPROVED)
    return Q(plan__approval=value)


def _plan_state_cell(value: str | None) -> tuple[str, str]:
    """The annotated state in words, with its tag colour."""
    if value is None:  # a scheme with no plan cannot exist, but the list must not fail
        return "No plan", "grey"
    amendment = value == "amending" or value.startswith("amendment-")
    approval = PlanApproval.DRAFT if value == "amending" else value.removeprefix("amendment-")
    approved_version = 1 if amendment else 0
    return (
        rules.plan_state_label(approval, approved_version),
        rules.PLAN_STATE_COLOURS[rules.plan_state(approval, approved_version)],
    )


PLAN_STATUS_COLUMN = ListColumn(
    key="plan",
    label="Plan status",
    empty_label="All plan statuses",
    choices=tuple((state.value, rules.PLAN_STATE_LABELS[state]) for state in rules.PlanState),
    annotation=_plan_state_annotation,
    filter=_plan_state_filter,
    cell=_plan_state_cell,
)


def _create_plan(scheme: Scheme, by: User) -> None:
    plan_create(scheme=scheme, by=by)


PLANNING = Phase(
    number=1,
    slug="planning",
    title="Planning and development",
    summary="Challenge yourself and your plan for the scheme",
    checklist=tuple(plan_task.label for plan_task in PlanTask),
    nav=("Planning", "planning:index"),
    overview=overview,
    gate=launch_gate,
    history=history,
    due=due,
    health=health,
    scheme_created=_create_plan,
    list_columns=(PLAN_STATUS_COLUMN,),
    evidence=evidence,
    health_many=health_many,
    evidence_many=evidence_many,
    due_many=due_many,
)
