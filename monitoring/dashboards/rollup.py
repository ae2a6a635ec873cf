"""The self-assessment's rules and the national figures' small-number suppression.

Plain functions of plain values (tests/dashboards/test_rollup_rules.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

NOT_ASSESSED = "not assessed yet"
# Every answer an item can have, in the order the pages list them.
ANSWERS = ("met", "partly met", "not met", NOT_ASSESSED)
ANSWER_TAGS: dict[str, str] = {
    "met": "green",
    "partly met": "yellow",
    "not met": "red",
    NOT_ASSESSED: "grey",
}

# Figures about people (peer supporters, activity) under this are not shown nationally:
# with so few, a person could be recognised.
SMALL_NUMBER = 5
SUPPRESSED = "fewer than 5"


@dataclass(frozen=True)
class ItemRollUp:
    """One checklist item across a prison's schemes: how many of each answer, and the
    overall answer."""

    answer: str
    counts: dict[str, int]

    @property
    def tag(self) -> str:
        return ANSWER_TAGS[self.answer]


def roll_up(answers: Iterable[str]) -> ItemRollUp:
    """The prison's answer for an item from its schemes' answers: met when every
    assessed scheme meets it, not met when none meets it even partly, partly met
    otherwise; not assessed yet when no scheme is assessed on it."""
    counts = Counter(answers)
    assessed = {answer: counts[answer] for answer in ("met", "partly met", "not met")}
    total = sum(assessed.values())
    if total == 0:
        answer = NOT_ASSESSED
    elif assessed["met"] == total:
        answer = "met"
    elif assessed["not met"] == total:
        answer = "not met"
    else:
        answer = "partly met"
    return ItemRollUp(answer, {name: counts[name] for name in ANSWERS})


def suppress(count: int | None) -> int | str | None:
    """A count about people as the national dashboard may show it: 1 to 4 become
    "fewer than 5"; 0 and None (not recorded) pass."""
    if count is not None and 0 < count < SMALL_NUMBER:
        return SUPPRESSED
    return count


def per_thousand(count: int | None, population: int | None) -> str | None:
    """A count per 1,000 prisoners, to one decimal place; None where either is
    unknown, and suppressed where the count itself would be."""
    if count is None or not population:
        return None
    if 0 < count < SMALL_NUMBER:
        return SUPPRESSED
    return f"{count * 1000 / population:,.1f}"
