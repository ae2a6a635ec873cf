"""Reads for the preferential treatment check: the scheme's composition (from the phase
that holds people, through the registry), the prison's entered population counts where
it has no extract, and the risks already raised from the check's flags."""

from __future__ import annotations

from collections.abc import Sequence
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


Counts = dict[str, dict[str, dict[str, int]]]  # dimension -> group -> column -> count
Entered = tuple[date, dict[str, dict[str, int]]]  # the date they describe, the counts


def entered_many(prison_ids: list[int]) -> dict[int, Entered]:
    """The population counts entered for each of these prisons. One query."""
    found: dict[int, Entered] = {}
    for prison_id, as_of, dimension, group, count in PopulationCount.objects.filter(
        figures__prison_id__in=prison_ids
    ).values_list("figures__prison_id", "figures__as_of", "dimension", "group", "count"):
        found.setdefault(prison_id, (as_of, {}))[1].setdefault(dimension, {})[group] = count
    return found


def _counts(
    found: phases.Composition, entered: Entered | None
) -> tuple[Source, date | None, int, Counts]:
    """The population's source (the extract, else the entered counts), and every
    group's counts by column."""
    by_entered: dict[str, dict[str, int]] = {}
    if found.population_total:
        source: Source = "extract"
        entered_on, population_total = None, found.population_total
    elif entered:
        source = "entered"
        entered_on, by_entered = entered
        population_total = max(sum(by_group.values()) for by_group in by_entered.values())
    else:
        source, entered_on, population_total = "none", None, 0
    counts: Counts = {}
    for key, _ in phases.DIMENSIONS:
        by_group = found.groups.get(key, {})
        names = list(by_group)
        names += [name for name in by_entered.get(key, {}) if name not in by_group]
        counts[key] = {}
        for name in names:
            group = by_group.get(name, phases.GroupCounts())
            counts[key][name] = {
                "population": by_entered.get(key, {}).get(name, 0)
                if source == "entered"
                else group.population,
                "peer_supporters": group.peer_supporters,
                "applied": group.applied,
                "approved": group.approved,
            }
    return source, entered_on, population_total, counts


def _flags(source: Source, counts: Counts) -> list[rules.Flag]:
    flags = rules.flags(counts, dict(phases.DIMENSIONS))
    if source == "none":
        # Nothing to compare with the population: only approved against applicants.
        flags = [flag for flag in flags if flag.measure == "approved"]
    return flags


def equality_check(scheme: Scheme, day: date) -> EqualityCheck | None:
    """The check for a scheme on ``day``: tables with small numbers suppressed, the
    flags, and which flags already have an open risk. Eight queries (six of them the
    composition's); None where no phase holds people."""
    found = phases.composition(scheme, day)
    if found is None:
        return None
    entered = None if found.population_total else entered_many([scheme.prison_id])
    source, entered_on, population_total, counts = _counts(
        found, (entered or {}).get(scheme.prison_id)
    )
    labels = dict(phases.DIMENSIONS)
    tables = [_table(key, labels[key], counts[key]) for key, _ in phases.DIMENSIONS]
    flags = _flags(source, counts)
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


def equality_flags_many(schemes: Sequence[Scheme], day: date) -> dict[int, int]:
    """How many groups the check flags at each scheme, for the prison dashboard (in this
    app: it may call it directly). Seven queries, whatever the number of schemes. Not a
    registry figure on purpose: ``figures_many`` serves every dashboard, and the
    national one would pay seven queries and a count of every prisoner in the estate
    for a figure it does not show."""
    if not schemes:
        return {}
    found = phases.composition_many(schemes, day)
    if not found:
        return {}
    entered = entered_many(sorted({scheme.prison_id for scheme in schemes}))
    flagged: dict[int, int] = {}
    for scheme in schemes:
        source, _, _, counts = _counts(found[scheme.pk], entered.get(scheme.prison_id))
        flagged[scheme.pk] = len(_flags(source, counts))
    return flagged


def _table(key: str, label: str, counts: dict[str, dict[str, int]]) -> DimensionTable:
    groups = list(counts)
    columns = [rules.column([counts[group][name] for group in groups]) for name in rules.COLUMNS]
    rows = [
        GroupRow(group=group, cells=[columns[c][i] for c in range(len(rules.COLUMNS))])
        for i, group in enumerate(groups)
    ]
    totals = [rules.total_text(sum(counts[g][name] for g in groups)) for name in rules.COLUMNS]
    return DimensionTable(key=key, label=label, rows=rows, totals=totals)
