"""The preferential treatment check's rules: plain functions, no database.

The guidance asks schemes to "remain vigilant for possible risks to the scheme - for
example, ... preferential treatment by staff". The check compares, for each dimension
(age band, ethnic group, religion, disability), each group's share among a scheme's
peer supporters and applicants with its share of the prison's population, and its share
among approved applicants with its share among applicants.

A group is flagged when its share is under ``THRESHOLD`` (half) of the share it would
have if the roles matched, and the count that would match is at least ``SMALL_NUMBER``:
a group too small to expect five people cannot be judged.

Counts from 1 to 4 are shown as "fewer than 5", and where one such count in a column
could be worked out from the total and the other counts, the next smallest count is not
shown either. 0 identifies nobody and is shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

THRESHOLD = 0.5
SMALL_NUMBER = 5
SUPPRESSED = "Fewer than 5"
WITHHELD = "Not shown"
# Groups that say nothing was recorded: shown, never flagged.
UNFLAGGED = frozenset({"Not recorded", "Prefers not to say"})

Measure = Literal["peer_supporters", "applied", "approved"]
# (measure, what is counted, the base it is compared with, the base's words)
MEASURES: tuple[tuple[Measure, str, str, str], ...] = (
    ("peer_supporters", "peer supporters", "population", "the prison's population"),
    (
        "applied",
        "people who applied in the last 12 months",
        "population",
        "the prison's population",
    ),
    ("approved", "applicants approved", "applied", "the applicants"),
)
COLUMNS = ("population", "peer_supporters", "applied", "approved")


def shown(count: int) -> str:
    """A count about people as the check shows it."""
    return SUPPRESSED.lower() if 0 < count < SMALL_NUMBER else f"{count:,}"


@dataclass(frozen=True)
class Cell:
    """One figure of the table: the count and its share of the column, or words."""

    text: str
    suppressed: bool = False


def column(counts: Sequence[int]) -> list[Cell]:
    """A column of counts (one per group) as shown: "180 (12%)", "Fewer than 5" or
    "Not shown". Where exactly one count is under 5, the next smallest count is withheld
    too, so that the total less the others does not give it away; where the whole
    column is under 5 people, no group's count is shown."""
    total = sum(counts)
    if 0 < total < SMALL_NUMBER:
        # Fewer than 5 people in all: which groups they are in would identify them.
        return [Cell(WITHHELD, suppressed=True) for _ in counts]
    small = [i for i, count in enumerate(counts) if 0 < count < SMALL_NUMBER]
    withheld: set[int] = set()
    if len(small) == 1:
        others = [i for i, count in enumerate(counts) if count >= SMALL_NUMBER]
        if others:
            withheld.add(min(others, key=lambda i: counts[i]))
    cells = []
    for i, count in enumerate(counts):
        if i in small:
            cells.append(Cell(SUPPRESSED, suppressed=True))
        elif i in withheld:
            cells.append(Cell(WITHHELD, suppressed=True))
        elif count:
            cells.append(Cell(f"{count:,} ({percent(count, total)})"))
        else:
            cells.append(Cell("0"))
    return cells


def total_text(total: int) -> str:
    """A column's total as shown."""
    return SUPPRESSED if 0 < total < SMALL_NUMBER else f"{total:,}"


def percent(count: int, total: int) -> str:
    return f"{round(100 * count / total)}%" if total else "0%"


@dataclass(frozen=True)
class Flag:
    """A group under-represented in one measure, with the figures that show it."""

    measure: Measure
    dimension: str
    dimension_label: str
    group: str
    observed: int  # the group's count among those measured
    total: int  # everyone measured (e.g. the scheme's peer supporters)
    base: int  # the group's count in the base (e.g. the prison's population)
    base_total: int
    expected: float  # the count that would match the base's share

    @property
    def key(self) -> str:
        """What identifies the flag: a risk raised from it carries this."""
        return f"{self.measure}|{self.dimension}|{self.group}"[:200]

    @property
    def counted(self) -> str:
        return next(words for measure, words, _, _ in MEASURES if measure == self.measure)

    @property
    def compared_with(self) -> str:
        return next(words for measure, _, _, words in MEASURES if measure == self.measure)

    @property
    def title(self) -> str:
        what = {
            "peer_supporters": "among peer supporters",
            "applied": "among applicants",
            "approved": "among approved applicants",
        }[self.measure]
        return f"{self.group} under-represented {what} ({self.dimension_label.lower()})"[:200]

    @property
    def words(self) -> str:
        """The figures in words, with counts under 5 suppressed."""
        base_share = percent(self.base, self.base_total)
        if 0 < self.observed < SMALL_NUMBER:
            observed = f"{SUPPRESSED.lower()} of the {self.total:,} {self.counted}"
        else:
            observed = (
                f"{self.observed:,} of the {self.total:,} {self.counted} "
                f"({percent(self.observed, self.total)})"
            )
        return (
            f"{self.group}: {base_share} of {self.compared_with} "
            f"({shown(self.base)} of {self.base_total:,}), but {observed}. "
            f"About {round(self.expected):,} would match {self.compared_with}."
        )


def under_represented(
    observed: int, total: int, base: int, base_total: int, threshold: float = THRESHOLD
) -> float | None:
    """The count that would match the base's share, if the group's share is under
    ``threshold`` of it and that count is at least SMALL_NUMBER; otherwise None."""
    if total <= 0 or base_total <= 0 or base <= 0:
        return None
    expected = total * base / base_total
    if expected < SMALL_NUMBER:
        return None
    if observed / total < threshold * base / base_total:
        return expected
    return None


def flags(
    groups: Mapping[str, Mapping[str, Mapping[str, int]]],
    dimension_labels: Mapping[str, str],
    threshold: float = THRESHOLD,
) -> list[Flag]:
    """Every under-represented group: ``groups`` is, for each dimension, each group's
    counts by column ("population", "peer_supporters", "applied", "approved")."""
    found: list[Flag] = []
    for dimension, by_group in groups.items():
        totals = {name: sum(counts[name] for counts in by_group.values()) for name in COLUMNS}
        for measure, _, base_column, _ in MEASURES:
            for group, counts in by_group.items():
                if group in UNFLAGGED:
                    continue
                expected = under_represented(
                    counts[measure],
                    totals[measure],
                    counts[base_column],
                    totals[base_column],
                    threshold,
                )
                if expected is not None:
                    found.append(
                        Flag(
                            measure=measure,
                            dimension=dimension,
                            dimension_label=dimension_labels.get(dimension, dimension),
                            group=group,
                            observed=counts[measure],
                            total=totals[measure],
                            base=counts[base_column],
                            base_total=totals[base_column],
                            expected=expected,
                        )
                    )
    return found


def population_problem(totals: Mapping[str, int], labels: Mapping[str, str]) -> str | None:
    """Why entered population counts cannot be saved: none entered, or dimensions that
    do not add up to the same population (each has a "Not recorded" group for people
    whose group is not known). None if they can."""
    entered = {dimension: total for dimension, total in totals.items() if total > 0}
    if not entered:
        return "Enter the number of people in at least one group"
    if len(set(entered.values())) > 1:
        sums = ", ".join(
            f"{labels.get(dimension, dimension).lower()} {total:,}"
            for dimension, total in entered.items()
        )
        return (
            "Each dimension must add up to the same population (include people whose "
            f"group is not known under “Not recorded”): {sums}"
        )
    return None
