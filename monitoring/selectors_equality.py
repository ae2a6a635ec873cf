"""Reads for the preferential treatment check: the scheme's composition (from the phase
that holds people, through the registry), the prison's entered population counts where
it has no extract, and the risks already raised from the check's flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from schemes import phases
from schemes.models import Scheme

from . import rules_equality as rules
from .models import PopulationCount, PopulationFigures, RiskEntry, RiskStatus

Source = Literal["extract", "entered", "none"]


@dataclass(frozen=True)
class GroupRow:
    group: str
    cells: list[rules.Cell]  # population, peer supporters, applied, approved


@dataclass(frozen=True)
class DimensionTable:
    key: str
    label: str
    rows: list[GroupRow]
    totals: list[str]  # each column's total, as shown


@dataclass
class EqualityCheck:
    source: Source
    entered_on: date | None  # the date the entered counts describe
    population_total: int
    tables: list[DimensionTable]
    flags: list[rules.Flag]
    raised: dict[str, int] = field(default_factory=dict)  # flag key -> open risk's id

    @property
    def flagged(self) -> list[tuple[rules.Flag, int | None]]:
        """Each flag with the id of the open risk raised from it, if any."""
        return [(flag, self.raised.get(flag.key)) for flag in self.flags]

    @property
    def has_population(self) -> bool:
        return self.source != "none"


def population_figures(prison_id: int) -> PopulationFigures | None:
    return PopulationFigures.objects.filter(prison_id=prison_id).first()


def entered_counts(figures: PopulationFigures | None) -> dict[str, dict[str, int]]:
    """The entered counts, by dimension and group. One query."""
    counts: dict[str, dict[str, int]] = {}
    if figures is None:
        return counts
    for dimension, group, count in PopulationCount.objects.filter(figures=figures).values_list(
        "dimension", "group", "count"
    ):
        counts.setdefault(dimension, {})[group] = count
    return counts


def composition_groups(scheme: Scheme, day: date) -> tuple[dict[str, list[str]], int] | None:
    """Every group of each dimension, in order (for the population form), and how many
    people the prison's extract holds (0: it has none); None where no phase holds
    people."""
    found = phases.composition(scheme, day)
    if found is None:
        return None
    groups = {key: list(found.groups.get(key, {})) for key, _ in phases.DIMENSIONS}
    return groups, found.population_total


def equality_check(scheme: Scheme, day: date) -> EqualityCheck | None:
    """The check for a scheme on ``day``: tables with small numbers suppressed, the
    flags, and which flags already have an open risk. Five queries at most (three of
    them the composition's); None where no phase holds people."""
    found = phases.composition(scheme, day)
    if found is None:
        return None
    source: Source = "extract"
    entered_on = None
    population_total = found.population_total
    entered: dict[str, dict[str, int]] = {}
    if population_total == 0:
        figures = population_figures(scheme.prison_id)
        entered = entered_counts(figures)
        if figures is not None and entered:
            source, entered_on = "entered", figures.as_of
            population_total = max(sum(by_group.values()) for by_group in entered.values())
        else:
            source = "none"
    counts: dict[str, dict[str, dict[str, int]]] = {}
    labels = dict(phases.DIMENSIONS)
    for key, _ in phases.DIMENSIONS:
        by_group = found.groups.get(key, {})
        names = list(by_group)
        names += [name for name in entered.get(key, {}) if name not in by_group]
        counts[key] = {}
        for name in names:
            group = by_group.get(name, phases.GroupCounts())
            counts[key][name] = {
                "population": entered.get(key, {}).get(name, 0)
                if source == "entered"
                else group.population,
                "peer_supporters": group.peer_supporters,
                "applied": group.applied,
                "approved": group.approved,
            }
        if source == "entered" and not entered.get(key):
            # This dimension was not entered: nothing to compare it with.
            for row in counts[key].values():
                row["population"] = 0
    tables = [_table(key, labels[key], counts[key]) for key, _ in phases.DIMENSIONS]
    flags = rules.flags(counts, labels)
    if source == "none":
        flags = [flag for flag in flags if flag.measure == "approved"]
    raised = dict(
        RiskEntry.objects.filter(
            scheme=scheme, status=RiskStatus.OPEN, equality_flag__in=[flag.key for flag in flags]
        ).values_list("equality_flag", "pk")
    )
    return EqualityCheck(
        source=source,
        entered_on=entered_on,
        population_total=population_total,
        tables=tables,
        flags=flags,
        raised=raised,
    )


def _table(key: str, label: str, counts: dict[str, dict[str, int]]) -> DimensionTable:
    groups = list(counts)
    columns = [rules.column([counts[group][name] for group in groups]) for name in rules.COLUMNS]
    rows = [
        GroupRow(group=group, cells=[columns[c][i] for c in range(len(rules.COLUMNS))])
        for i, group in enumerate(groups)
    ]
    totals = [rules.total_text(sum(counts[g][name] for g in groups)) for name in rules.COLUMNS]
    return DimensionTable(key=key, label=label, rows=rows, totals=totals)
