"""Cover: a scheme sets the cover it needs; peer supporters' availability and wing make
the week's rota; the coordinator sees each gap and who could fill it, and fills it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from recruitment.models import Availability, CoverAssignment, CoverNeed, PlacementStatus
from recruitment.rules_cover import Band, Need, Supporter, covers, gaps, week_rota
from recruitment.selectors.cover import cover_gaps_many, scheme_rota
from schemes.models import Scheme
from tests.factories import PlacementFactory

ClientFor = Callable[[User | None], Client]
NIGHT = Band(time(17), time(8))
DAY = Band(time(8), time(17))
MONDAY = date(2026, 11, 30)


def test_an_overnight_band_is_covered_only_by_availability_spanning_it() -> None:
    assert covers(Band(time(16), time(9)), NIGHT)
    assert not covers(Band(time(18), time(8)), NIGHT)
    assert not covers(DAY, NIGHT)
    assert covers(Band(time(7), time(18)), DAY)


def test_the_rota_counts_wing_residents_and_those_put_on_it() -> None:
    need = Need(id=1, location="B", weekday=0, band=NIGHT, needed=2)
    on_b = Supporter(1, "Ali", "B", None, {0: (NIGHT,)})
    on_c = Supporter(2, "Bea", "C", None, {0: (NIGHT,)})
    leaving = Supporter(3, "Cal", "B", MONDAY, {0: (NIGHT,)})  # released that day
    (slot,) = week_rota([need], [on_b, on_c, leaving], set(), MONDAY, days=1)
    assert [s.name for s in slot.covering] == ["Ali"]
    assert [s.name for s in slot.could_fill] == ["Bea"]
    assert slot.short_by == 1
    (filled,) = week_rota([need], [on_b, on_c, leaving], {(1, MONDAY, 2)}, MONDAY, days=1)
    assert filled.short_by == 0
    assert gaps([filled]) == []


def test_a_week_holds_each_band_on_its_day() -> None:
    needs = [Need(1, "B", 0, NIGHT, 1), Need(2, "Reception", 2, DAY, 1)]
    slots = week_rota(needs, [], set(), MONDAY)
    assert [(s.on, s.need.id) for s in slots] == [(MONDAY, 1), (MONDAY + timedelta(days=2), 2)]


@pytest.mark.django_db
def test_coordinator_sees_a_gap_and_fills_it(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    today = timezone.localdate()
    CoverNeed.objects.create(
        scheme=scheme,
        location="B",
        weekday=today.weekday(),
        starts=time(17),
        ends=time(8),
        needed=1,
    )
    elsewhere = PlacementFactory(
        scheme=scheme, prisoner__cell_location="C-1-001", prisoner__last_name="Quennell"
    )
    Availability.objects.create(
        placement=elsewhere, weekday=today.weekday(), starts=time(17), ends=time(8)
    )
    client = client_for(coordinator)
    page = client.get(f"/schemes/{scheme.pk}/recruitment/cover/").content.decode()
    assert "1 band of cover is short in the next 7 days" in page
    assert "Quennell (wing C)" in page
    response = client.post(
        f"/schemes/{scheme.pk}/recruitment/cover/assign/",
        {"need": CoverNeed.objects.get().pk, "on": today.isoformat(), "placement": elsewhere.pk},
    )
    assert response.status_code == 302
    assert CoverAssignment.objects.get().placement == elsewhere
    page = client.get(f"/schemes/{scheme.pk}/recruitment/cover/").content.decode()
    assert "Every band of cover is met in the next 7 days." in page


@pytest.mark.django_db
def test_peer_supporters_in_training_give_no_cover(scheme: Scheme) -> None:
    today = timezone.localdate()
    CoverNeed.objects.create(
        scheme=scheme,
        location="B",
        weekday=today.weekday(),
        starts=time(8),
        ends=time(17),
        needed=1,
    )
    trainee = PlacementFactory(scheme=scheme, status=PlacementStatus.IN_TRAINING)
    Availability.objects.create(
        placement=trainee, weekday=today.weekday(), starts=time(8), ends=time(17)
    )
    assert scheme_rota(scheme.pk, today)[0].short_by == 1
    assert cover_gaps_many([scheme.pk], today) == {scheme.pk: 1}


@pytest.mark.django_db
def test_bad_cover_is_refused_with_gov_uk_messages(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    response = client_for(coordinator).post(
        f"/schemes/{scheme.pk}/recruitment/cover/new/",
        {"location": "B", "weekday": "9", "starts": "25:00", "ends": "17:00", "needed": "0"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select a day of the week" in page
    assert "Enter when the cover starts as a time on the 24-hour clock, like 17:00" in page
    assert "At least 1 peer supporter must be needed" in page
    assert not CoverNeed.objects.exists()


@pytest.mark.django_db
def test_the_rota_page_costs_the_same_queries_with_more_people_and_cover(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    today = timezone.localdate()
    client = client_for(coordinator)
    path = f"/schemes/{scheme.pk}/recruitment/cover/"

    def add(n: int) -> None:
        for i in range(n):
            CoverNeed.objects.create(
                scheme=scheme,
                location=f"W{i}{CoverNeed.objects.count()}",
                weekday=(today.weekday() + i) % 7,
                starts=time(17),
                ends=time(8),
                needed=2,
            )
            placement = PlacementFactory(scheme=scheme)
            Availability.objects.create(
                placement=placement,
                weekday=(today.weekday() + i) % 7,
                starts=time(16),
                ends=time(9),
            )

    add(1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    add(6)
    with CaptureQueriesContext(connection) as many:
        assert client.get(path).status_code == 200
    assert len(many) == len(few)
