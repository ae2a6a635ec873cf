"""The planning services: answers, completion, and the launch gate enforced in the service."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from planning import services as planning
from planning.models import PlanApproval, PlanDecision, PlanTask
from planning.selectors import get_plan
from schemes.models import (
    Action,
    ActionSource,
    ActionStatus,
    Scheme,
    SchemeStatus,
    SchemeTransition,
)
from schemes.services.versioning import StaleEditError
from tests.factories import COMPLETE_ANSWERS, complete_plan

TODAY = date(2026, 11, 27)


def test_saving_answers_without_marking_complete_leaves_the_task_in_progress(
    scheme: Scheme,
    coordinator: User,
) -> None:
    plan = get_plan(scheme)
    missing = planning.plan_save_task(
        plan=plan,
        by=coordinator,
        task=PlanTask.NEED,
        expected_version=plan.version,
        answers={"need": "Self-harm is rising"},
        mark_complete=False,
    )
    assert missing == []
    plan.refresh_from_db()
    assert plan.need == "Self-harm is rising"
    assert PlanTask.NEED not in plan.completed_tasks


def test_marking_an_incomplete_task_complete_says_what_is_missing_and_keeps_the_answers(
    scheme: Scheme,
    coordinator: User,
) -> None:
    plan = get_plan(scheme)
    missing = planning.plan_save_task(
        plan=plan,
        by=coordinator,
        task=PlanTask.NEED,
        expected_version=plan.version,
        answers={"need": "Self-harm is rising", "need_evidence": "", "intended_outcomes": ""},
        mark_complete=True,
    )
    assert missing == ["Give the evidence of the need", "Say what the scheme needs to do"]
    plan.refresh_from_db()
    assert plan.need == "Self-harm is rising"
    assert not plan.is_complete(PlanTask.NEED)


def test_a_complete_task_is_marked_complete(scheme: Scheme, coordinator: User) -> None:
    plan = get_plan(scheme)
    answers = {field: COMPLETE_ANSWERS[field] for field in planning.TASK_FIELDS[PlanTask.NEED]}
    assert (
        planning.plan_save_task(
            plan=plan,
            by=coordinator,
            task=PlanTask.NEED,
            expected_version=plan.version,
            answers=answers,
            mark_complete=True,
        )
        == []
    )
    assert plan.is_complete(PlanTask.NEED)


def test_answers_from_a_stale_form_are_refused(scheme: Scheme, coordinator: User) -> None:
    plan = get_plan(scheme)
    planning.plan_save_task(
        plan=plan,
        by=coordinator,
        task=PlanTask.NEED,
        expected_version=1,
        answers={"need": "First"},
        mark_complete=False,
    )
    with pytest.raises(StaleEditError):
        planning.plan_save_task(
            plan=plan,
            by=coordinator,
            task=PlanTask.NEED,
            expected_version=1,
            answers={"need": "Second"},
            mark_complete=False,
        )
    plan.refresh_from_db()
    assert plan.need == "First"


def test_removing_the_last_resource_reopens_the_task(scheme: Scheme, coordinator: User) -> None:
    plan = complete_plan(scheme)
    resource = plan.resources.get()
    planning.resource_remove(plan=plan, by=coordinator, resource=resource)
    plan.refresh_from_db()
    assert not plan.is_complete(PlanTask.RESOURCES)


def test_a_negative_resource_amount_is_refused(scheme: Scheme, coordinator: User) -> None:
    plan = get_plan(scheme)
    with pytest.raises(ValidationError):
        planning.resource_save(
            plan=plan,
            by=coordinator,
            resource=None,
            kind="budget",
            description="Budget",
            amount=Decimal("-1"),
            unit="£",
            confirmed=False,
        )
    assert not plan.resources.exists()


def test_an_objective_that_is_not_smart_is_refused(scheme: Scheme, coordinator: User) -> None:
    plan = get_plan(scheme)
    with pytest.raises(ValidationError, match="Specific"):
        planning.objective_save(
            plan=plan,
            by=coordinator,
            objective=None,
            today=TODAY,
            indicator="Improve",
            relevance="Because",
            baseline=Decimal(10),
            target=Decimal(5),
            deadline=TODAY + timedelta(days=100),
        )
    assert not scheme.objectives.exists()


def test_a_submitted_plan_cannot_change(scheme: Scheme, coordinator: User) -> None:
    plan = complete_plan(scheme)
    planning.plan_submit(plan=plan, by=coordinator)
    with pytest.raises(planning.PlanLockedError):
        planning.plan_save_task(
            plan=plan,
            by=coordinator,
            task=PlanTask.NEED,
            expected_version=plan.version,
            answers={"need": "x"},
            mark_complete=False,
        )


def test_an_incomplete_plan_cannot_be_submitted(scheme: Scheme, coordinator: User) -> None:
    plan = get_plan(scheme)
    with pytest.raises(ValidationError):
        planning.plan_submit(plan=plan, by=coordinator)
    plan.refresh_from_db()
    assert plan.approval == PlanApproval.DRAFT


def test_staff_cannot_submit_a_plan(scheme: Scheme, staff: User) -> None:
    with pytest.raises(PermissionDenied):
        planning.plan_submit(plan=complete_plan(scheme), by=staff)


def test_governor_approval_launches_the_scheme_into_recruiting(
    scheme: Scheme, coordinator: User, governor: User
) -> None:
    plan = complete_plan(scheme)
    planning.plan_submit(plan=plan, by=coordinator)
    planning.plan_approve(plan=plan, by=governor, today=TODAY)
    scheme.refresh_from_db()
    assert plan.approval == PlanApproval.APPROVED
    assert scheme.status == SchemeStatus.RECRUITING
    assert scheme.launched_on == TODAY
    move = SchemeTransition.objects.get()
    assert (move.from_status, move.to_status, move.by) == (
        SchemeStatus.PLANNING,
        SchemeStatus.RECRUITING,
        governor,
    )


@pytest.mark.parametrize("approver", ["coordinator", "staff", "analyst", "outsider"])
def test_nobody_but_a_governor_of_the_prison_can_approve(
    approver: str, scheme: Scheme, coordinator: User, request: pytest.FixtureRequest
) -> None:
    plan = complete_plan(scheme)
    planning.plan_submit(plan=plan, by=coordinator)
    with pytest.raises(PermissionDenied):
        planning.plan_approve(plan=plan, by=request.getfixturevalue(approver), today=TODAY)
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.PLANNING


def test_a_governor_cannot_approve_an_incomplete_plan(scheme: Scheme, governor: User) -> None:
    plan = complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    plan.completed_tasks = [PlanTask.NEED]
    plan.save()
    with pytest.raises(ValidationError, match="not complete"):
        planning.plan_approve(plan=plan, by=governor, today=TODAY)
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.PLANNING
    assert not PlanDecision.objects.exists()


def test_a_returned_plan_gives_the_coordinator_an_action_closed_by_resubmitting(
    scheme: Scheme, coordinator: User, governor: User
) -> None:
    plan = complete_plan(scheme)
    planning.plan_submit(plan=plan, by=coordinator)
    planning.plan_return(plan=plan, by=governor, reason="Add the night rota", today=TODAY)
    assert plan.approval == PlanApproval.RETURNED
    action = Action.objects.get()
    assert action.owner == coordinator
    assert action.source == ActionSource.PLAN_RETURNED
    assert "Add the night rota" in action.description
    assert action.due_date == TODAY + timedelta(days=14)

    planning.plan_submit(plan=plan, by=coordinator)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_a_plan_cannot_be_returned_without_a_reason(
    scheme: Scheme, coordinator: User, governor: User
) -> None:
    plan = complete_plan(scheme)
    planning.plan_submit(plan=plan, by=coordinator)
    with pytest.raises(ValidationError):
        planning.plan_return(plan=plan, by=governor, reason=" ", today=TODAY)
    plan.refresh_from_db()
    assert plan.approval == PlanApproval.SUBMITTED
