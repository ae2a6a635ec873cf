"""Writing the plan: answers, lists, completion, submission and the governor's decision."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.access import Action as Permission
from accounts.access import can
from accounts.models import User

from .. import rules
from ..models import (
    Action,
    ActionSource,
    ActionStatus,
    Plan,
    PlanApproval,
    PlanDecision,
    PlanDecisionKind,
    PlanTask,
    Resource,
    Scheme,
    SchemeStatus,
    SmartObjective,
    Stakeholder,
)
from ..selectors import plan_counts
from .lifecycle import scheme_transition
from .versioning import save_if_unchanged

# Which plan fields each task's form writes.
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

# How long a coordinator has to act on a returned plan.
RETURNED_PLAN_ACTION_DAYS = 14


class PlanLockedError(Exception):
    """The plan is with the governor, or approved: it cannot change now."""


def _require_editable(plan: Plan) -> None:
    if not rules.plan_is_editable(plan):
        raise PlanLockedError


def _uncomplete(plan: Plan, task: str) -> None:
    """A task whose answers changed goes back to "In progress" until marked complete again."""
    if task in plan.completed_tasks:
        Plan.objects.filter(pk=plan.pk).update(
            completed_tasks=[t for t in plan.completed_tasks if t != task],
            version=F("version") + 1,
        )
        plan.refresh_from_db()


@transaction.atomic
def plan_save_task(
    *,
    plan: Plan,
    task: str,
    expected_version: int,
    answers: dict[str, Any],
    mark_complete: bool,
    review_cadence_months: int | None = None,
) -> list[str]:
    """Save a task's answers; mark it complete if asked and nothing required is missing.

    Returns what is still missing (empty when the task is complete or was not to be
    marked). Saving without marking complete leaves the task "In progress". The answers
    are saved either way, so nothing typed is lost.
    """
    _require_editable(plan)
    unknown = set(answers) - set(TASK_FIELDS[task])
    if unknown:
        raise ValueError(f"{', '.join(sorted(unknown))} are not answers to {task}")
    completed = [t for t in plan.completed_tasks if t != task]
    save_if_unchanged(
        plan, expected_version=expected_version, fields={**answers, "completed_tasks": completed}
    )
    if task == PlanTask.IMPACT and review_cadence_months is not None:
        Scheme.objects.filter(pk=plan.scheme_id).update(review_cadence_months=review_cadence_months)
        plan.scheme.review_cadence_months = review_cadence_months
    if not mark_complete:
        return []
    return plan_mark_complete(plan=plan, task=task)


def plan_mark_complete(*, plan: Plan, task: str) -> list[str]:
    """Mark the task complete, unless something required is missing (returned)."""
    _require_editable(plan)
    missing = rules.missing_parts(
        plan,
        task,
        plan_counts(plan),
        review_cadence_months=plan.scheme.review_cadence_months,
    )
    if missing:
        return missing
    if task not in plan.completed_tasks:
        Plan.objects.filter(pk=plan.pk).update(
            completed_tasks=[*plan.completed_tasks, task], version=F("version") + 1
        )
        plan.refresh_from_db()
    return []


# --- list records: resources, stakeholders, objectives --------------------------------


def resource_save(*, plan: Plan, resource: Resource | None, **fields: Any) -> Resource:
    """Add a resource to the plan, or change one."""
    _require_editable(plan)
    resource = resource or Resource(plan=plan)
    for name, value in fields.items():
        setattr(resource, name, value)
    resource.full_clean()
    resource.save()
    _uncomplete(plan, PlanTask.RESOURCES)
    return resource


def resource_remove(*, plan: Plan, resource: Resource) -> None:
    _require_editable(plan)
    resource.delete()
    _uncomplete(plan, PlanTask.RESOURCES)


def stakeholder_save(*, plan: Plan, stakeholder: Stakeholder | None, **fields: Any) -> Stakeholder:
    """Add a stakeholder to the scheme's register, or change one."""
    _require_editable(plan)
    stakeholder = stakeholder or Stakeholder(scheme_id=plan.scheme_id)
    for name, value in fields.items():
        setattr(stakeholder, name, value)
    stakeholder.full_clean()
    stakeholder.save()
    _uncomplete(plan, PlanTask.STAKEHOLDERS)
    return stakeholder


def stakeholder_remove(*, plan: Plan, stakeholder: Stakeholder) -> None:
    _require_editable(plan)
    stakeholder.delete()
    _uncomplete(plan, PlanTask.STAKEHOLDERS)


def objective_save(
    *, plan: Plan, objective: SmartObjective | None, today: date, **fields: Any
) -> SmartObjective:
    """Add a SMART objective, or change one. Refuses one that is not SMART."""
    _require_editable(plan)
    objective = objective or SmartObjective(scheme_id=plan.scheme_id)
    for name, value in fields.items():
        setattr(objective, name, value)
    problems = rules.smart_problems(
        indicator=objective.indicator,
        relevance=objective.relevance,
        baseline=objective.baseline,
        target=objective.target,
        deadline=objective.deadline,
        scheme_need=plan.need,
        today=today,
    )
    if problems:
        raise ValidationError(list(problems.values()))
    objective.full_clean()
    objective.save()
    _uncomplete(plan, PlanTask.IMPACT)
    return objective


def objective_remove(*, plan: Plan, objective: SmartObjective) -> None:
    _require_editable(plan)
    objective.delete()
    _uncomplete(plan, PlanTask.IMPACT)


# --- the launch gate ------------------------------------------------------------------


@transaction.atomic
def plan_submit(*, plan: Plan, by: User) -> Plan:
    """Send a complete plan to the prison's governors for approval."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if not can(by, Permission.CHANGE, plan.scheme.prison_id):
        raise PermissionDenied
    problems = rules.submission_problems(locked)
    if problems:
        raise ValidationError(problems)
    Plan.objects.filter(pk=plan.pk).update(
        approval=PlanApproval.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=by,
        version=F("version") + 1,
    )
    # Resubmitting is what a returned plan's action asked for.
    Action.objects.filter(
        scheme_id=plan.scheme_id, source=ActionSource.PLAN_RETURNED, status=ActionStatus.OPEN
    ).update(status=ActionStatus.DONE, completed_on=timezone.localdate())
    plan.refresh_from_db()
    return plan


@transaction.atomic
def plan_approve(*, plan: Plan, by: User, today: date) -> PlanDecision:
    """A governor approves the plan: the scheme moves from planning to recruiting.

    Only a governor of the scheme's prison, and only a submitted, complete plan: both
    are checked here, whatever the page showed.
    """
    locked = Plan.objects.select_for_update().select_related("scheme").get(pk=plan.pk)
    scheme = locked.scheme
    if not can(by, Permission.APPROVE, scheme.prison_id):
        raise PermissionDenied
    problems = rules.approval_problems(locked, scheme.status)
    if problems:
        raise ValidationError(problems)
    decision = PlanDecision.objects.create(
        plan=locked, decision=PlanDecisionKind.APPROVED, decided_by=by
    )
    Plan.objects.filter(pk=locked.pk).update(
        approval=PlanApproval.APPROVED, version=F("version") + 1
    )
    scheme.plan.refresh_from_db()
    scheme_transition(
        scheme=scheme, to_status=SchemeStatus.RECRUITING, by=by, reason="Plan approved"
    )
    Scheme.objects.filter(pk=scheme.pk).update(launched_on=today)
    plan.refresh_from_db()
    return decision


@transaction.atomic
def plan_return(*, plan: Plan, by: User, reason: str, today: date) -> PlanDecision:
    """A governor returns the plan with a reason; the coordinator gets an action."""
    locked = Plan.objects.select_for_update().select_related("scheme").get(pk=plan.pk)
    scheme = locked.scheme
    if not can(by, Permission.APPROVE, scheme.prison_id):
        raise PermissionDenied
    if locked.approval != PlanApproval.SUBMITTED:
        raise ValidationError(["Only a plan submitted for approval can be returned"])
    if not reason.strip():
        raise ValidationError(["Give the reason for returning the plan"])
    decision = PlanDecision.objects.create(
        plan=locked, decision=PlanDecisionKind.RETURNED, reason=reason, decided_by=by
    )
    Plan.objects.filter(pk=locked.pk).update(
        approval=PlanApproval.RETURNED, version=F("version") + 1
    )
    owner = scheme.coordinator or locked.submitted_by
    if owner is not None:
        Action.objects.create(
            scheme=scheme,
            description=f"Revise the plan and submit it again. The governor said: {reason}",
            owner=owner,
            due_date=today + timedelta(days=RETURNED_PLAN_ACTION_DAYS),
            source=ActionSource.PLAN_RETURNED,
            created_by=by,
        )
    plan.refresh_from_db()
    return decision
