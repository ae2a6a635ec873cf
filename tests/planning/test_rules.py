"""The planning rules: task statuses, what each task needs, and the launch gate."""

from __future__ import annotations

from typing import Any

import pytest

from planning import rules
from planning.models import Plan, PlanApproval, PlanTask
from planning.rules import PlanCounts
from schemes.models import SchemeStatus
from schemes.rules import TaskStatus
from tests.factories import COMPLETE_ANSWERS

ALL_LISTED = PlanCounts(resources=1, stakeholders=1, objectives=1)


def plan_with(**answers: Any) -> Plan:
    return Plan(**answers)


class TestTaskStatus:
    def test_a_task_with_no_answers_is_not_started(self) -> None:
        assert rules.task_status(Plan(), PlanTask.NEED, PlanCounts()) == TaskStatus.NOT_STARTED

    def test_a_task_with_some_answers_is_in_progress(self) -> None:
        plan = plan_with(need="Self-harm is rising")
        assert rules.task_status(plan, PlanTask.NEED, PlanCounts()) == TaskStatus.IN_PROGRESS

    def test_a_list_task_is_in_progress_once_something_is_listed(self) -> None:
        status = rules.task_status(Plan(), PlanTask.RESOURCES, PlanCounts(resources=1))
        assert status == TaskStatus.IN_PROGRESS

    def test_a_task_marked_complete_is_completed(self) -> None:
        plan = plan_with(completed_tasks=[PlanTask.NEED])
        assert rules.task_status(plan, PlanTask.NEED, PlanCounts()) == TaskStatus.COMPLETED


class TestMissingParts:
    def test_an_empty_need_task_names_each_missing_answer(self) -> None:
        missing = rules.missing_parts(Plan(), PlanTask.NEED, PlanCounts(), review_cadence_months=3)
        assert missing == [
            "Say why the scheme is needed",
            "Give the evidence of the need",
            "Say what the scheme needs to do",
        ]

    @pytest.mark.parametrize("task", PlanTask.values)
    def test_a_fully_answered_plan_has_nothing_missing(self, task: str) -> None:
        plan = plan_with(**COMPLETE_ANSWERS)
        assert rules.missing_parts(plan, task, ALL_LISTED, review_cadence_months=3) == []

    def test_a_paid_scheme_needs_a_pay_band(self) -> None:
        plan = plan_with(**{**COMPLETE_ANSWERS, "pay": "paid", "pay_band": ""})
        missing = rules.missing_parts(
            plan, PlanTask.PEER_SUPPORTERS, ALL_LISTED, review_cadence_months=3
        )
        assert missing == ["Give the pay band"]

    def test_lists_need_at_least_one_entry(self) -> None:
        plan = plan_with(**COMPLETE_ANSWERS)
        empty = PlanCounts()
        assert rules.missing_parts(plan, PlanTask.RESOURCES, empty, review_cadence_months=3) == [
            "Add at least one resource"
        ]
        assert rules.missing_parts(plan, PlanTask.STAKEHOLDERS, empty, review_cadence_months=3) == [
            "Add at least one stakeholder"
        ]

    def test_impact_needs_a_smart_objective_and_a_review_cadence(self) -> None:
        plan = plan_with(**COMPLETE_ANSWERS)
        counts = PlanCounts(objectives=2, objectives_not_smart=1)
        missing = rules.missing_parts(plan, PlanTask.IMPACT, counts, review_cadence_months=None)
        assert missing == [
            "Change the objectives that are not SMART",
            "Choose how often the scheme will be reviewed",
        ]
        none = rules.missing_parts(plan, PlanTask.IMPACT, PlanCounts(), review_cadence_months=3)
        assert none == ["Add at least one SMART objective"]


class TestLaunchGate:
    def complete(self, approval: str) -> Plan:
        return plan_with(completed_tasks=list(PlanTask.values), approval=approval)

    def test_a_complete_draft_can_be_submitted(self) -> None:
        assert rules.submission_problems(self.complete(PlanApproval.DRAFT)) == []

    def test_a_returned_plan_can_be_submitted_again(self) -> None:
        assert rules.submission_problems(self.complete(PlanApproval.RETURNED)) == []

    def test_an_incomplete_plan_cannot_be_submitted(self) -> None:
        plan = plan_with(completed_tasks=[PlanTask.NEED])
        problems = rules.submission_problems(plan)
        assert len(problems) == 6
        assert "Complete “What resources are available?”" in problems

    def test_a_submitted_or_approved_plan_cannot_be_submitted(self) -> None:
        assert rules.submission_problems(self.complete(PlanApproval.SUBMITTED))
        assert rules.submission_problems(self.complete(PlanApproval.APPROVED))

    def test_a_governor_can_approve_a_complete_submitted_plan_in_planning(self) -> None:
        plan = self.complete(PlanApproval.SUBMITTED)
        assert rules.approval_problems(plan, SchemeStatus.PLANNING) == []

    @pytest.mark.parametrize(
        "approval", [PlanApproval.DRAFT, PlanApproval.RETURNED, PlanApproval.APPROVED]
    )
    def test_only_a_submitted_plan_can_be_approved(self, approval: str) -> None:
        assert rules.approval_problems(self.complete(approval), SchemeStatus.PLANNING)

    def test_an_incomplete_plan_cannot_be_approved_even_if_submitted(self) -> None:
        plan = plan_with(completed_tasks=[], approval=PlanApproval.SUBMITTED)
        assert len(rules.approval_problems(plan, SchemeStatus.PLANNING)) == 7

    def test_a_scheme_past_planning_cannot_be_approved_again(self) -> None:
        plan = self.complete(PlanApproval.SUBMITTED)
        assert rules.approval_problems(plan, SchemeStatus.RECRUITING)
