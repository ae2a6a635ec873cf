"""The scheme page's overview: the guidance's four phases as a GOV.UK task list.

Each phase lists its tasks in the guidance's words, with a status and, where the user
may act on it, a link. Phases whose tasks live in later parts of the service list the
guidance's checklist, so a coordinator is reminded of every item from the start.
A fixed number of queries, whatever the size of the plan or the number of actions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Max, Q
from django.urls import reverse

from accounts.access import Action as Permission
from accounts.access import AnyUser, can
from accounts.models import User

from . import rules
from .models import (
    Action,
    ActionStatus,
    Plan,
    PlanApproval,
    PlanDecision,
    PlanTask,
    Scheme,
    SchemeStatus,
)
from .rules import TaskStatus
from .selectors import get_plan, plan_counts


@dataclass(frozen=True)
class Task:
    title: str
    status: str
    colour: str = ""
    href: str | None = None
    hint: str = ""


@dataclass(frozen=True)
class Phase:
    title: str
    summary: str
    tasks: list[Task] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Overview:
    plan: Plan
    phases: list[Phase]
    review_due: ReviewDue
    open_actions: int
    overdue_actions: int
    latest_decision: PlanDecision | None


# The guidance's checklists for the phases whose records later parts of the service
# hold, quoted as the guidance words them.
RECRUITMENT_CHECKLIST = [
    "Recruit transparently; consider individual suitability; and turnover of peer "
    "supporters (sentence length)",
    "Train peer supporters with core skills – communication, problem solving, and "
    "specific needs of the scheme",
    "Allow time for practice",
    "Grow the scheme steadily: consider a probationary period and advertise to users.",
    "Set up supervision for staff and peer supporters",
    "Have emergency and contingency plans in place",
]
MONITORING_CHECKLIST = [
    "remain vigilant for possible risks to the scheme - for example, signs of negative "
    "attitudes to peer supporters or participants, preferential treatment by staff, or "
    "misuse of confidential information",
    "monitor attitudes towards prisoners using the scheme",
    "monitor attitudes towards the peer supporters",
    "monitor risks to confidentiality of personal information about users of the schemes",
    "evaluate – has it worked as intended?",
    "ensure it runs long enough to achieve what it sets out to do",
    "use management information or feedback",
    "consider formal evaluation and adjust design and delivery according to findings",
]


# --- tags and due dates, shared with the maintenance pages ------------------------------


@dataclass(frozen=True)
class Tag:
    """A GOV.UK tag: its words and its colour (govuk-tag--<colour>)."""

    text: str
    colour: str


def action_tag(action: Action, today: date) -> Tag:
    """Overdue (red), Due soon (yellow), Done (green), otherwise To do (blue)."""
    state = rules.due_state(action.due_date, today, done=action.status == ActionStatus.DONE)
    assert state is not None  # an action always has a due date
    text = ActionStatus.OPEN.label if state == rules.DueState.SCHEDULED else str(state)
    return Tag(text, rules.DUE_STATE_TAG_COLOURS[state])


@dataclass(frozen=True)
class ActionRow:
    action: Action
    tag: Tag
    can_change: bool


def action_rows(actions: Any, user: User, today: date) -> list[ActionRow]:
    """The actions as table rows. No queries beyond the actions' own (roles are cached)."""
    return [
        ActionRow(
            action=action,
            tag=action_tag(action, today),
            can_change=can(user, Permission.CHANGE, action.scheme.prison_id),
        )
        for action in actions
    ]


@dataclass(frozen=True)
class ReviewDue:
    """When the next review meeting is due, or why none is due yet."""

    due: date | None
    tag: Tag | None
    why_none: str = ""

    @property
    def overdue(self) -> bool:
        return self.tag is not None and self.tag.text == rules.DueState.OVERDUE


def review_due(scheme: Scheme, last_review_on: date | None, today: date) -> ReviewDue:
    if scheme.status == SchemeStatus.CLOSED:
        return ReviewDue(None, None, "No more reviews are due: the scheme is closed.")
    if scheme.review_cadence_months is None:
        return ReviewDue(
            None, None, "Not set yet: the plan says how often the scheme will be reviewed."
        )
    due = rules.next_review_due(
        cadence_months=scheme.review_cadence_months,
        last_review_on=last_review_on,
        launched_on=scheme.launched_on,
    )
    if due is None:
        return ReviewDue(
            None,
            None,
            f"The first review is due {_months(scheme.review_cadence_months)} after a "
            "governor approves the plan.",
        )
    state = rules.due_state(due, today)
    assert state is not None
    return ReviewDue(due, Tag(str(state), rules.DUE_STATE_TAG_COLOURS[state]))


def _months(count: int) -> str:
    return "1 month" if count == 1 else f"{count} months"


def _task(title: str, status: TaskStatus, href: str | None, hint: str = "") -> Task:
    return Task(
        title=title,
        status=status.value,
        colour=rules.TASK_STATUS_TAG_COLOURS[status],
        href=href,
        hint=hint,
    )


def scheme_overview(scheme: Scheme, user: AnyUser, today: date) -> Overview:
    """Everything the scheme page shows about the four phases."""
    plan = get_plan(scheme)
    counts = plan_counts(plan, today)
    may_change = can(user, Permission.CHANGE, scheme.prison_id)
    may_see_people = can(user, Permission.VIEW_PERSONAL, scheme.prison_id)
    editable = may_change and rules.plan_is_editable(plan)
    launched = scheme.status != SchemeStatus.PLANNING

    planning_tasks = []
    for task in PlanTask:
        status = rules.task_status(plan, task, counts)
        href = reverse("schemes:plan-task", args=[scheme.pk, task.value]) if editable else None
        planning_tasks.append(_task(task.label, status, href))

    if plan.approval == PlanApproval.APPROVED:
        submit_status, submit_href = TaskStatus.COMPLETED, None
    elif plan.approval == PlanApproval.SUBMITTED:
        submit_status = TaskStatus.IN_PROGRESS
        submit_href = (
            reverse("schemes:plan-decision", args=[scheme.pk])
            if can(user, Permission.APPROVE, scheme.prison_id)
            else None
        )
    elif rules.incomplete_tasks(plan):
        submit_status, submit_href = TaskStatus.CANNOT_START, None
    else:
        submit_status = TaskStatus.NOT_STARTED
        submit_href = reverse("schemes:plan-check", args=[scheme.pk]) if editable else None
    planning_tasks.append(
        _task(
            "Submit the plan to a governor for approval",
            submit_status,
            submit_href,
            hint="A governor of the prison approves the plan before recruitment starts",
        )
    )

    actions = scheme.actions.aggregate(
        open=Count("id", filter=Q(status=ActionStatus.OPEN)),
        overdue=Count("id", filter=Q(status=ActionStatus.OPEN, due_date__lt=today)),
    )
    last_review = scheme.reviews.aggregate(last=Max("held_on"))["last"]
    due = review_due(scheme, last_review, today)
    maintenance_href = reverse("schemes:maintenance", args=[scheme.pk]) if may_see_people else None
    cadence = scheme.review_cadence_months
    review_title = (
        f"Review the scheme every {_months(cadence)}" if cadence else "Review the scheme regularly"
    )
    if not launched:
        review_task = _task(review_title, TaskStatus.CANNOT_START, None, hint=due.why_none)
    else:
        review_task = Task(
            title=review_title,
            status=due.tag.text if due.tag else "No date yet",
            colour=due.tag.colour if due.tag else "grey",
            href=maintenance_href,
            hint=f"Next review due {due.due:%-d %B %Y}" if due.due else due.why_none,
        )
    actions_task = Task(
        title="Actions from reviews and decisions",
        status=f"{actions['overdue']} overdue"
        if actions["overdue"]
        else f"{actions['open']} to do",
        colour="red" if actions["overdue"] else ("" if not actions["open"] else "blue"),
        href=maintenance_href,
    )

    impact_href = reverse("schemes:plan-task", args=[scheme.pk, PlanTask.IMPACT.value])
    objectives = counts.objectives
    objectives_task = _task(
        "Ensure objectives are SMART",
        rules.task_status(plan, PlanTask.IMPACT, counts),
        impact_href if editable else None,
        hint=f"{objectives} objective{'s' if objectives != 1 else ''} set in planning",
    )

    phases = [
        Phase(
            title="Planning and development",
            summary="Challenge yourself and your plan for the scheme",
            tasks=planning_tasks,
        ),
        Phase(
            title="Recruitment and implementation",
            summary="Give the scheme time to embed itself",
            tasks=[_task(item, TaskStatus.CANNOT_START, None) for item in RECRUITMENT_CHECKLIST]
            if not launched
            else [],
            reminders=RECRUITMENT_CHECKLIST if launched else [],
        ),
        Phase(
            title="Maintain, support and resource the scheme",
            summary=(
                "Check ongoing communication routes / training / support for peer supporters "
                "and staff. Plan future recruitment, resources and need. Involve staff and peer "
                "supporters and stakeholders in ongoing development."
            ),
            tasks=[review_task, actions_task],
        ),
        Phase(
            title="Monitoring and evaluation",
            summary="Understand if it is working, and adjust",
            tasks=[objectives_task],
            reminders=MONITORING_CHECKLIST,
        ),
    ]
    latest_decision = plan.decisions.select_related("decided_by").first()
    return Overview(
        plan=plan,
        phases=phases,
        review_due=due,
        open_actions=actions["open"],
        overdue_actions=actions["overdue"],
        latest_decision=latest_decision,
    )
