"""The turnover forecast's chart: a column for each week, drawn as SVG by a template
(templates/recruitment/phase/_forecast_chart.html) from these numbers.

As the dashboards' charts (monitoring/dashboards/charts.py, which a phase may not
import): attributes only, no script and no inline style (the CSP forbids both); the
colours are the classes in static/css/app.css; a title and a summary in words; and the
page follows the chart with a table of the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rules import Forecast

WIDTH = 520
LEFT = 40  # room for the scale's numbers
TOP = 36  # room for the legend
PLOT_HEIGHT = 200
BOTTOM = 28  # room for the dates under the columns
GAP = 4


@dataclass(frozen=True)
class Column:
    x: int
    y: int
    width: int
    height: int
    css: str
    label: str  # "Week starting 1 March 2027: 5 peer supporters"


@dataclass(frozen=True)
class Tick:
    y: int
    text: str


@dataclass(frozen=True)
class DateLabel:
    x: int
    text: str
    anchor: str  # start, middle or end: the last date ends at the chart's right edge


@dataclass(frozen=True)
class ForecastChart:
    title: str
    summary: str
    columns: tuple[Column, ...]
    ticks: tuple[Tick, ...]
    dates: tuple[DateLabel, ...]
    minimum_y: int
    minimum_label: str
    plot_left: int = LEFT
    plot_right: int = WIDTH
    plot_bottom: int = TOP + PLOT_HEIGHT
    width: int = WIDTH
    height: int = TOP + PLOT_HEIGHT + BOTTOM
    date_y: int = TOP + PLOT_HEIGHT + 20


def chart_summary(forecast: Forecast) -> str:
    """The chart in words: where it starts and ends, and its low point."""
    first, last, low = forecast.weeks[0], forecast.weeks[-1], forecast.low
    return (
        f"{first.count} this week, {last.count} in the week starting "
        f"{last.starts_on:%-d %B %Y}. The lowest is {low.count}, first in the week starting "
        f"{low.starts_on:%-d %B %Y}; the minimum is {forecast.minimum}."
    )


def forecast_chart(forecast: Forecast) -> ForecastChart:
    """Columns for the forecast's weeks (red below the minimum), a line at the minimum."""
    top = max(forecast.highest, 1)
    scale = PLOT_HEIGHT / top
    step = (WIDTH - LEFT) / len(forecast.weeks)
    base = TOP + PLOT_HEIGHT
    columns = []
    for index, week in enumerate(forecast.weeks):
        height = round(week.count * scale)
        columns.append(
            Column(
                x=round(LEFT + index * step),
                y=base - height,
                width=max(1, round(step - GAP)),
                height=height,
                css="app-chart__bar--red" if week.below_minimum else "app-chart__bar--blue",
                label=f"Week starting {week.starts_on:%-d %B %Y}: {week.count}",
            )
        )
    ticks = tuple(
        Tick(y=base - round(value * scale) + 5, text=str(value))
        for value in sorted({0, forecast.minimum, top})
    )
    last = len(forecast.weeks) - 1
    dates = tuple(
        DateLabel(
            x=round(LEFT + (index + 1) * step - GAP)
            if index == last
            else round(LEFT + index * step),
            text=f"{forecast.weeks[index].starts_on:%-d %b}",
            anchor="end" if index == last else "start",
        )
        for index in sorted({0, len(forecast.weeks) // 2, last})
    )
    return ForecastChart(
        title="Peer supporters forecast for each of the next 26 weeks",
        summary=chart_summary(forecast),
        columns=tuple(columns),
        ticks=ticks,
        dates=dates,
        minimum_y=base - round(forecast.minimum * scale),
        minimum_label=f"Minimum ({forecast.minimum})",
    )
