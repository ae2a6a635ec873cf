"""The planning and maintenance rules, one by one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from maintenance.rules import next_review_due
from schemes import rules
from schemes.rules import DueState

TODAY = date(2026, 11, 27)


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

    def test_a_zero_baseline_is_judged_like_any_other(self) -> None:
        # From nothing, a fivefold rise is counted from 1: up to 5 is achievable ...
        assert smart(baseline=Decimal("0"), target=Decimal("5")) == {}
        # ... and 200 is not, as it would not be from a baseline of 1.
        problems = smart(baseline=Decimal("0"), target=Decimal("200"))
        assert set(problems) == {"achievable"}
        assert "between 0 and 5" in problems["achievable"]
        assert set(smart(baseline=Decimal("1"), target=Decimal("200"))) == {"achievable"}

    def test_the_achievable_message_says_the_range_for_this_baseline(self) -> None:
        assert "from 20, between 2 and 100" in smart(target=Decimal("101"))["achievable"]

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
        due = next_review_due(
            cadence_months=3, last_review_on=date(2026, 9, 1), launched_on=date(2026, 1, 5)
        )
        assert due == date(2026, 12, 1)

    def test_the_first_review_is_a_cadence_after_launch(self) -> None:
        due = next_review_due(cadence_months=6, last_review_on=None, launched_on=date(2026, 6, 1))
        assert due == date(2026, 12, 1)

    def test_no_review_is_due_before_launch_or_without_a_cadence(self) -> None:
        assert next_review_due(cadence_months=3, last_review_on=None, launched_on=None) is None
        assert next_review_due(cadence_months=None, last_review_on=TODAY, launched_on=TODAY) is None

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
