"""Recruitment's rules as plain functions: no database, unit-tested on their own."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

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
