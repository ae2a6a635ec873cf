"""The scheme health rules (monitoring/dashboards/health.py), as plain functions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from monitoring.dashboards.health import figure_signals, scheme_health, worst
from schemes.models import SchemeStatus
from schemes.phases import FORECAST_LOW, HEADCOUNT, LAST_ACTIVITY, HealthSignal

TODAY = date(2026, 12, 1)
LAUNCHED = date(2026, 6, 1)


def signals(status: str = SchemeStatus.ACTIVE, **figures: Any) -> list[HealthSignal]:
    return figure_signals(
        status=status, minimum=6, launched_on=LAUNCHED, figures=figures, today=TODAY
    )


def test_one_red_reason_makes_the_scheme_red_whatever_else() -> None:
    reasons = [HealthSignal("amber", "2 actions overdue"), HealthSignal("red", "Review overdue")]
    health = scheme_health(SchemeStatus.ACTIVE, reasons)
    assert health.rating == "red"
    assert health.label == "Red"
    assert [reason.rating for reason in health.reasons] == ["red", "amber"]  # red first


def test_amber_without_red_is_amber_and_no_reason_is_green() -> None:
    assert worst([HealthSignal("amber", "x")]) == "amber"
    assert scheme_health(SchemeStatus.ACTIVE, []).rating == "green"
    assert scheme_health(SchemeStatus.ACTIVE, []).colour == "green"


def test_a_closed_scheme_is_not_rated() -> None:
    health = scheme_health(SchemeStatus.CLOSED, [HealthSignal("red", "Review overdue")])
    assert health.rating == ""
    assert health.label == "Not rated"
    assert health.reasons == ()


def test_the_same_reason_from_two_places_is_given_once() -> None:
    reason = HealthSignal("amber", "No activity logged since 1 November 2026")
    assert len(scheme_health(SchemeStatus.ACTIVE, [reason, reason]).reasons) == 1


def test_fewer_peer_supporters_than_the_minimum_is_red() -> None:
    assert signals(SchemeStatus.ACTIVE, **{HEADCOUNT: 4}) == [
        HealthSignal("red", "4 peer supporters now, below the minimum of 6")
    ]
    assert signals(SchemeStatus.ACTIVE, **{HEADCOUNT: 6}) == []


def test_a_forecast_low_below_the_minimum_within_8_weeks_is_amber() -> None:
    soon = TODAY + timedelta(weeks=8)
    assert signals(SchemeStatus.ACTIVE, **{HEADCOUNT: 8, FORECAST_LOW: (soon, 5)}) == [
        HealthSignal(
            "amber",
            "Forecast to fall to 5 peer supporters in the week of 26 January 2027, "
            "below the minimum of 6",
        )
    ]
    later = TODAY + timedelta(weeks=9)
    assert signals(SchemeStatus.ACTIVE, **{HEADCOUNT: 8, FORECAST_LOW: (later, 5)}) == []
    assert signals(SchemeStatus.ACTIVE, **{HEADCOUNT: 8, FORECAST_LOW: (soon, 6)}) == []


def test_below_the_minimum_now_is_not_also_reported_as_a_forecast() -> None:
    found = signals(SchemeStatus.ACTIVE, **{HEADCOUNT: 3, FORECAST_LOW: (TODAY, 2)})
    assert [signal.rating for signal in found] == ["red"]


def test_no_activity_for_14_days_is_amber() -> None:
    assert signals(SchemeStatus.ACTIVE, **{LAST_ACTIVITY: TODAY - timedelta(days=14)}) == []
    assert signals(SchemeStatus.ACTIVE, **{LAST_ACTIVITY: TODAY - timedelta(days=15)}) == [
        HealthSignal("amber", "No activity logged since 16 November 2026")
    ]
    assert signals(SchemeStatus.ACTIVE, **{LAST_ACTIVITY: None}) == [
        HealthSignal("amber", "No activity logged since the scheme launched")
    ]


def test_figures_no_phase_provides_give_no_reason() -> None:
    # Before recruitment and monitoring record anything, nothing is guessed.
    assert signals() == []


def test_only_an_active_scheme_is_judged_on_its_people_and_activity() -> None:
    figures = {HEADCOUNT: 0, LAST_ACTIVITY: None}
    for status in (SchemeStatus.PLANNING, SchemeStatus.RECRUITING, SchemeStatus.PAUSED):
        assert signals(status, **figures) == []
