"""The evaluation pack: a scheme's figures for a period, as a list of sections.

Each section is built by one function from ``SECTIONS`` (a fixed number of queries
each, from the monthly summaries, never the activity log), so a section is added by
writing a function and listing it. The page previews the sections; ``pack_csv``,
``pack_xlsx`` and the PDF template write the same sections.

Aggregates only: no section names a person. For a user who may not see people (the
analyst), a risk is shown by its category (its title is free text) and an objective by
its number (its indicator is free text).
"""

from __future__ import annotations

import csv as csv_module
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import IO

import xlsxwriter
from django.db.models import Count, Sum

from schemes import phases
from schemes.models import Scheme, SmartObjective

from . import rules
from .dashboards.csv import _Echo, _safe
from .dashboards.selectors import NOT_RECORDED, Cell
from .models import (
    ActivityHourMonth,
    ActivityMonth,
    ActivityMonthOutcome,
    ActivityWingMonth,
    ConfidentialityIncident,
    RiskEntry,
)

DEFAULT_MONTHS = 12
# What the guidance's evaluation asks for that no phase records yet: said, not invented.
NOT_IN_PACK_YET = ("Feedback results: not recorded in this pack yet",)


@dataclass(frozen=True)
class Period:
    """Whole calendar months, from the first day of ``start`` to the end of ``end``."""

    start: date  # a month's first day
    end: date  # a month's first day, not before start

    @property
    def months(self) -> list[date]:
        months, month = [], self.start
        while month <= self.end:
            months.append(month)
            month = next_month(month)
        return months

    @property
    def words(self) -> str:
        if self.start == self.end:
            return f"{self.start:%B %Y}"
        return f"{self.start:%B %Y} to {self.end:%B %Y}"

    @property
    def slug(self) -> str:
        return f"{self.start:%Y-%m}-to-{self.end:%Y-%m}"

    def contains(self, day: date) -> bool:
        return self.start <= day < next_month(self.end)


def next_month(month: date) -> date:
    return date(month.year + 1, 1, 1) if month.month == 12 else date(month.year, month.month + 1, 1)


def default_period(today: date) -> Period:
    """The last 12 complete calendar months."""
    months = rules.last_months(today, DEFAULT_MONTHS + 1)
    return Period(months[0], months[-2])


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    headers: tuple[str, ...]
    rows: Sequence[tuple[Cell, ...]]
    intro: str = ""
    empty: str = "None in this period."

    @property
    def numeric_columns(self) -> set[int]:
        """The columns whose figures are right-aligned, as GOV.UK numeric columns are."""
        return (
            {index for index, cell in enumerate(self.rows[0]) if cell.numeric}
            if self.rows
            else set()
        )


@dataclass(frozen=True)
class PackContext:
    scheme: Scheme
    period: Period
    today: date
    show_people: bool


@dataclass
class Pack:
    scheme: Scheme
    period: Period
    today: date
    sections: list[Section] = field(default_factory=list)
    not_yet: tuple[str, ...] = NOT_IN_PACK_YET

    @property
    def filename(self) -> str:
        return f"evaluation-pack-scheme-{self.scheme.pk}-{self.period.slug}"


def _number(value: int) -> Cell:
    return Cell(f"{value:,}", numeric=True, csv=str(value))


def _hours(minutes: int) -> Cell:
    return Cell(f"{minutes / 60:,.1f}", numeric=True, csv=f"{minutes / 60:.1f}")


def _text(value: str) -> Cell:
    return Cell(value)


# --- the sections ------------------------------------------------------------------------


def peer_supporters(context: PackContext) -> Section:
    """Today's headcount and the period's training hours, from the phase that holds
    people (the registry's figures): "Not recorded yet" where no phase gives them."""
    figures = phases.figures_many(
        [context.scheme], context.today, names=(phases.HEADCOUNT, phases.TRAINING_HOURS)
    ).get(context.scheme.pk, {})
    headcount = figures.get(phases.HEADCOUNT)
    training = figures.get(phases.TRAINING_HOURS)
    hours = (
        sum(
            (Decimal(value) for month, value in training.items() if context.period.contains(month)),
            Decimal(0),
        )
        if isinstance(training, dict)
        else None
    )
    return Section(
        slug="peer-supporters",
        title="Peer supporters and training",
        headers=("Figure", "Number"),
        rows=[
            (
                _text(f"Peer supporters in post on {context.today:%-d %B %Y}"),
                _number(headcount) if isinstance(headcount, int) else _text(NOT_RECORDED),
            ),
            (
                _text("Hours of training completed in the period"),
                Cell(f"{hours:,.1f}", numeric=True, csv=f"{hours:.1f}")
                if hours is not None
                else _text(NOT_RECORDED),
            ),
        ],
    )


def activity_by_month(context: PackContext) -> Section:
    period = context.period
    summaries = {
        row.month: row
        for row in ActivityMonth.objects.filter(
            scheme=context.scheme, month__gte=period.start, month__lte=period.end
        )
    }
    rows = []
    totals = [0, 0, 0, 0]
    for month in period.months:
        summary = summaries.get(month)
        figures = (
            [summary.entries, summary.people_reached, summary.minutes, summary.night_entries]
            if summary
            else [0, 0, 0, 0]
        )
        totals = [a + b for a, b in zip(totals, figures, strict=True)]
        rows.append(
            (
                _text(f"{month:%B %Y}"),
                _number(figures[0]),
                _number(figures[1]),
                _hours(figures[2]),
                _number(figures[3]),
            )
        )
    rows.append(
        (
            _text("Total"),
            _number(totals[0]),
            _number(totals[1]),
            _hours(totals[2]),
            _number(totals[3]),
        )
    )
    return Section(
        slug="activity-by-month",
        title="Activity by month",
        headers=("Month", "Entries", "People reached", "Hours", "Entries midnight to 06:00"),
        rows=rows,
    )


def activity_by_outcome(context: PackContext) -> Section:
    period = context.period
    counts = dict(
        ActivityMonthOutcome.objects.filter(
            scheme=context.scheme, month__gte=period.start, month__lte=period.end
        )
        .order_by()
        .values("outcome")
        .annotate(total=Sum("count"))
        .values_list("outcome", "total")
    )
    return Section(
        slug="activity-by-outcome",
        title="Activity by outcome",
        intro="An entry can have more than one outcome.",
        headers=("Outcome", "Entries"),
        rows=[
            (_text(words), _number(counts.get(code) or 0))
            for code, words in rules.outcome_choices(context.scheme.scheme_type)
        ],
    )


def activity_by_wing(context: PackContext) -> Section:
    period = context.period
    rows = [
        (_text(location), _number(entries), _number(reached), _hours(minutes))
        for location, entries, reached, minutes in ActivityWingMonth.objects.filter(
            scheme=context.scheme, month__gte=period.start, month__lte=period.end
        )
        .order_by()
        .values("location")
        .annotate(e=Sum("entries"), r=Sum("people_reached"), m=Sum("minutes"))
        .filter(e__gt=0)
        .order_by("-e", "location")
        .values_list("location", "e", "r", "m")
    ]
    return Section(
        slug="activity-by-wing",
        title="Activity by wing",
        headers=("Wing or place", "Entries", "People reached", "Hours"),
        rows=rows,
        empty="No activity was logged in this period.",
    )


def activity_by_hour(context: PackContext) -> Section:
    period = context.period
    counts = dict(
        ActivityHourMonth.objects.filter(
            scheme=context.scheme, month__gte=period.start, month__lte=period.end
        )
        .order_by()
        .values("hour")
        .annotate(total=Sum("entries"))
        .values_list("hour", "total")
    )
    return Section(
        slug="activity-by-hour",
        title="Activity by hour of the day",
        intro="When each entry began.",
        headers=("Hour", "Entries"),
        rows=[
            (_text(f"{hour:02d}:00 to {hour:02d}:59"), _number(counts.get(hour) or 0))
            for hour in range(24)
        ],
    )


def risks(context: PackContext) -> Section:
    register = RiskEntry.objects.filter(scheme=context.scheme).order_by("status", "-id")
    rows = []
    for risk in register:
        words, _ = rules.score_words(risk.score)
        rows.append(
            (
                _text(risk.title if context.show_people else risk.get_category_display()),
                _text(risk.get_category_display()),
                Cell(f"{risk.score} ({words})", numeric=True, csv=str(risk.score)),
                _text(risk.get_status_display()),
                _text(f"{risk.review_on:%-d %B %Y}"),
            )
        )
    return Section(
        slug="risks",
        title="Risk register",
        intro="As it stands today. Score: likelihood times impact, each from 1 to 5.",
        headers=("Risk", "Category", "Score", "Status", "Next review"),
        rows=rows,
        empty="The register has no risks.",
    )


def incidents(context: PackContext) -> Section:
    period = context.period
    number = ConfidentialityIncident.objects.filter(
        risk__scheme=context.scheme,
        occurred_on__gte=period.start,
        occurred_on__lt=next_month(period.end),
    ).aggregate(n=Count("pk"))["n"]
    return Section(
        slug="incidents",
        title="Confidentiality incidents",
        headers=("Figure", "Number"),
        rows=[(_text("Breaches and near misses recorded in the period"), _number(number))],
    )


def objectives(context: PackContext) -> Section:
    rows = []
    for number, objective in enumerate(
        SmartObjective.objects.filter(scheme=context.scheme).order_by("deadline", "pk"), 1
    ):
        rows.append(
            (
                _text(objective.indicator if context.show_people else f"Objective {number}"),
                Cell(f"{objective.baseline.normalize():f}", numeric=True),
                Cell(f"{objective.target.normalize():f}", numeric=True),
                _text(objective.unit),
                _text(f"{objective.deadline:%-d %B %Y}"),
            )
        )
    return Section(
        slug="objectives",
        title="Objectives",
        intro="Each SMART objective set in planning, with its baseline and target.",
        headers=("Objective", "Baseline", "Target", "Unit", "Deadline"),
        rows=rows,
        empty="No objectives have been set.",
    )


SECTIONS: tuple[Callable[[PackContext], Section], ...] = (
    peer_supporters,
    activity_by_month,
    activity_by_outcome,
    activity_by_wing,
    activity_by_hour,
    risks,
    incidents,
    objectives,
)


def evaluation_pack(scheme: Scheme, period: Period, today: date, *, show_people: bool) -> Pack:
    """Every section of the pack, in a fixed number of queries."""
    context = PackContext(scheme=scheme, period=period, today=today, show_people=show_people)
    return Pack(
        scheme=scheme,
        period=period,
        today=today,
        sections=[build(context) for build in SECTIONS],
    )


# --- the downloads ---------------------------------------------------------------------


def pack_csv(pack: Pack) -> Iterator[str]:
    """Each section: its title, its headers, its rows, then a blank line."""
    writer = csv_module.writer(_Echo())
    yield writer.writerow([f"Evaluation pack: {pack.scheme.name}", pack.period.words])
    yield writer.writerow([])
    for section in pack.sections:
        yield writer.writerow([section.title])
        yield writer.writerow(section.headers)
        for row in section.rows:
            yield writer.writerow([_safe(cell.raw) for cell in row])
        yield writer.writerow([])
    for words in pack.not_yet:
        yield writer.writerow([words])


def _sheet_name(title: str) -> str:
    return title[:31]


def pack_xlsx(pack: Pack) -> IO[bytes]:
    """The pack as a workbook, one sheet per section, written in XlsxWriter's
    constant-memory mode to a temporary file (returned open, at its start)."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
    workbook = xlsxwriter.Workbook(
        handle, {"constant_memory": True, "strings_to_formulas": False, "in_memory": False}
    )
    workbook.set_properties({"title": f"Evaluation pack: {pack.scheme.name}, {pack.period.words}"})
    bold = workbook.add_format({"bold": True})
    for section in pack.sections:
        sheet = workbook.add_worksheet(_sheet_name(section.title))
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, len(section.headers), 16)
        sheet.write_string(0, 0, section.title, bold)
        sheet.write_row(1, 0, section.headers, bold)
        for number, row in enumerate(section.rows, 2):
            for column, cell in enumerate(row):
                if cell.numeric and _is_number(cell.raw):
                    sheet.write_number(number, column, float(cell.raw))
                else:
                    sheet.write_string(number, column, cell.raw)
    notes = workbook.add_worksheet("Not in this pack yet")
    for number, words in enumerate(pack.not_yet):
        notes.write_string(number, 0, words)
    workbook.close()
    handle.seek(0)
    return handle


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
