"""The planning rules, as plain functions of plain values: what each task needs, its
status, whether the plan can change, and the launch gate.

No database access here: callers pass what the rule needs (tests/planning/test_rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from peersupport.words import plural
from schemes.models import SchemeStatus

# The shared rules planning applies, re-exported so planning's code reads one module.
from schemes.rules import TASK_STATUS_TAG_COLOURS as TASK_STATUS_TAG_COLOURS
from schemes.rules import TaskStatus as TaskStatus
from schemes.rules import smart_problems as smart_problems

from .models import Pay, Plan, PlanApproval, PlanTask

# Which plan fields each task's form writes (the resources and stakeholders tasks are
# lists of records; the impact task also has its SMART objectives).
TASK_FIELDS: dict[str, tuple[str, ...]] = {
    PlanTask.NEED: ("need", "need_evidence", "intended_outcomes"),
    PlanTask.TARGET_GROUP: ("target_group_who", "target_group_size", "target_group_needs"),
    PlanTask.AVAILABILITY: ("available_days", "available_hours", "locations", "access_routes"),
    PlanTask.PEER_SUPPORTERS: (
        "selection_route",
        "training_provider",
        "training_hours",
        "supervision_frequency",
        "pay",
        "pay_band",
    ),
    PlanTask.IMPACT: ("impact_evidence",),
    PlanTask.RESOURCES: (),
    PlanTask.STAKEHOLDERS: (),
}

# The statuses in which a scheme runs on an approved plan, which an amendment may change.
RUNNING_STATUSES = (SchemeStatus.RECRUITING, SchemeStatus.ACTIVE, SchemeStatus.PAUSED)

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
    """Launch gate, or an amendment's approval: why a governor cannot approve the plan
    now (empty: they can). A first plan is approved in planning; an amendment while the
    scheme runs on the version it amends."""
    problems: list[str] = []
    if plan.approval != PlanApproval.SUBMITTED:
        problems.append("Only a plan submitted for approval can be approved or returned")
    if plan.approved_version == 0 and scheme_status != SchemeStatus.PLANNING:
        problems.append("The scheme is no longer in planning")
    if plan.approved_version > 0 and scheme_status not in RUNNING_STATUSES:
        problems.append("An amendment can only be approved while the scheme is running")
    problems += [f"“{PlanTask(task).label}” is not complete" for task in incomplete_tasks(plan)]
    return problems


def amendment_problems(plan: Plan, scheme_status: str) -> list[str]:
    """Why the coordinator cannot start amending the plan now (empty: they can)."""
    problems: list[str] = []
    if plan.approval != PlanApproval.APPROVED:
        problems.append("Only an approved plan can be amended")
    if scheme_status not in RUNNING_STATUSES:
        problems.append("A plan can be amended while the scheme is recruiting, active or paused")
    return problems


class PlanState(StrEnum):
    """Where a plan is, as the scheme list shows and filters it."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    AMENDING = "amending"


PLAN_STATE_LABELS: dict[PlanState, str] = {
    PlanState.DRAFT: "Draft",
    PlanState.SUBMITTED: "Awaiting approval",
    PlanState.RETURNED: "Returned",
    PlanState.APPROVED: "Approved",
    PlanState.AMENDING: "Amendment in progress",
}

PLAN_STATE_COLOURS: dict[PlanState, str] = {
    PlanState.DRAFT: "grey",
    PlanState.SUBMITTED: "blue",
    PlanState.RETURNED: "red",
    PlanState.APPROVED: "green",
    PlanState.AMENDING: "yellow",
}


def plan_state(approval: str, approved_version: int) -> PlanState:
    """A draft that amends an approved plan is an amendment in progress; an amendment
    awaiting a decision or returned reads as any plan would."""
    if approval == PlanApproval.DRAFT and approved_version > 0:
        return PlanState.AMENDING
    return PlanState(approval)


def plan_state_label(approval: str, approved_version: int) -> str:
    """The plan's state in words, saying "amendment" where one is being decided."""
    state = plan_state(approval, approved_version)
    if approved_version > 0 and state == PlanState.SUBMITTED:
        return "Amendment awaiting approval"
    if approved_version > 0 and state == PlanState.RETURNED:
        return "Amendment returned"
    return PLAN_STATE_LABELS[state]


# --- the self-assessment: each checklist item judged from the plan ---------------------

Rating = Literal["met", "partly met", "not met"]


def _met_words(plan: Plan, task: str, counts: PlanCounts, review_cadence_months: int | None) -> str:
    if task == PlanTask.NEED:
        return "The plan says why the scheme is needed, with evidence, and what it must do"
    if task == PlanTask.TARGET_GROUP:
        size = f" (about {plan.target_group_size} people)" if plan.target_group_size else ""
        return f"The plan names the target group{size} and their needs"
    if task == PlanTask.RESOURCES:
        return f"{plural(counts.resources, 'resource')} recorded in the plan"
    if task == PlanTask.AVAILABILITY:
        return "The plan says when, where and how prisoners can use the service"
    if task == PlanTask.PEER_SUPPORTERS:
        supervised = plan.get_supervision_frequency_display().lower()
        return (
            f"The plan says how peer supporters are recruited, trained "
            f"({plural(plan.training_hours or 0, 'hour')}), supervised ({supervised}) and paid"
        )
    if task == PlanTask.STAKEHOLDERS:
        return (
            f"{plural(counts.stakeholders, 'stakeholder')} in the register, "
            "each with how to engage them"
        )
    cadence = review_cadence_months or 0
    return (
        f"{plural(counts.objectives, 'SMART objective')}; the scheme is reviewed every "
        f"{'month' if cadence == 1 else f'{cadence} months'}"
    )


def task_evidence(
    plan: Plan, task: str, counts: PlanCounts, *, review_cadence_months: int | None
) -> tuple[Rating, str]:
    """The self-assessment's judgement of a planning item: met when its task is
    complete, partly met when started (saying what is still to do), not met before."""
    status = task_status(plan, task, counts)
    if status == TaskStatus.COMPLETED:
        words = _met_words(plan, task, counts, review_cadence_months)
        if plan.approval == PlanApproval.APPROVED:
            words += ", in the plan a governor approved"
        elif plan.approval == PlanApproval.SUBMITTED:
            words += "; the plan awaits a governor's decision"
        return "met", words
    if status == TaskStatus.IN_PROGRESS:
        missing = missing_parts(plan, task, counts, review_cadence_months=review_cadence_months)
        if not missing:
            return "partly met", "Answered in the plan, but not marked as complete"
        return "partly met", "Started in the plan. Still to do: " + "; ".join(
            part[0].lower() + part[1:] for part in missing
        )
    return "not met", "Not answered in the plan yet"
