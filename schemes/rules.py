"""The shared rules, as plain functions of plain values: task statuses, the SMART
check (objectives are shared by planning and monitoring) and due dates.

No database access here: callers pass what the rule needs, so every rule is unit
tested on its own (tests/schemes/test_rules.py). Each phase keeps its own rules in
its app (planning/rules.py, maintenance/rules.py).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

# --- the planning checklist ----------------------------------------------------------


class TaskStatus(StrEnum):
    """A task's status on the GOV.UK task list."""

    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    COMPLETED = "Completed"
    CANNOT_START = "Cannot start yet"


# GOV.UK task list: "Not started" and "In progress" are tags; "Completed" and "Cannot
# start yet" are plain text (the latter in grey, by the task list's own class).
TASK_STATUS_TAG_COLOURS: dict[TaskStatus, str] = {
    TaskStatus.NOT_STARTED: "blue",
    TaskStatus.IN_PROGRESS: "light-blue",
    TaskStatus.COMPLETED: "",
    TaskStatus.CANNOT_START: "",
}


# --- SMART objectives ----------------------------------------------------------------

# An achievable target moves the indicator by at most this factor either way: a 90%
# cut or a fivefold rise. Beyond that the form asks the coordinator to think again.
# The rise is counted from at least 1, so a zero baseline (nothing happens yet) is
# judged like any other: from 0 a target of up to 5 is achievable, not any number.
MOST_REDUCTION = Decimal("0.1")
MOST_INCREASE = Decimal("5")
SMALLEST_BASE = Decimal("1")

# What the achievable rule checks, in words, for the form's hint before anyone fails it.
ACHIEVABLE_HINT = (
    "To be achievable the target must be between a 90% fall and a fivefold rise from the "
    "baseline (counted from 1 when the baseline is 0). For example, from 20: between 2 and 100"
)


def _number(value: Decimal) -> str:
    """20, 2.5 or 0: a decimal as people write it."""
    return f"{value.normalize():f}"


def achievable_range(baseline: Decimal) -> tuple[Decimal, Decimal]:
    """The lowest and highest achievable targets from ``baseline`` (not negative)."""
    return baseline * MOST_REDUCTION, max(baseline, SMALLEST_BASE) * MOST_INCREASE


LONGEST_DEADLINE = timedelta(days=3 * 366)
VAGUE_INDICATORS = {"improve", "improvement", "better", "more", "less", "impact", "outcomes"}


def smart_problems(
    *,
    indicator: str,
    relevance: str,
    baseline: Decimal | None,
    target: Decimal | None,
    deadline: date | None,
    scheme_need: str,
    today: date,
) -> dict[str, str]:
    """Which parts of SMART an objective fails, as {part: message}.

    Parts: specific (a named indicator), measurable (numeric baseline and target that
    differ), achievable (target within a sane range of the baseline), relevant (linked
    to the scheme's stated need), time-bound (a deadline in the next three years).
    """
    problems: dict[str, str] = {}
    words = [word.strip(".,").lower() for word in indicator.split()]
    if len(words) < 2 or set(words) <= VAGUE_INDICATORS:
        problems["specific"] = (
            "Specific: name what you will measure, like “self-harm incidents a month on A wing”"
        )
    if baseline is None or target is None:
        problems["measurable"] = "Measurable: give a number for the baseline and for the target"
    elif baseline == target:
        problems["measurable"] = "Measurable: the target must be different from the baseline"
    if baseline is not None and target is not None:
        if baseline < 0 or target < 0:
            problems["achievable"] = "Achievable: the baseline and target cannot be negative"
        else:
            lowest, highest = achievable_range(baseline)
            if not lowest <= target <= highest:
                between = f"between {_number(lowest)} and {_number(highest)}"
                problems["achievable"] = (
                    "Achievable: set a target between a 90% fall and a fivefold rise from the "
                    f"baseline: from {_number(baseline)}, {between}"
                )
    if not scheme_need.strip():
        problems["relevant"] = (
            "Relevant: first answer “Why do you need it and what do you need it to do?” "
            "so the objective can link to the need"
        )
    elif not relevance.strip():
        problems["relevant"] = "Relevant: say how this objective shows the scheme meets its need"
    if deadline is None:
        problems["time-bound"] = "Time-bound: give a deadline"
    elif deadline <= today:
        problems["time-bound"] = "Time-bound: the deadline must be in the future"
    elif deadline > today + LONGEST_DEADLINE:
        problems["time-bound"] = "Time-bound: set a deadline within the next 3 years"
    return problems


# --- reviews -------------------------------------------------------------------------

DUE_SOON = timedelta(days=14)


class DueState(StrEnum):
    OVERDUE = "Overdue"
    DUE_SOON = "Due soon"
    SCHEDULED = "Scheduled"
    DONE = "Done"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_state(due: date | None, today: date, *, done: bool = False) -> DueState | None:
    """The GOV.UK tag for something due: Overdue (red), Due soon (yellow), Done (green)."""
    if done:
        return DueState.DONE
    if due is None:
        return None
    if due < today:
        return DueState.OVERDUE
    if due <= today + DUE_SOON:
        return DueState.DUE_SOON
    return DueState.SCHEDULED


DUE_STATE_TAG_COLOURS = {
    DueState.OVERDUE: "red",
    DueState.DUE_SOON: "yellow",
    DueState.SCHEDULED: "blue",
    DueState.DONE: "green",
}
