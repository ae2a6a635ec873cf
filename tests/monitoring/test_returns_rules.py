"""The plain rules behind monthly returns, objectives and the evaluation items."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from monitoring import returns_rules as r

D = Decimal
TODAY = date(2026, 6, 15)


def test_a_months_return_falls_due_on_the_tenth_of_the_next_month() -> None:
    assert r.return_due_on(date(2026, 5, 1)) == date(2026, 6, 10)
    assert r.return_due_on(date(2026, 12, 1)) == date(2027, 1, 10)
    assert r.previous_month(date(2026, 1, 20)) == date(2025, 12, 1)


def test_last_months_return_is_late_only_after_the_tenth_and_until_it_is_submitted() -> None:
    assert not r.return_late(date(2026, 6, 10), None)
    assert r.return_late(date(2026, 6, 11), None)
    assert r.return_late(date(2026, 6, 11), "draft")
    assert r.return_late(date(2026, 6, 11), "reopened")
    assert not r.return_late(date(2026, 6, 11), "submitted")
    assert not r.return_late(date(2026, 6, 11), "approved")


def test_an_objective_is_off_track_when_further_from_target_than_its_baseline() -> None:
    # Fewer self-harm incidents wanted: 10 down to 4.
    kwargs: dict[str, Any] = {
        "baseline": D(10),
        "target": D(4),
        "deadline": date(2026, 12, 31),
        "today": TODAY,
    }
    assert r.off_track(latest=D(12), **kwargs)
    assert not r.off_track(latest=D(8), **kwargs)
    assert not r.off_track(latest=D(10), **kwargs)
    assert not r.off_track(latest=None, **kwargs)
    # More call-outs answered wanted: 20 up to 50.
    rising: dict[str, Any] = {
        "baseline": D(20),
        "target": D(50),
        "deadline": date(2026, 12, 31),
        "today": TODAY,
    }
    assert r.off_track(latest=D(15), **rising)
    assert not r.off_track(latest=D(30), **rising)


def test_an_objective_is_off_track_when_its_deadline_passed_without_reaching_the_target() -> None:
    kwargs: dict[str, Any] = {
        "baseline": D(10),
        "target": D(4),
        "deadline": date(2026, 5, 31),
        "today": TODAY,
    }
    assert r.off_track(latest=D(6), **kwargs)
    assert r.off_track(latest=None, **kwargs)
    assert not r.off_track(latest=D(4), **kwargs)
    assert not r.off_track(latest=D(3), **kwargs)


def test_progress_in_words() -> None:
    kwargs: dict[str, Any] = {
        "baseline": D(10),
        "target": D(4),
        "deadline": date(2026, 12, 31),
        "today": TODAY,
    }
    assert r.progress_words(latest=D(4), **kwargs) == ("Target reached", "green")
    assert r.progress_words(latest=D(12), **kwargs) == ("Off track", "red")
    assert r.progress_words(latest=D(7), **kwargs) == ("On track", "blue")
    assert r.progress_words(latest=None, **kwargs) == ("No value yet", "grey")


def facts(**changes: object) -> r.PhaseFacts:
    base: dict[str, object] = {
        "launched_on": date(2026, 1, 5),
        "last_deadline": date(2026, 12, 31),
        "objectives": 2,
        "evaluations": 0,
        "evaluations_with_findings": 0,
        "adjustments": 0,
        "approved_recently": 0,
        "returns": 0,
    }
    return r.PhaseFacts(**{**base, **changes})  # type: ignore[arg-type]


def test_runs_long_enough_compares_the_launch_with_the_objectives_deadlines() -> None:
    assert r.runs_long_enough(facts(objectives=0, last_deadline=None), TODAY)[0] == r.NOT_STARTED
    assert r.runs_long_enough(facts(launched_on=None), TODAY)[0] == r.NOT_STARTED
    assert r.runs_long_enough(facts(), TODAY) == (
        r.IN_PROGRESS,
        "Runs until the last objective's deadline, 31 December 2026",
    )
    assert r.runs_long_enough(facts(last_deadline=date(2026, 3, 1)), TODAY)[0] == r.COMPLETED
    assert r.runs_long_enough(facts(last_deadline=date(2025, 3, 1)), TODAY)[0] == r.IN_PROGRESS


def test_the_evaluation_items_follow_evaluations_findings_adjustments_and_returns() -> None:
    assert r.evaluate_status(facts())[0] == r.NOT_STARTED
    assert r.evaluate_status(facts(evaluations=1))[0] == r.IN_PROGRESS
    assert r.evaluate_status(facts(evaluations=1, evaluations_with_findings=1))[0] == r.COMPLETED
    assert r.formal_evaluation_status(facts(evaluations_with_findings=1))[0] == r.IN_PROGRESS
    assert r.formal_evaluation_status(facts(adjustments=1))[0] == r.COMPLETED
    assert r.information_status(facts())[0] == r.NOT_STARTED
    assert r.information_status(facts(returns=2))[0] == r.IN_PROGRESS
    assert r.information_status(facts(returns=2, approved_recently=1))[0] == r.COMPLETED
