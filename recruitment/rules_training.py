"""Training and practice rules (plain functions, no database): which required modules
a peer supporter still lacks, when a refresher falls due, and whether they may start
their probation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from schemes.rules import add_months


@dataclass(frozen=True)
class ModuleFacts:
    """What the rules need to know of a module."""

    id: int
    title: str
    required: bool
    refresh_months: int | None


def refresher_due_on(passed_on: date, refresh_months: int | None) -> date | None:
    """When a module passed on ``passed_on`` must be taken again (None: never)."""
    if refresh_months is None:
        return None
    return add_months(passed_on, refresh_months)


def modules_missing(modules: list[ModuleFacts], last_passed: dict[int, date]) -> list[str]:
    """The required modules not yet passed, by title, in the modules' order."""
    return [m.title for m in modules if m.required and m.id not in last_passed]


def refreshers_due(
    modules: list[ModuleFacts], last_passed: dict[int, date], on: date
) -> list[tuple[str, date]]:
    """The modules whose refresher is due on or before ``on``: (title, due date)."""
    due = []
    for module in modules:
        passed_on = last_passed.get(module.id)
        if passed_on is None:
            continue
        due_on = refresher_due_on(passed_on, module.refresh_months)
        if due_on is not None and due_on <= on:
            due.append((module.title, due_on))
    return due


def probation_problems(
    *,
    modules: list[ModuleFacts],
    last_passed: dict[int, date],
    practice_held: int,
    practice_needed: int,
    last_practice_ready: bool,
) -> list[str]:
    """Why a peer supporter in training cannot start their probation yet, in words
    (an empty list: they can). Every required module passed, and the scheme's number of
    supervised practice sessions held, the latest judged ready."""
    problems = []
    missing = modules_missing(modules, last_passed)
    if missing:
        problems.append("They have not passed: " + ", ".join(missing))
    if practice_held < practice_needed:
        more = practice_needed - practice_held
        problems.append(
            f"They need {more} more supervised practice session{'s' if more != 1 else ''} "
            f"({practice_held} of {practice_needed} held)"
        )
    elif practice_needed and not last_practice_ready:
        problems.append("Their latest practice session found they need more practice")
    return problems
