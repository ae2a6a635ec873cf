"""Recruitment's rules as plain functions: no database, unit-tested on their own.

Among them the turnover forecast and the gate from recruiting to active. The guidance
asks a scheme to consider the "turnover of peer supporters (sentence length)": people
are released, so a scheme that has enough peer supporters today may not have them in
three months. The forecast says when the number will fall below the scheme's minimum,
and by when a new round must start so that the new peer supporters have finished their
training by then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from peersupport.words import plural

# The age bands of HMPPS's offender equalities statistics.
AGE_BANDS: tuple[tuple[int, str], ...] = (
    (15, "15 to 17"),
    (18, "18 to 20"),
    (21, "21 to 24"),
    (25, "25 to 29"),
    (30, "30 to 39"),
    (40, "40 to 49"),
    (50, "50 to 59"),
    (60, "60 to 69"),
    (70, "70 and over"),
)
NOT_RECORDED = "Not recorded"


def age_on(date_of_birth: date, today: date) -> int:
    """Whole years of age on ``today`` (someone born on 29 February has their birthday
    on 1 March in other years)."""
    years = today.year - date_of_birth.year
    if (today.month, today.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def age_band(date_of_birth: date | None, today: date) -> str:
    """The person's age band on ``today``, such as "25 to 29"."""
    if date_of_birth is None or date_of_birth > today:
        return NOT_RECORDED
    age = age_on(date_of_birth, today)
    band = "Under 15"
    for lowest, label in AGE_BANDS:
        if age >= lowest:
            band = label
    return band


# GOV.UK's five ethnic groups (the 2021 Census), in the order GOV.UK lists them.
ASIAN = "Asian or Asian British"
BLACK = "Black, Black British, Caribbean or African"
MIXED = "Mixed or multiple ethnic groups"
WHITE = "White"
OTHER = "Other ethnic group"
NOT_STATED = "Prefers not to say"
ETHNIC_GROUPS = (ASIAN, BLACK, MIXED, WHITE, OTHER, NOT_STATED, NOT_RECORDED)

# NOMIS writes the group before a colon: "White: Eng./Welsh/Scot./N.Irish/British",
# "Asian/Asian British: Indian", "Black/Black British: Caribbean", "Mixed: White and
# Asian", "Other: Arab". What comes before the colon decides the group.
_GROUP_BY_START = (
    ("white", WHITE),
    ("asian", ASIAN),
    ("black", BLACK),
    ("mixed", MIXED),
    ("chinese", ASIAN),  # older NOMIS codes listed Chinese on its own
    ("other", OTHER),
    ("arab", OTHER),
    ("prefer", NOT_STATED),
    ("not stated", NOT_STATED),
    ("refused", NOT_STATED),
)


def ethnicity_group(ethnicity: str) -> str:
    """The GOV.UK ethnic group of a NOMIS ethnicity: "Asian/Asian British: Indian" is
    "Asian or Asian British"."""
    text = ethnicity.strip().lower()
    if not text:
        return NOT_RECORDED
    group_part = text.split(":", 1)[0].strip()
    for start, group in _GROUP_BY_START:
        if group_part.startswith(start):
            return group
    return OTHER


def earliest_release(dates: Iterable[date | None], *, indeterminate: bool) -> date | None:
    """The earliest of the release, conditional release and confirmed release dates; none
    for an indeterminate sentence (no date is set until the Parole Board directs it)."""
    if indeterminate:
        return None
    known = [day for day in dates if day is not None]
    return min(known) if known else None


# Prison numbers use these letters: never I or O, which read as 1 and 0.
PRISON_NUMBER_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def made_up_prison_number(n: int) -> str:
    """The ``n``th of a series of made-up prison numbers in the national format
    (A1234BC), a different one for every ``n`` below 5,760,000: for registers of
    made-up prisoners (the benchmark's, the tests' factories')."""
    letters = PRISON_NUMBER_LETTERS
    return f"{letters[n % 24]}{n % 10000:04d}{letters[n // 10000 % 24]}{letters[n // 240000 % 24]}"


# --- the turnover forecast ------------------------------------------------------------

FORECAST_WEEKS = 26
# The dashboards warn about a low point this close (schemes.phases.FORECAST_LOW).
LOW_POINT_HORIZON_WEEKS = 8

# Placement statuses as the forecast reads them (PlacementStatus's values).
IN_TRAINING = "in_training"
PROBATION = "probation"
ACTIVE = "active"
COUNTED_NOW = (PROBATION, ACTIVE)


@dataclass(frozen=True)
class PlacementFacts:
    """What the forecast needs of one open placement."""

    status: str
    started_on: date
    training_ends_on: date | None
    release_on: date | None  # the prisoner's earliest release date; None: no date


@dataclass(frozen=True)
class ForecastWeek:
    starts_on: date
    count: int
    below_minimum: bool
    below_target: bool


@dataclass(frozen=True)
class Forecast:
    """The next 26 weeks: how many peer supporters each week, against the minimum."""

    weeks: tuple[ForecastWeek, ...]
    headcount_now: int  # active or on probation today, whatever their release date
    minimum: int
    target: int
    training_weeks: int
    first_below: ForecastWeek | None  # the first week below the minimum
    shortfall: int  # how many short of the minimum in that week (0: never below)
    start_round_by: date | None  # the latest date a new round can start (None: no need)
    start_round_now: bool  # that date has already passed: start one now

    @property
    def low(self) -> ForecastWeek:
        """The lowest week (the earliest, if several are as low)."""
        return min(self.weeks, key=lambda week: week.count)

    def low_within(self, weeks: int) -> ForecastWeek:
        """The lowest of the first ``weeks`` weeks (the earliest, if several)."""
        return min(self.weeks[:weeks], key=lambda week: week.count)

    @property
    def highest(self) -> int:
        return max([week.count for week in self.weeks] + [self.minimum, self.target])


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def training_end(facts: PlacementFacts, training_weeks: int) -> date:
    """When a peer supporter in training can be counted: their recorded end, or the
    scheme's course length after they started."""
    return facts.training_ends_on or facts.started_on + timedelta(weeks=training_weeks)


def available_on(facts: PlacementFacts, day: date, training_weeks: int) -> bool:
    """Whether the placement gives the scheme a peer supporter on ``day``: active or on
    probation (or out of training by then), and not yet released (on their release
    date they are gone)."""
    if facts.release_on is not None and facts.release_on <= day:
        return False
    if facts.status in COUNTED_NOW:
        return True
    return facts.status == IN_TRAINING and training_end(facts, training_weeks) <= day


def turnover_forecast(
    placements: Iterable[PlacementFacts],
    *,
    minimum: int,
    target: int,
    today: date,
    training_weeks: int,
    weeks: int = FORECAST_WEEKS,
) -> Forecast:
    """For each of the next ``weeks`` weeks (each starting on a Monday; the first is
    this week, counted from today), how many peer supporters the scheme will have on
    the week's first day; the first week below the minimum, by how many, and the date
    a new round must start by (that week less the training course; "now" if passed)."""
    people = list(placements)
    monday = week_start(today)
    rows: list[ForecastWeek] = []
    for index in range(weeks):
        starts_on = monday + timedelta(weeks=index)
        day = max(starts_on, today)
        count = sum(1 for facts in people if available_on(facts, day, training_weeks))
        rows.append(ForecastWeek(starts_on, count, count < minimum, count < target))
    first_below = next((week for week in rows if week.below_minimum), None)
    start_by = None
    now = False
    if first_below is not None:
        start_by = first_below.starts_on - timedelta(weeks=training_weeks)
        now = start_by < today
    return Forecast(
        weeks=tuple(rows),
        headcount_now=sum(1 for facts in people if facts.status in COUNTED_NOW),
        minimum=minimum,
        target=target,
        training_weeks=training_weeks,
        first_below=first_below,
        shortfall=minimum - first_below.count if first_below is not None else 0,
        start_round_by=start_by,
        start_round_now=now,
    )


def forecast_message(forecast: Forecast) -> str:
    """The forecast in one sentence."""
    week = forecast.first_below
    if week is None:
        return (
            f"The forecast stays at or above the minimum of {forecast.minimum} for the next "
            f"{len(forecast.weeks)} weeks."
        )
    short = plural(forecast.shortfall, "peer supporter")
    when = (
        "this week"
        if week is forecast.weeks[0]
        else f"in the week starting {week.starts_on:%-d %B %Y}"
    )
    start = (
        "Start a new recruitment round now"
        if forecast.start_round_now
        else f"Start a new recruitment round by {forecast.start_round_by:%-d %B %Y}"
    )
    return (
        f"The number of peer supporters drops below the minimum of {forecast.minimum} "
        f"{when}, by {short}. {start}, to allow {forecast.training_weeks} weeks of training."
    )


# --- the gate from recruiting to active ---------------------------------------------

CONTINGENCY_MISSING = "Add an emergency and contingency plan"


def people_missing(minimum: int, signed_off: int) -> int:
    return max(0, minimum - signed_off)


def active_gate_problems(*, minimum: int, signed_off: int, current_plans: int) -> list[str]:
    """Why a recruiting scheme cannot start running: fewer than its minimum of peer
    supporters active or on probation with every sign-off, or no current emergency and
    contingency plan. Empty: nothing blocks it."""
    problems: list[str] = []
    missing = people_missing(minimum, signed_off)
    if missing:
        problems.append(
            f"You need {missing} more peer supporter{'' if missing == 1 else 's'} who "
            f"{'is' if missing == 1 else 'are'} active or on probation with every sign-off"
        )
    if current_plans < 1:
        problems.append(CONTINGENCY_MISSING)
    return problems
