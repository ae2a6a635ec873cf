"""The turnover forecast and the gate to active, as plain functions."""

from __future__ import annotations

from datetime import date, timedelta

from recruitment.charts import forecast_chart
from recruitment.rules import (
    CONTINGENCY_MISSING,
    Forecast,
    PlacementFacts,
    active_gate_problems,
    forecast_message,
    turnover_forecast,
    week_start,
)

TODAY = date(2027, 3, 3)  # a Wednesday
MONDAY = date(2027, 3, 1)


def active(release_on: date | None, status: str = "active") -> PlacementFacts:
    return PlacementFacts(status, date(2026, 1, 1), None, release_on)


def forecast(people: list[PlacementFacts], minimum: int = 3, training_weeks: int = 4) -> Forecast:
    return turnover_forecast(
        people, minimum=minimum, target=5, today=TODAY, training_weeks=training_weeks
    )


def test_the_forecast_has_26_weeks_each_starting_on_a_monday() -> None:
    result = forecast([])
    assert len(result.weeks) == 26
    assert result.weeks[0].starts_on == MONDAY == week_start(TODAY)
    assert result.weeks[-1].starts_on == MONDAY + timedelta(weeks=25)
    assert all(week.starts_on.weekday() == 0 for week in result.weeks)


def test_active_and_probation_count_until_their_release_date() -> None:
    released_in_week_3 = MONDAY + timedelta(weeks=2, days=2)
    result = forecast(
        [
            active(None),
            active(date(2030, 1, 1), "probation"),
            active(released_in_week_3),
            active(date(2030, 1, 1), "suspended"),
            active(None, "left"),
        ]
    )
    assert [week.count for week in result.weeks[:5]] == [3, 3, 3, 2, 2]
    assert result.headcount_now == 3


def test_someone_released_today_no_longer_counts() -> None:
    result = forecast([active(TODAY), active(None)])
    assert result.weeks[0].count == 1
    assert result.headcount_now == 2


def test_people_in_training_count_from_when_their_training_ends() -> None:
    recorded_end = PlacementFacts("in_training", TODAY, MONDAY + timedelta(weeks=2), None)
    # No end recorded: the scheme's course length after they started.
    course_length = PlacementFacts("in_training", TODAY, None, None)
    result = forecast([recorded_end, course_length], training_weeks=6)
    counts = [week.count for week in result.weeks[:8]]
    assert counts == [0, 0, 1, 1, 1, 1, 1, 2]


def test_the_first_week_below_the_minimum_by_how_many_and_when_to_start_a_round() -> None:
    week_10 = MONDAY + timedelta(weeks=9, days=2)  # released in the tenth week
    result = forecast(
        [active(None), active(None), active(week_10), active(week_10 + timedelta(days=1))],
        minimum=4,
        training_weeks=4,
    )
    assert result.first_below is not None
    assert result.first_below.starts_on == MONDAY + timedelta(weeks=10)
    assert result.shortfall == 2
    assert result.start_round_by == MONDAY + timedelta(weeks=6)  # four weeks before
    assert not result.start_round_now
    assert forecast_message(result) == (
        "The number of peer supporters drops below the minimum of 4 in the week starting "
        "10 May 2027, by 2 peer supporters. Start a new recruitment round by 12 April 2027, "
        "to allow 4 weeks of training."
    )


def test_a_round_must_start_now_when_the_date_has_passed() -> None:
    result = forecast([active(None), active(MONDAY + timedelta(weeks=2))], minimum=2)
    assert result.first_below is not None
    assert result.start_round_now
    assert "Start a new recruitment round now" in forecast_message(result)


def test_already_below_the_minimum_says_this_week() -> None:
    result = forecast([active(None)], minimum=3)
    assert result.first_below is result.weeks[0]
    assert result.shortfall == 2
    assert "below the minimum of 3 this week, by 2 peer supporters" in forecast_message(result)


def test_a_forecast_that_stays_above_the_minimum_says_so() -> None:
    result = forecast([active(None)] * 3, minimum=3)
    assert result.first_below is None
    assert result.start_round_by is None
    assert forecast_message(result) == (
        "The forecast stays at or above the minimum of 3 for the next 26 weeks."
    )


def test_the_low_point_within_eight_weeks_is_the_earliest_lowest_week() -> None:
    result = forecast(
        [active(None), active(MONDAY + timedelta(weeks=3)), active(MONDAY + timedelta(weeks=12))]
    )
    low = result.low_within(9)
    assert (low.starts_on, low.count) == (MONDAY + timedelta(weeks=3), 2)
    assert (result.low.starts_on, result.low.count) == (MONDAY + timedelta(weeks=12), 1)


def test_the_gate_names_the_missing_peer_supporters_and_the_missing_plan() -> None:
    assert active_gate_problems(minimum=6, signed_off=3, current_plans=0) == [
        "You need 3 more peer supporters who are active or on probation with every sign-off",
        CONTINGENCY_MISSING,
    ]
    assert active_gate_problems(minimum=6, signed_off=5, current_plans=1) == [
        "You need 1 more peer supporter who is active or on probation with every sign-off"
    ]
    assert active_gate_problems(minimum=6, signed_off=8, current_plans=1) == []


def test_the_chart_has_a_column_a_week_red_below_the_minimum_and_says_it_in_words() -> None:
    result = forecast([active(None), active(None), active(MONDAY + timedelta(weeks=4))], minimum=3)
    chart = forecast_chart(result)
    assert len(chart.columns) == 26
    assert [column.css for column in chart.columns[3:5]] == [
        "app-chart__bar--blue",
        "app-chart__bar--red",
    ]
    # Taller for more people; the minimum's line at the height of 3.
    assert chart.columns[0].height > chart.columns[10].height > 0
    assert chart.plot_bottom - chart.minimum_y == chart.columns[0].height
    assert chart.summary == (
        "3 this week, 2 in the week starting 23 August 2027. The lowest is 2, first in the "
        "week starting 29 March 2027; the minimum is 3."
    )
