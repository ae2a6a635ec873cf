"""The planning and maintenance rules, one by one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from schemes import rules
from schemes.models import Plan, PlanApproval, PlanTask, SchemeStatus
from schemes.rules import DueState, PlanCounts, TaskStatus
from tests.factories import COMPLETE_ANSWERS

TODAY = date(2026, 11, 27)
ALL_LISTED = PlanCounts(resources=1, stakeholders=1, objectives=1)


def plan_with(**answers: Any) -> Plan:
    return Plan(**answers)


def smart(**overrides: Any) -> dict[str, str]:
    values: dict[str, Any] = {
        "indicator": "Self-harm incidents a month on A wing",
        "relevance": "The scheme exists to reduce self-harm",
        "baseline": Decimal("20"),
        "target": Decimal("12"),
        "deadline": date(2027, 11, 1),
        "scheme_need": "Self-harm on the induction wing rose by a third",
        "today": TODAY,
    }
    values.update(overrides)
    return rules.smart_problems(**values)


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


class TestSmartCheck:
    def test_a_smart_objective_passes(self) -> None:
        assert smart() == {}

    @pytest.mark.parametrize("indicator", ["Improve", "more better", "x"])
    def test_a_vague_indicator_is_not_specific(self, indicator: str) -> None:
        assert set(smart(indicator=indicator)) == {"specific"}

    def test_a_missing_number_is_not_measurable(self) -> None:
        assert set(smart(target=None)) == {"measurable"}

    def test_a_target_equal_to_the_baseline_is_not_measurable(self) -> None:
        assert set(smart(target=Decimal("20"))) == {"measurable"}

    @pytest.mark.parametrize("target", ["1", "101", "-5"])
    def test_a_target_far_from_the_baseline_is_not_achievable(self, target: str) -> None:
        assert set(smart(target=Decimal(target))) == {"achievable"}

    def test_any_target_from_a_zero_baseline_is_achievable(self) -> None:
        assert smart(baseline=Decimal("0"), target=Decimal("200")) == {}

    def test_an_objective_not_linked_to_the_need_is_not_relevant(self) -> None:
        assert set(smart(relevance=" ")) == {"relevant"}

    def test_without_a_stated_need_nothing_is_relevant(self) -> None:
        problems = smart(scheme_need="")
        assert set(problems) == {"relevant"}
        assert "Why do you need it" in problems["relevant"]

    @pytest.mark.parametrize(
        "deadline", [None, date(2026, 11, 27), date(2026, 1, 1), date(2030, 1, 1)]
    )
    def test_a_missing_past_or_distant_deadline_is_not_time_bound(
        self, deadline: date | None
    ) -> None:
        assert set(smart(deadline=deadline)) == {"time-bound"}

    def test_every_failing_part_is_named(self) -> None:
        problems = smart(indicator="better", relevance="", target=None, deadline=None)
        assert set(problems) == {"specific", "measurable", "relevant", "time-bound"}


class TestReviewDates:
    def test_months_are_added_to_the_last_day_of_a_short_month(self) -> None:
        assert rules.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
        assert rules.add_months(date(2027, 10, 31), 4) == date(2028, 2, 29)

    def test_the_next_review_is_a_cadence_after_the_last(self) -> None:
        due = rules.next_review_due(
            cadence_months=3, last_review_on=date(2026, 9, 1), launched_on=date(2026, 1, 5)
        )
        assert due == date(2026, 12, 1)

    def test_the_first_review_is_a_cadence_after_launch(self) -> None:
        due = rules.next_review_due(
            cadence_months=6, last_review_on=None, launched_on=date(2026, 6, 1)
        )
        assert due == date(2026, 12, 1)

    def test_no_review_is_due_before_launch_or_without_a_cadence(self) -> None:
        assert (
            rules.next_review_due(cadence_months=3, last_review_on=None, launched_on=None) is None
        )
        assert (
            rules.next_review_due(cadence_months=None, last_review_on=TODAY, launched_on=TODAY)
            is None
        )

    @pytest.mark.parametrize(
        ("due", "state"),
        [
            (date(2026, 11, 26), DueState.OVERDUE),
            (date(2026, 11, 27), DueState.DUE_SOON),
            (date(2026, 12, 11), DueState.DUE_SOON),
            (date(2026, 12, 12), DueState.SCHEDULED),
            (None, None),
        ],
    )
    def test_due_dates_are_tagged(self, due: date | None, state: DueState | None) -> None:
        assert rules.due_state(due, TODAY) == state

    def test_done_is_done_whatever_the_date(self) -> None:
        assert rules.due_state(date(2020, 1, 1), TODAY, done=True) == DueState.DONE
