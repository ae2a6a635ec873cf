"""The self-assessment's roll-up, small-number suppression and the charts' geometry."""

from __future__ import annotations

from monitoring.dashboards.charts import PLOT_WIDTH, bar_chart
from monitoring.dashboards.rollup import NOT_ASSESSED, per_thousand, roll_up, suppress


def test_a_prison_meets_an_item_when_every_assessed_scheme_meets_it() -> None:
    rolled = roll_up(["met", "met", NOT_ASSESSED])
    assert rolled.answer == "met"
    assert rolled.counts == {"met": 2, "partly met": 0, "not met": 0, NOT_ASSESSED: 1}
    assert rolled.tag == "green"


def test_a_mix_of_answers_is_partly_met_and_none_met_is_not_met() -> None:
    assert roll_up(["met", "not met"]).answer == "partly met"
    assert roll_up(["partly met"]).answer == "partly met"
    assert roll_up(["not met", "not met"]).answer == "not met"


def test_an_item_no_scheme_is_assessed_on_is_not_assessed_yet() -> None:
    assert roll_up([NOT_ASSESSED, NOT_ASSESSED]).answer == NOT_ASSESSED
    assert roll_up([]).answer == NOT_ASSESSED


def test_counts_of_people_under_5_are_suppressed_but_0_and_unknown_pass() -> None:
    assert [suppress(n) for n in (0, 1, 4, 5, 120)] == [0, "fewer than 5", "fewer than 5", 5, 120]
    assert suppress(None) is None


def test_rates_per_1000_prisoners_suppress_small_counts_and_need_a_population() -> None:
    assert per_thousand(55, 1100) == "50.0"
    assert per_thousand(3, 1100) == "fewer than 5"
    assert per_thousand(55, None) is None
    assert per_thousand(None, 1100) is None


def test_bars_are_scaled_to_the_longest_and_stack_their_segments() -> None:
    chart = bar_chart(
        slug="health",
        title="Health",
        summary="",
        rows=[("North", [2, 0, 2]), ("South", [1, 1, 0])],
        series=[("Red", "red"), ("Amber", "amber"), ("Green", "green")],
    )
    north, south = chart.bars
    assert [(s.x, s.width, s.css) for s in north.segments] == [
        (0, PLOT_WIDTH // 2, "red"),
        (PLOT_WIDTH // 2, PLOT_WIDTH // 2, "green"),
    ]
    assert [s.width for s in south.segments] == [PLOT_WIDTH // 4, PLOT_WIDTH // 4]
    assert (north.total, south.total) == ("4", "2")
    assert south.y > north.y
    assert [key.label for key in chart.legend] == ["Red", "Amber", "Green"]


def test_a_marker_counts_towards_the_scale() -> None:
    chart = bar_chart(
        slug="people",
        title="People",
        summary="",
        rows=[("Listeners", [3])],
        series=[("Peer supporters", "blue")],
        markers=[6],
        marker_label="Minimum",
    )
    (bar,) = chart.bars
    assert bar.marker_x == PLOT_WIDTH
    assert bar.segments[0].width == PLOT_WIDTH // 2
    assert [key.label for key in chart.legend] == ["Minimum"]
