"""The planning and maintenance rules, as plain functions of plain values.

No database access here: callers pass what the rule needs, so every rule is unit
tested on its own (tests/schemes/test_rules.py) and the views, services and task
list all agree.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from .models import Pay, Plan, PlanApproval, PlanTask, SchemeStatus

# --- the planning checklist ----------------------------------------------------------


class TaskStatus(StrEnum):
    """A task's status on the GOV.UK task list."""

    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    COMPLETED = "Completed"
    CANNOT_START = "Cannot start yet"


# GOV.UK task list: "Not started" and "In progress" are tags; "Completed" and "Cannot
# start yet" are plain text (the latter in grey, by the task list's own class).
TASK_STATUS_TAG_COLOURS: dict[TaskStatus, str] = {
    TaskStatus.NOT_STARTED: "blue",
    TaskStatus.IN_PROGRESS: "light-blue",
    TaskStatus.COMPLETED: "",
    TaskStatus.CANNOT_START: "",
}


# The answers each task needs before it can be marked complete, with the message the
# task page shows while one is empty.
REQUIRED_ANSWERS: dict[str, list[tuple[str, str]]] = {
    PlanTask.NEED: [
        ("need", "Say why the scheme is needed"),
        ("need_evidence", "Give the evidence of the need"),
        ("intended_outcomes", "Say what the scheme needs to do"),
    ],
    PlanTask.TARGET_GROUP: [
        ("target_group_who", "Say who the scheme is for"),
        ("target_group_size", "Estimate how many people are in the target group"),
        ("target_group_needs", "Describe the target group's needs"),
    ],
    PlanTask.AVAILABILITY: [
        ("available_days", "Choose the days the service is available"),
        ("available_hours", "Give the hours the service is available"),
        ("locations", "Say where the service is available"),
        ("access_routes", "Choose how prisoners ask for the service"),
    ],
    PlanTask.PEER_SUPPORTERS: [
        ("selection_route", "Say how peer supporters will be recruited"),
        ("training_provider", "Say who will train the peer supporters"),
        ("training_hours", "Give the hours of training"),
        ("supervision_frequency", "Choose how often peer supporters are supervised"),
        ("pay", "Say whether peer supporters are paid"),
    ],
    PlanTask.RESOURCES: [],
    PlanTask.STAKEHOLDERS: [],
    PlanTask.IMPACT: [
        ("impact_evidence", "Say which management information and feedback you will use"),
    ],
}


@dataclass(frozen=True)
class PlanCounts:
    """The plan's list records, counted by the caller (one query each)."""

    resources: int = 0
    stakeholders: int = 0
    objectives: int = 0
    objectives_not_smart: int = 0


def _is_empty(value: object) -> bool:
    return value is None or value == "" or value == []


def missing_parts(
    plan: Plan, task: str, counts: PlanCounts, *, review_cadence_months: int | None
) -> list[str]:
    """What must still be answered before ``task`` can be marked complete."""
    missing = [
        message for field, message in REQUIRED_ANSWERS[task] if _is_empty(getattr(plan, field))
    ]
    if task == PlanTask.PEER_SUPPORTERS and plan.pay == Pay.PAID and not plan.pay_band:
        missing.append("Give the pay band")
    if task == PlanTask.RESOURCES and counts.resources == 0:
        missing.append("Add at least one resource")
    if task == PlanTask.STAKEHOLDERS and counts.stakeholders == 0:
        missing.append("Add at least one stakeholder")
    if task == PlanTask.IMPACT:
        if counts.objectives == 0:
            missing.append("Add at least one SMART objective")
        if counts.objectives_not_smart:
            missing.append("Change the objectives that are not SMART")
        if review_cadence_months is None:
            missing.append("Choose how often the scheme will be reviewed")
    return missing


def has_answers(plan: Plan, task: str, counts: PlanCounts) -> bool:
    """Whether anything has been entered for the task yet."""
    if task == PlanTask.RESOURCES:
        return counts.resources > 0
    if task == PlanTask.STAKEHOLDERS:
        return counts.stakeholders > 0
    fields = [field for field, _ in REQUIRED_ANSWERS[task]]
    if task == PlanTask.IMPACT and counts.objectives:
        return True
    return any(not _is_empty(getattr(plan, field)) for field in fields)


def task_status(plan: Plan, task: str, counts: PlanCounts) -> TaskStatus:
    if plan.is_complete(task):
        return TaskStatus.COMPLETED
    if has_answers(plan, task, counts):
        return TaskStatus.IN_PROGRESS
    return TaskStatus.NOT_STARTED


def plan_is_editable(plan: Plan) -> bool:
    """A plan can change until it is submitted; a returned plan can change again."""
    return plan.approval in (PlanApproval.DRAFT, PlanApproval.RETURNED)


def incomplete_tasks(plan: Plan) -> list[str]:
    return [task for task in PlanTask.values if not plan.is_complete(task)]


def submission_problems(plan: Plan) -> list[str]:
    """Why the plan cannot be submitted for approval (empty: it can)."""
    problems = [f"Complete “{PlanTask(task).label}”" for task in incomplete_tasks(plan)]
    if plan.approval == PlanApproval.SUBMITTED:
        problems.append("The plan is already waiting for a governor's approval")
    if plan.approval == PlanApproval.APPROVED:
        problems.append("The plan has already been approved")
    return problems


def approval_problems(plan: Plan, scheme_status: str) -> list[str]:
    """Launch gate: why a governor cannot approve the plan now (empty: they can)."""
    problems: list[str] = []
    if plan.approval != PlanApproval.SUBMITTED:
        problems.append("Only a plan submitted for approval can be approved or returned")
    if scheme_status != SchemeStatus.PLANNING:
        problems.append("The scheme is no longer in planning")
    problems += [f"“{PlanTask(task).label}” is not complete" for task in incomplete_tasks(plan)]
    return problems


# --- SMART objectives ----------------------------------------------------------------

# An achievable target moves the indicator by at most this factor either way: a 90%
# cut or a fivefold rise. Beyond that the form asks the coordinator to think again.
MOST_REDUCTION = Decimal("0.1")
MOST_INCREASE = Decimal("5")
LONGEST_DEADLINE = timedelta(days=3 * 366)
VAGUE_INDICATORS = {"improve", "improvement", "better", "more", "less", "impact", "outcomes"}


def smart_problems(
    *,
    indicator: str,
    relevance: str,
    baseline: Decimal | None,
    target: Decimal | None,
    deadline: date | None,
    scheme_need: str,
    today: date,
) -> dict[str, str]:
    """Which parts of SMART an objective fails, as {part: message}.

    Parts: specific (a named indicator), measurable (numeric baseline and target that
    differ), achievable (target within a sane range of the baseline), relevant (linked
    to the scheme's stated need), time-bound (a deadline in the next three years).
    """
    problems: dict[str, str] = {}
    words = [word.strip(".,").lower() for word in indicator.split()]
    if len(words) < 2 or set(words) <= VAGUE_INDICATORS:
        problems["specific"] = (
            "Specific: name what you will measure, like “self-harm incidents a month on A wing”"
        )
    if baseline is None or target is None:
        problems["measurable"] = "Measurable: give a number for the baseline and for the target"
    elif baseline == target:
        problems["measurable"] = "Measurable: the target must be different from the baseline"
    if baseline is not None and target is not None:
        if baseline < 0 or target < 0:
            problems["achievable"] = "Achievable: the baseline and target cannot be negative"
        elif baseline > 0 and not (baseline * MOST_REDUCTION <= target <= baseline * MOST_INCREASE):
            problems["achievable"] = (
                "Achievable: set a target between a 90% fall and a fivefold rise from the baseline"
            )
    if not scheme_need.strip():
        problems["relevant"] = (
            "Relevant: first answer “Why do you need it and what do you need it to do?” "
            "so the objective can link to the need"
        )
    elif not relevance.strip():
        problems["relevant"] = "Relevant: say how this objective shows the scheme meets its need"
    if deadline is None:
        problems["time-bound"] = "Time-bound: give a deadline"
    elif deadline <= today:
        problems["time-bound"] = "Time-bound: the deadline must be in the future"
    elif deadline > today + LONGEST_DEADLINE:
        problems["time-bound"] = "Time-bound: set a deadline within the next 3 years"
    return problems


# --- reviews -------------------------------------------------------------------------

DUE_SOON = timedelta(days=14)


class DueState(StrEnum):
    OVERDUE = "Overdue"
    DUE_SOON = "Due soon"
    SCHEDULED = "Scheduled"
    DONE = "Done"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_review_due(
    *, cadence_months: int | None, last_review_on: date | None, launched_on: date | None
) -> date | None:
    """When the next review meeting is due: a cadence after the last one, or after launch."""
    if cadence_months is None:
        return None
    since = last_review_on or launched_on
    return None if since is None else add_months(since, cadence_months)


def due_state(due: date | None, today: date, *, done: bool = False) -> DueState | None:
    """The GOV.UK tag for something due: Overdue (red), Due soon (yellow), Done (green)."""
    if done:
        return DueState.DONE
    if due is None:
        return None
    if due < today:
        return DueState.OVERDUE
    if due <= today + DUE_SOON:
        return DueState.DUE_SOON
    return DueState.SCHEDULED


DUE_STATE_TAG_COLOURS = {
    DueState.OVERDUE: "red",
    DueState.DUE_SOON: "yellow",
    DueState.SCHEDULED: "blue",
    DueState.DONE: "green",
}
