"""Plain rules for indicators, monthly returns and evaluations (no database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

# The return for a month falls due on this day of the next month.
RETURN_DUE_DAY = 10
# Management information is "used" when a return was approved within this many months.
RECENT_RETURN_MONTHS = 3

NOT_STARTED = ("Not started", "grey")
IN_PROGRESS = ("In progress", "light-blue")
COMPLETED = ("Completed", "")


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(day: date) -> date:
    """The first day of the month before ``day``'s."""
    return month_start(month_start(day) - timedelta(days=1))


def next_month(month: date) -> date:
    return month_start(month_start(month) + timedelta(days=32))


def return_due_on(month: date) -> date:
    """The day the return for ``month`` falls due: the 10th of the month after."""
    return next_month(month).replace(day=RETURN_DUE_DAY)


def return_late(today: date, last_status: str | None) -> bool:
    """Last month's return is late once its due day has passed and it has not been
    submitted (a submitted or approved return is not late)."""
    due = return_due_on(previous_month(today))
    return today > due and last_status not in ("submitted", "approved")


def reached(baseline: Decimal, target: Decimal, value: Decimal) -> bool:
    """Whether ``value`` has reached the target, in the direction from the baseline
    (a target below the baseline is reached by going down)."""
    if target >= baseline:
        return value >= target
    return value <= target


def off_track(
    *, baseline: Decimal, target: Decimal, deadline: date, latest: Decimal | None, today: date
) -> bool:
    """An objective is off track when its latest value is further from the target than
    its baseline was, or its deadline has passed without the target being reached
    (with no value recorded, only the deadline can say so)."""
    if latest is None:
        return deadline < today
    if abs(target - latest) > abs(target - baseline):
        return True
    return deadline < today and not reached(baseline, target, latest)


def progress_words(
    *, baseline: Decimal, target: Decimal, deadline: date, latest: Decimal | None, today: date
) -> tuple[str, str]:
    """How an objective stands, in words and a tag colour."""
    if latest is not None and reached(baseline, target, latest):
        return "Target reached", "green"
    if off_track(baseline=baseline, target=target, deadline=deadline, latest=latest, today=today):
        return "Off track", "red"
    if latest is None:
        return "No value yet", "grey"
    return "On track", "blue"


@dataclass(frozen=True)
class PhaseFacts:
    """What the phase 4 task list and the self-assessment judge the evaluation items by."""

    launched_on: date | None
    last_deadline: date | None
    objectives: int
    evaluations: int
    evaluations_with_findings: int
    adjustments: int
    approved_recently: int
    returns: int


def runs_long_enough(facts: PhaseFacts, today: date) -> tuple[tuple[str, str], str]:
    """(status, colour) and a hint for "ensure it runs long enough to achieve what it
    sets out to do": from the launch date against the objectives' deadlines."""
    if facts.objectives == 0 or facts.last_deadline is None:
        return NOT_STARTED, "No objectives with deadlines yet"
    deadline = f"{facts.last_deadline:%-d %B %Y}"
    if facts.launched_on is None:
        return NOT_STARTED, f"Not launched yet; the last objective's deadline is {deadline}"
    if facts.last_deadline < facts.launched_on:
        return IN_PROGRESS, f"The last objective's deadline, {deadline}, is before the launch"
    if facts.last_deadline <= today:
        return COMPLETED, f"Ran from launch to the last objective's deadline, {deadline}"
    return IN_PROGRESS, f"Runs until the last objective's deadline, {deadline}"


def evaluate_status(facts: PhaseFacts) -> tuple[tuple[str, str], str]:
    """The evaluate item (has it worked as intended?): an evaluation with findings."""
    if facts.evaluations_with_findings:
        return COMPLETED, "An evaluation has findings"
    if facts.evaluations:
        return IN_PROGRESS, "An evaluation has been started, with no findings yet"
    return NOT_STARTED, "No evaluation yet"


def information_status(facts: PhaseFacts) -> tuple[tuple[str, str], str]:
    """ "use management information or feedback": monthly returns approved recently."""
    if facts.approved_recently:
        months = RECENT_RETURN_MONTHS
        return COMPLETED, f"A monthly return was approved in the last {months} months"
    if facts.returns:
        return IN_PROGRESS, "No monthly return approved in the last 3 months"
    return NOT_STARTED, "No monthly return yet"


def formal_evaluation_status(facts: PhaseFacts) -> tuple[tuple[str, str], str]:
    """ "consider formal evaluation and adjust design and delivery according to
    findings": an evaluation whose findings led to adjustments."""
    if facts.adjustments:
        return COMPLETED, "An evaluation's findings led to adjustments"
    if facts.evaluations_with_findings:
        return IN_PROGRESS, "Findings recorded, with no adjustments yet"
    return NOT_STARTED, "No evaluation findings yet"


RATING = {COMPLETED: "met", IN_PROGRESS: "partly met", NOT_STARTED: "not met"}
