"""The geometry of the dashboards' charts: horizontal bars, drawn as SVG by a template.

No script and no inline style (the Content Security Policy forbids both): the template
(templates/dashboards/_bar_chart.html) writes plain SVG attributes from these numbers,
and the colours are classes in static/css/app.css. Every chart has a title and a
summary in words, and the page follows it with a GOV.UK table of the same figures.

Each bar's label sits on its own line above the bar, so long names (scheme types,
prisons) need no truncating and the chart still reads at 390 pixels wide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 480  # the viewBox's width; the chart scales to its column
PLOT_WIDTH = 400  # room left of it for the total written after each bar
LABEL_HEIGHT = 20
BAR_HEIGHT = 20
ROW_GAP = 12
LEGEND_HEIGHT = 32
MARKER = "marker"  # a legend key's css for the reference mark


@dataclass(frozen=True)
class Segment:
    x: int
    width: int
    css: str


@dataclass(frozen=True)
class Bar:
    label: str
    label_y: int
    y: int
    segments: tuple[Segment, ...]
    total: str
    total_x: int
    text_y: int
    marker_x: int | None  # a reference mark (the minimum), if any


@dataclass(frozen=True)
class LegendKey:
    label: str
    css: str
    x: int


@dataclass(frozen=True)
class BarChart:
    slug: str  # unique on the page: the SVG's title and description ids
    title: str
    summary: str
    bars: tuple[Bar, ...]
    legend: tuple[LegendKey, ...]
    height: int
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT
    marker_label: str = ""


def bar_chart(
    *,
    slug: str,
    title: str,
    summary: str,
    rows: Sequence[tuple[str, Sequence[int]]],
    series: Sequence[tuple[str, str]],
    markers: Sequence[int | None] | None = None,
    marker_label: str = "",
) -> BarChart:
    """Bars for ``rows`` (label, one value per series, stacked left to right), coloured
    by each series' (label, css class). ``markers``: a value per row to mark on its bar
    (e.g. the scheme's minimum)."""
    top = max(
        [sum(values) for _label, values in rows]
        + [marker for marker in (markers or []) if marker is not None]
        + [1]
    )
    scale = PLOT_WIDTH / top
    legend_height = LEGEND_HEIGHT if len(series) > 1 or marker_label else 0
    bars: list[Bar] = []
    y = legend_height
    for index, (label, values) in enumerate(rows):
        x = 0.0
        segments: list[Segment] = []
        for value, (_name, css) in zip(values, series, strict=True):
            if value:
                segments.append(Segment(round(x), max(1, round(value * scale)), css))
            x += value * scale
        marker = markers[index] if markers is not None else None
        bar_y = y + LABEL_HEIGHT
        bars.append(
            Bar(
                label=label,
                label_y=y + LABEL_HEIGHT - 5,
                y=bar_y,
                segments=tuple(segments),
                total=f"{sum(values):,}",
                total_x=round(x) + 6,
                text_y=bar_y + BAR_HEIGHT - 5,
                marker_x=None if marker is None else round(marker * scale),
            )
        )
        y = bar_y + BAR_HEIGHT + ROW_GAP
    keys = [
        *(series if len(series) > 1 else []),
        *([(marker_label, MARKER)] if marker_label else []),
    ]
    legend = tuple(
        LegendKey(name, css, index * (WIDTH // max(3, len(keys))))
        for index, (name, css) in enumerate(keys)
    )
    return BarChart(
        slug=slug,
        title=title,
        summary=summary,
        bars=tuple(bars),
        legend=legend,
        height=max(y, legend_height + 1),
        marker_label=marker_label,
    )
