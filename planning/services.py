"""Writing the plan: answers, lists, completion, submission and the governor's decision.

Every service takes the acting user (``by``) and checks, itself, that they may do it
(accounts.access through schemes.services.access.require), that the scheme is not
closed and that the plan can change now. Writes to the plan and its lists lock the
plan's row for the transaction, so two coordinators cannot lose each other's change
and nothing is added to a plan that was submitted a moment ago.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from accounts.access import Permission
from accounts.models import User
from schemes.models import (
    Action,
    ActionSource,
    ActionStatus,
    Scheme,
    SchemeStatus,
    SmartObjective,
    Stakeholder,
)
from schemes.rules import smart_problems
from schemes.services.access import require
from schemes.services.lifecycle import scheme_transition
from schemes.services.versioning import StaleEditError, save_if_unchanged
from schemes.signals import PLAN_APPROVED, PLAN_RETURNED, PLAN_SUBMITTED, announce

from . import rules
from .models import (
    Plan,
    PlanApproval,
    PlanDecision,
    PlanDecisionKind,
    PlanSubmission,
    PlanTask,
    Resource,
)
from .selectors import plan_counts
from .versions import plan_snapshot

__all__ = ["PlanLockedError", "StaleEditError"]

# Which plan fields each task's form writes (kept here for the forms' imports).
TASK_FIELDS = rules.TASK_FIELDS

# How long a coordinator has to act on a returned plan.
RETURNED_PLAN_ACTION_DAYS = 14


class PlanLockedError(Exception):
    """The plan is with the governor, or approved: it cannot change now."""


def _lock_plan(plan: Plan, by: User) -> Plan:
    """The plan's row, locked until the transaction ends, once ``by`` may change it and
    it can change now. Refreshes ``plan`` from the locked row."""
    locked = Plan.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=plan.pk)
    require(by, Permission.CHANGE, locked.scheme)
    if not rules.plan_is_editable(locked):
        raise PlanLockedError
    plan.refresh_from_db()
    return locked


def _uncomplete(plan: Plan, task: str) -> None:
    """A task whose answers changed goes back to "In progress" until marked complete again."""
    if task in plan.completed_tasks:
        Plan.objects.filter(pk=plan.pk).update(
            completed_tasks=[t for t in plan.completed_tasks if t != task],
            version=F("version") + 1,
        )
        plan.refresh_from_db()


def plan_create(*, scheme: Scheme, by: User) -> Plan:
    """The new scheme's plan (registered with the phase registry: called inside the
    transaction that creates the scheme). The target group asked for on "Create a
    scheme" starts task 2's first answer, so nobody types it twice."""
    return Plan.objects.create(scheme=scheme, target_group_who=scheme.target_group)


@transaction.atomic
def plan_save_task(
    *,
    plan: Plan,
    by: User,
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
    _lock_plan(plan, by)
    unknown = set(answers) - set(TASK_FIELDS[task])
    if unknown:
        raise ValueError(f"{', '.join(sorted(unknown))} are not answers to {task}")
    completed = [t for t in plan.completed_tasks if t != task]
    save_if_unchanged(
        plan, expected_version=expected_version, fields={**answers, "completed_tasks": completed}
    )
    if task == PlanTask.IMPACT and review_cadence_months is not None:
        Scheme.objects.filter(pk=plan.scheme_id).update(
            review_cadence_months=review_cadence_months,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        plan.scheme.review_cadence_months = review_cadence_months
    if not mark_complete:
        return []
    return _mark_complete(plan, task)


@transaction.atomic
def plan_mark_complete(*, plan: Plan, by: User, task: str) -> list[str]:
    """Mark the task complete, unless something required is missing (returned)."""
    _lock_plan(plan, by)
    return _mark_complete(plan, task)


def _mark_complete(plan: Plan, task: str) -> list[str]:
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

Record = TypeVar("Record", bound=models.Model)


def _save_record[Record: models.Model](
    plan: Plan,
    task: str,
    record: Record,
    *,
    creating: bool,
    expected_version: int | None,
    fields: dict[str, Any],
) -> Record:
    """Add the record, or change it unless somebody changed it since it was read
    (StaleEditError); either way the task goes back to "In progress"."""
    if creating:
        for name, value in fields.items():
            setattr(record, name, value)
        record.full_clean()
        record.save()
    else:
        save_if_unchanged(
            record,
            expected_version=expected_version or 0,
            fields=fields,
            updated_at=timezone.now(),
        )
    _uncomplete(plan, task)
    return record


@transaction.atomic
def resource_save(
    *,
    plan: Plan,
    by: User,
    resource: Resource | None,
    expected_version: int | None = None,
    **fields: Any,
) -> Resource:
    """Add a resource to the plan, or change one."""
    _lock_plan(plan, by)
    return _save_record(
        plan,
        PlanTask.RESOURCES,
        resource or Resource(plan=plan),
        creating=resource is None,
        expected_version=expected_version,
        fields=fields,
    )


@transaction.atomic
def resource_remove(*, plan: Plan, by: User, resource: Resource) -> None:
    _lock_plan(plan, by)
    resource.delete()
    _uncomplete(plan, PlanTask.RESOURCES)


@transaction.atomic
def stakeholder_save(
    *,
    plan: Plan,
    by: User,
    stakeholder: Stakeholder | None,
    expected_version: int | None = None,
    **fields: Any,
) -> Stakeholder:
    """Add a stakeholder to the scheme's register, or change one."""
    _lock_plan(plan, by)
    return _save_record(
        plan,
        PlanTask.STAKEHOLDERS,
        stakeholder or Stakeholder(scheme_id=plan.scheme_id),
        creating=stakeholder is None,
        expected_version=expected_version,
        fields=fields,
    )


@transaction.atomic
def stakeholder_remove(*, plan: Plan, by: User, stakeholder: Stakeholder) -> None:
    _lock_plan(plan, by)
    stakeholder.delete()
    _uncomplete(plan, PlanTask.STAKEHOLDERS)


@transaction.atomic
def objective_save(
    *,
    plan: Plan,
    by: User,
    objective: SmartObjective | None,
    today: date,
    expected_version: int | None = None,
    **fields: Any,
) -> SmartObjective:
    """Add a SMART objective, or change one. Refuses one that is not SMART."""
    _lock_plan(plan, by)
    candidate = SmartObjective(scheme_id=plan.scheme_id, **fields)
    problems = smart_problems(
        indicator=candidate.indicator,
        relevance=candidate.relevance,
        baseline=candidate.baseline,
        target=candidate.target,
        deadline=candidate.deadline,
        scheme_need=plan.need,
        today=today,
    )
    if problems:
        raise ValidationError(list(problems.values()))
    return _save_record(
        plan,
        PlanTask.IMPACT,
        objective or SmartObjective(scheme_id=plan.scheme_id),
        creating=objective is None,
        expected_version=expected_version,
        fields=fields,
    )


@transaction.atomic
def objective_remove(*, plan: Plan, by: User, objective: SmartObjective) -> None:
    _lock_plan(plan, by)
    objective.delete()
    _uncomplete(plan, PlanTask.IMPACT)


# --- the launch gate ------------------------------------------------------------------


@transaction.atomic
def plan_amendment_start(*, plan: Plan, by: User, expected_version: int) -> Plan:
    """The coordinator starts amending the approved plan while the scheme runs.

    The plan's answers can change again; the approved version stays in force (and its
    answers stay kept with the submission that was approved) until a governor approves
    the amendment. A stale page (the plan changed since it was read) raises
    StaleEditError.
    """
    locked = Plan.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=plan.pk)
    require(by, Permission.CHANGE, locked.scheme)
    problems = rules.amendment_problems(locked, locked.scheme.status)
    if problems:
        raise ValidationError(problems)
    updated = Plan.objects.filter(pk=locked.pk, version=expected_version).update(
        approval=PlanApproval.DRAFT, version=F("version") + 1
    )
    if not updated:
        raise StaleEditError
    plan.refresh_from_db()
    return plan


def _latest_submission(plan: Plan) -> PlanSubmission | None:
    return PlanSubmission.objects.filter(plan=plan).order_by("-number").first()


@transaction.atomic
def plan_submit(*, plan: Plan, by: User) -> Plan:
    """Send a complete plan, or an amendment of the approved one, to the prison's
    governors for approval. Every submission is kept, with the answers as sent."""
    locked = Plan.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=plan.pk)
    require(by, Permission.CHANGE, locked.scheme)
    problems = rules.submission_problems(locked)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    latest = _latest_submission(locked)
    PlanSubmission.objects.create(
        plan=locked,
        number=(latest.number if latest else 0) + 1,
        submitted_at=now,
        submitted_by=by,
        amends_version=locked.approved_version,
        answers=plan_snapshot(
            locked,
            review_cadence_months=locked.scheme.review_cadence_months,
            resources=locked.resources.all(),
            stakeholders=Stakeholder.objects.filter(scheme_id=locked.scheme_id),
            objectives=SmartObjective.objects.filter(scheme_id=locked.scheme_id),
        ),
    )
    Plan.objects.filter(pk=plan.pk).update(
        approval=PlanApproval.SUBMITTED,
        submitted_at=now,
        submitted_by=by,
        version=F("version") + 1,
    )
    # Resubmitting is what a returned plan's action asked for.
    Action.objects.filter(
        scheme_id=plan.scheme_id, source=ActionSource.PLAN_RETURNED, status=ActionStatus.OPEN
    ).update(status=ActionStatus.DONE, completed_on=timezone.localdate(), version=F("version") + 1)
    announce(PLAN_SUBMITTED, record_id=plan.pk, scheme_id=plan.scheme_id, by_id=by.pk)
    plan.refresh_from_db()
    return plan


@transaction.atomic
def plan_approve(*, plan: Plan, by: User, today: date) -> PlanDecision:
    """A governor approves the submitted plan, which becomes the next approved version.

    A first plan moves the scheme from planning to recruiting (the launch gate); an
    amendment replaces the version in force while the scheme keeps running. Only a
    governor of the scheme's prison, and only a submitted, complete plan: both are
    checked here, whatever the page showed.
    """
    locked = Plan.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=plan.pk)
    scheme = locked.scheme
    require(by, Permission.APPROVE, scheme)
    problems = rules.approval_problems(locked, scheme.status)
    if problems:
        raise ValidationError(problems)
    first = locked.approved_version == 0
    number = locked.approved_version + 1
    decision = PlanDecision.objects.create(
        plan=locked,
        decision=PlanDecisionKind.APPROVED,
        decided_by=by,
        submission=_latest_submission(locked),
        version_number=number,
    )
    Plan.objects.filter(pk=locked.pk).update(
        approval=PlanApproval.APPROVED, approved_version=number, version=F("version") + 1
    )
    if first:
        scheme.plan.refresh_from_db()
        scheme_transition(
            scheme=scheme, to_status=SchemeStatus.RECRUITING, by=by, reason="Plan approved"
        )
        Scheme.objects.filter(pk=scheme.pk).update(launched_on=today)
    announce(PLAN_APPROVED, record_id=plan.pk, scheme_id=scheme.pk, by_id=by.pk)
    plan.refresh_from_db()
    return decision


@transaction.atomic
def plan_return(*, plan: Plan, by: User, reason: str, today: date) -> PlanDecision:
    """A governor returns the plan (or an amendment) with a reason; the coordinator
    gets an action. An amendment's approved version stays in force."""
    locked = Plan.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=plan.pk)
    scheme = locked.scheme
    require(by, Permission.APPROVE, scheme)
    if locked.approval != PlanApproval.SUBMITTED:
        raise ValidationError(["Only a plan submitted for approval can be returned"])
    if not reason.strip():
        raise ValidationError(["Give the reason for returning the plan"])
    decision = PlanDecision.objects.create(
        plan=locked,
        decision=PlanDecisionKind.RETURNED,
        reason=reason,
        decided_by=by,
        submission=_latest_submission(locked),
    )
    Plan.objects.filter(pk=locked.pk).update(
        approval=PlanApproval.RETURNED, version=F("version") + 1
    )
    owner = scheme.coordinator or locked.submitted_by
    if owner is not None:
        # The governor may not add actions (they cannot change the scheme's records),
        # so the planning phase raises this one itself.
        what = "amendment of the plan" if locked.approved_version else "plan"
        action = Action(
            scheme=scheme,
            description=f"Revise the {what} and submit it again. The governor said: {reason}",
            owner=owner,
            due_date=today + timedelta(days=RETURNED_PLAN_ACTION_DAYS),
            source=ActionSource.PLAN_RETURNED,
            created_by=by,
        )
        action.full_clean()
        action.save()
    announce(PLAN_RETURNED, record_id=plan.pk, scheme_id=scheme.pk, by_id=by.pk)
    plan.refresh_from_db()
    return decision


# --- the launch gate, for the phase registry -------------------------------------------

LAUNCH_GATE_PROBLEM = "A governor must approve the complete plan before recruiting starts"


def launch_gate(scheme: Scheme, from_status: str, to_status: str) -> list[str]:
    """Planning → recruiting only with a plan a governor has approved."""
    if (from_status, to_status) != (SchemeStatus.PLANNING, SchemeStatus.RECRUITING):
        return []
    approval = Plan.objects.filter(scheme=scheme).values_list("approval", flat=True).first()
    return [] if approval == PlanApproval.APPROVED else [LAUNCH_GATE_PROBLEM]
