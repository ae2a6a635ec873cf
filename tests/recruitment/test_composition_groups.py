"""Recruitment's composition for the preferential treatment check: each person's group
in each dimension, and who counts as a peer supporter, applicant and approved."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from django.utils import timezone

from recruitment import rules
from recruitment.composition import composition, groups_of, religion_group
from recruitment.models import ApplicationStatus, PlacementStatus
from schemes.models import Scheme
from tests.factories import ApplicationFactory, PlacementFactory, PrisonerFactory


@pytest.mark.parametrize(
    ("recorded", "group"),
    [
        ("Church of England (Anglican)", "Christian"),
        ("Roman Catholic", "Christian"),
        ("Jehovah's Witness", "Christian"),
        ("Muslim", "Muslim"),
        ("Sikh", "Sikh"),
        ("Jewish", "Jewish"),
        ("Buddhist", "Buddhist"),
        ("Hindu", "Hindu"),
        ("No Religion", "No religion"),
        ("Agnostic", "No religion"),
        ("None", "No religion"),
        ("Pagan", "Any other religion"),
        ("Rastafarian", "Any other religion"),
        ("Not stated", "Prefers not to say"),
        ("  ", "Not recorded"),
    ],
)
def test_a_recorded_religion_falls_in_its_census_group(recorded: str, group: str) -> None:
    assert religion_group(recorded) == group


def test_a_persons_groups_on_a_day() -> None:
    assert groups_of(
        (date(1990, 6, 1), "Black/Black British: Caribbean", "Muslim", "yes"), date(2026, 12, 1)
    ) == {
        "age_band": "30 to 39",
        "ethnic_group": "Black, Black British, Caribbean or African",
        "religion": "Muslim",
        "disability": "Has a disability",
    }
    assert groups_of((None, "", "", ""), date(2026, 12, 1)) == {
        "age_band": "Not recorded",
        "ethnic_group": "Not recorded",
        "religion": "Not recorded",
        "disability": "Not recorded",
    }


def test_someone_who_applied_twice_in_the_year_counts_once_approved_if_either_was(
    scheme: Scheme,
) -> None:
    today = timezone.localdate()
    prisoner = PrisonerFactory(prison=scheme.prison, disability="yes")
    ApplicationFactory(
        scheme=scheme,
        prisoner=prisoner,
        applied_on=today - timedelta(days=200),
        status=ApplicationStatus.PLACED,
        decided_on=today - timedelta(days=190),
    )
    ApplicationFactory(scheme=scheme, prisoner=prisoner, applied_on=today - timedelta(days=5))
    PlacementFactory(scheme=scheme, prisoner=prisoner, status=PlacementStatus.IN_TRAINING)
    found = composition(scheme, today)
    disabled = found.groups["disability"]["Has a disability"]
    assert (disabled.population, disabled.peer_supporters, disabled.applied, disabled.approved) == (
        1,
        1,
        1,
        1,
    )
    # Every group is listed, nobody in it or not, in the order the page shows them.
    assert list(found.groups["disability"]) == ["Has a disability", "No disability", "Not recorded"]
    assert next(iter(found.groups["age_band"])) == "15 to 17"


@pytest.mark.parametrize("day", [date(2026, 12, 1), date(2028, 2, 29), date(2027, 3, 1)])
def test_the_database_counts_age_bands_as_the_rule_does_on_every_birthday_boundary(
    scheme: Scheme, day: date
) -> None:
    born = [
        None,
        day + timedelta(days=1),
        date(2000, 2, 29),
        date(1960, 2, 29),
        date(1956, 3, 1),
    ]
    for years in (14, 15, 18, 21, 25, 30, 40, 50, 60, 70):
        try:
            birthday = day.replace(year=day.year - years)
        except ValueError:
            birthday = day.replace(year=day.year - years, day=28)
        born += [birthday, birthday + timedelta(days=1), birthday - timedelta(days=1)]
    for dob in born:
        PrisonerFactory(prison=scheme.prison, date_of_birth=dob)
    expected = Counter(rules.age_band(dob, day) for dob in born)
    found = composition(scheme, day).groups["age_band"]
    assert {group: counts.population for group, counts in found.items() if counts.population} == (
        dict(expected)
    )
