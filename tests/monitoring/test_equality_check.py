"""The preferential treatment check: a coordinator sees an under-represented group
flagged with its figures and raises a risk against preferential treatment in one click;
the analyst sees the same counts, small numbers suppressed; a prison with no extract
enters its population as counts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Prison, User
from monitoring.models import (
    PopulationCount,
    PopulationFigures,
    RiskCategory,
    RiskEntry,
    RiskStatus,
)
from monitoring.selectors_equality import equality_check, equality_flags_many
from monitoring.services import risk_update
from monitoring.services_equality import (
    AlreadyRaisedError,
    equality_risk_raise,
    population_figures_set,
)
from recruitment.models import ApplicationStatus, PlacementStatus
from schemes.models import Scheme, SchemeStatus
from schemes.services.access import SchemeClosedError
from schemes.services.versioning import StaleEditError
from tests.factories import (
    ApplicationFactory,
    PlacementFactory,
    PrisonerFactory,
    SchemeFactory,
    seeded_risks,
)

ClientFor = Callable[[User | None], Client]
ASIAN = "Asian/Asian British: Indian"
FLAG = "peer_supporters|ethnic_group|Asian or Asian British"


def url(scheme: Scheme, page: str = "") -> str:
    return f"/schemes/{scheme.pk}/monitoring/equality/{page}"


def prison_of(
    scheme: Scheme, *, asian: int, white: int, asian_peers: int, white_peers: int
) -> None:
    """Prisoners held at the scheme's prison, some of them its peer supporters."""
    people = PrisonerFactory.create_batch(asian, prison=scheme.prison, ethnicity=ASIAN)
    people += PrisonerFactory.create_batch(white, prison=scheme.prison)
    for prisoner in people[:asian_peers] + people[asian : asian + white_peers]:
        PlacementFactory(scheme=scheme, prisoner=prisoner)


@pytest.fixture
def flagged(scheme: Scheme) -> Scheme:
    """25 Asian and 75 White prisoners; 1 Asian and 19 White peer supporters: 5 Asian
    peer supporters would match the prison."""
    seeded_risks(scheme)
    prison_of(scheme, asian=25, white=75, asian_peers=1, white_peers=19)
    return scheme


def test_the_coordinator_sees_the_group_flagged_with_its_figures(
    flagged: Scheme, client_for: ClientFor, coordinator: User
) -> None:
    response = client_for(coordinator).get(url(flagged))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Asian or Asian British under-represented among peer supporters" in page
    assert (
        "Asian or Asian British: 25% of the prison&#x27;s population (25 of 100), but fewer "
        "than 5 of the 20 peer supporters. About 5 would match" in page
    )
    assert "Raise a risk" in page
    assert 'value="peer_supporters|ethnic_group|Asian or Asian British"' in page


def test_raising_a_risk_adds_it_against_preferential_treatment_once(
    flagged: Scheme, client_for: ClientFor, coordinator: User
) -> None:
    client = client_for(coordinator)
    response = client.post(url(flagged, "raise-risk/"), {"flag": FLAG})
    risk = RiskEntry.objects.get(scheme=flagged, equality_flag=FLAG)
    assert response.status_code == 302
    assert response["Location"] == f"/schemes/{flagged.pk}/monitoring/risks/{risk.pk}/"
    assert risk.category == RiskCategory.PREFERENTIAL_TREATMENT
    assert risk.status == RiskStatus.OPEN
    assert risk.owner == coordinator
    assert "fewer than 5 of the 20 peer supporters" in risk.description
    assert risk.review_on == timezone.localdate() + timedelta(days=28)
    # The seeded preferential treatment risk is still there, beside it.
    assert (
        RiskEntry.objects.filter(
            scheme=flagged, category=RiskCategory.PREFERENTIAL_TREATMENT
        ).count()
        == 2
    )

    page = client.get(url(flagged)).content.decode()
    assert "A risk has been raised for this group" in page
    assert "Raise a risk" not in page

    again = client.post(url(flagged, "raise-risk/"), {"flag": FLAG}, follow=True)
    assert "A risk has already been raised for Asian or Asian British" in again.content.decode()
    assert RiskEntry.objects.filter(scheme=flagged, equality_flag=FLAG).count() == 1


def test_once_its_risk_is_closed_the_flag_can_be_raised_again(
    flagged: Scheme, coordinator: User
) -> None:
    today = timezone.localdate()
    check = equality_check(flagged, today)
    assert check is not None
    flag = next(flag for flag in check.flags if flag.key == FLAG)
    risk = equality_risk_raise(scheme=flagged, by=coordinator, today=today, flag=flag)
    with pytest.raises(AlreadyRaisedError):
        equality_risk_raise(scheme=flagged, by=coordinator, today=today, flag=flag)
    risk_update(
        risk=risk, by=coordinator, expected_version=risk.version, today=today, status="closed"
    )
    equality_risk_raise(scheme=flagged, by=coordinator, today=today, flag=flag)
    assert RiskEntry.objects.filter(scheme=flagged, equality_flag=FLAG).count() == 2


def test_a_flag_that_is_no_longer_shown_raises_nothing(
    flagged: Scheme, client_for: ClientFor, coordinator: User
) -> None:
    response = client_for(coordinator).post(
        url(flagged, "raise-risk/"), {"flag": "peer_supporters|religion|Jedi"}, follow=True
    )
    assert "That group is no longer flagged" in response.content.decode()
    assert not RiskEntry.objects.filter(scheme=flagged).exclude(equality_flag="").exists()


def test_staff_and_the_closed_scheme_cannot_raise_a_risk(
    flagged: Scheme, staff: User, coordinator: User
) -> None:
    today = timezone.localdate()
    check = equality_check(flagged, today)
    assert check is not None
    flag = check.flags[0]
    with pytest.raises(PermissionDenied):
        equality_risk_raise(scheme=flagged, by=staff, today=today, flag=flag)
    Scheme.objects.filter(pk=flagged.pk).update(status=SchemeStatus.CLOSED)
    flagged.refresh_from_db()
    with pytest.raises(SchemeClosedError):
        equality_risk_raise(scheme=flagged, by=coordinator, today=today, flag=flag)


def test_the_analyst_sees_counts_with_small_numbers_suppressed_and_no_button(
    flagged: Scheme, client_for: ClientFor, analyst: User
) -> None:
    page = client_for(analyst).get(url(flagged)).content.decode()
    assert "under-represented among peer supporters" in page
    assert "Fewer than 5" in page
    assert "Raise a risk" not in page
    # No prisoner's number (nor name: the page has none to show).
    for prisoner in flagged.placements.select_related("prisoner")[:5]:
        assert str(prisoner.prisoner.prison_number) not in page


def test_the_table_shows_each_group_with_a_lone_small_count_and_the_next_withheld(
    flagged: Scheme, client_for: ClientFor, coordinator: User
) -> None:
    check = equality_check(flagged, timezone.localdate())
    assert check is not None
    ethnic = next(table for table in check.tables if table.key == "ethnic_group")
    cells = {row.group: [cell.text for cell in row.cells] for row in ethnic.rows}
    assert cells["Asian or Asian British"] == ["25 (25%)", "Fewer than 5", "0", "0"]
    # Peer supporters: 1 Asian, 19 White: the 19 would give the 1 away.
    assert cells["White"] == ["75 (75%)", "Not shown", "0", "0"]
    assert ethnic.totals == ["100", "20", "0", "0"]


def test_people_who_left_the_prison_and_old_applications_are_not_counted(
    scheme: Scheme,
) -> None:
    today = timezone.localdate()
    PrisonerFactory(prison=scheme.prison, in_prison=False, left_on=today)
    held = PrisonerFactory(prison=scheme.prison, religion="Church of England (Anglican)")
    PlacementFactory(scheme=scheme, prisoner=held, status=PlacementStatus.SUSPENDED)
    ApplicationFactory(
        scheme=scheme,
        prisoner=held,
        applied_on=today - timedelta(days=400),
        status=ApplicationStatus.DECLINED,
        decided_on=today - timedelta(days=390),
    )
    recent = ApplicationFactory(
        scheme=scheme,
        status=ApplicationStatus.APPROVED,
        decided_on=today,
        prisoner__religion="Muslim",
    )
    from schemes import phases

    found = phases.composition(scheme, today)
    assert found is not None
    assert found.population_total == 2
    religion = found.groups["religion"]
    assert religion["Christian"].population == 1
    assert religion["Christian"].peer_supporters == 0  # suspended
    assert religion["Christian"].applied == 0  # more than 12 months ago
    assert religion["Muslim"].applied == 1
    assert religion["Muslim"].approved == 1
    assert recent.prisoner.in_prison


def test_without_an_extract_the_check_asks_for_population_counts(
    scheme: Scheme, client_for: ClientFor, coordinator: User
) -> None:
    page = client_for(coordinator).get(url(scheme)).content.decode()
    assert "no population counts have been entered" in page
    assert "Enter the population counts" in page


def test_the_coordinator_enters_population_counts_and_the_check_uses_them(
    scheme: Scheme, client_for: ClientFor, coordinator: User
) -> None:
    client = client_for(coordinator)
    form = client.get(url(scheme, "population/"))
    assert form.status_code == 200
    groups = form.context["form"].groups["disability"]
    assert groups == ["Has a disability", "No disability", "Not recorded"]
    today = timezone.localdate()
    response = client.post(
        url(scheme, "population/"),
        {
            "as_of_0": today.day,
            "as_of_1": today.month,
            "as_of_2": today.year,
            "disability-0": "300",
            "disability-1": "600",
            "disability-2": "100",
            "version": "0",
        },
    )
    assert response.status_code == 302
    figures = PopulationFigures.objects.get(prison=scheme.prison)
    assert figures.entered_by == coordinator
    assert dict(PopulationCount.objects.values_list("group", "count")) == {
        "Has a disability": 300,
        "No disability": 600,
        "Not recorded": 100,
    }
    check = equality_check(scheme, today)
    assert check is not None
    assert check.source == "entered"
    assert check.population_total == 1000
    page = client.get(url(scheme)).content.decode()
    assert f"the counts entered for {today:%-d %B %Y}" in page
    assert "300 (30%)" in page


def test_population_counts_that_do_not_add_up_are_refused_keeping_what_was_typed(
    scheme: Scheme, client_for: ClientFor, coordinator: User
) -> None:
    today = timezone.localdate()
    response = client_for(coordinator).post(
        url(scheme, "population/"),
        {
            "as_of_0": today.day,
            "as_of_1": today.month,
            "as_of_2": today.year,
            "disability-0": "300",
            "disability-1": "700",
            "age_band-3": "950",
            "version": "0",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Each dimension must add up to the same population" in page
    assert 'value="950"' in page
    assert not PopulationFigures.objects.exists()


def test_two_coordinators_entering_counts_at_once_do_not_overwrite_each_other(
    scheme: Scheme, client_for: ClientFor, coordinator: User
) -> None:
    today = timezone.localdate()
    population_figures_set(
        scheme=scheme,
        by=coordinator,
        expected_version=0,
        today=today,
        as_of=today,
        counts={"disability": {"Has a disability": 10, "No disability": 90}},
    )
    with pytest.raises(StaleEditError):
        population_figures_set(
            scheme=scheme,
            by=coordinator,
            expected_version=0,
            today=today,
            as_of=today,
            counts={"disability": {"Has a disability": 20, "No disability": 80}},
        )
    response = client_for(coordinator).post(
        url(scheme, "population/"),
        {
            "as_of_0": today.day,
            "as_of_1": today.month,
            "as_of_2": today.year,
            "disability-0": "25",
            "disability-1": "75",
            "version": "0",
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Somebody else entered population counts" in page
    assert "Disability: Has a disability" in page
    assert 'value="25"' in page
    assert dict(PopulationCount.objects.values_list("group", "count"))["Has a disability"] == 10


def test_staff_cannot_enter_population_counts(scheme: Scheme, staff: User) -> None:
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        population_figures_set(
            scheme=scheme,
            by=staff,
            expected_version=0,
            today=today,
            as_of=today,
            counts={"disability": {"No disability": 90}},
        )


# --- queries ----------------------------------------------------------------------------

# Session and user (2), the header's reminders count (1), memberships (1), the scheme (1);
# the composition: the population by age band, ethnicity, religion and disability (4),
# peer supporters (1), applications (1); the entered counts (1, only without an
# extract); the risks raised from the flags (1).
BUDGET = 13


@pytest.mark.parametrize("size", [1, 8])
def test_the_check_costs_the_same_queries_for_a_small_and_a_large_prison(
    scheme: Scheme, client_for: ClientFor, coordinator: User, size: int
) -> None:
    seeded_risks(scheme)
    prison_of(scheme, asian=5 * size, white=15 * size, asian_peers=0, white_peers=4 * size)
    for prisoner in PrisonerFactory.create_batch(3 * size, prison=scheme.prison):
        ApplicationFactory(scheme=scheme, prisoner=prisoner)
    client = client_for(coordinator)
    client.get(url(scheme))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(scheme))
    assert response.status_code == 200
    assert len(queries) <= BUDGET, "\n".join(query["sql"] for query in queries)


@pytest.mark.parametrize("size", [1, 8])
def test_the_check_without_an_extract_costs_the_same_queries(
    scheme: Scheme, client_for: ClientFor, coordinator: User, size: int
) -> None:
    today = timezone.localdate()
    population_figures_set(
        scheme=scheme,
        by=coordinator,
        expected_version=0,
        today=today,
        as_of=today,
        counts={"disability": {"Has a disability": 10 * size, "No disability": 90 * size}},
    )
    client = client_for(coordinator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(scheme))
    assert response.status_code == 200
    assert len(queries) <= BUDGET, "\n".join(query["sql"] for query in queries)


def test_each_schemes_flags_are_counted_in_a_fixed_number_of_queries(
    flagged: Scheme, leeds: Prison
) -> None:
    today = timezone.localdate()
    others = SchemeFactory.create_batch(3, prison=leeds)
    bristol_scheme = SchemeFactory()
    schemes = [flagged, *others, bristol_scheme]
    with CaptureQueriesContext(connection) as few:
        equality_flags_many([flagged], today)
    with CaptureQueriesContext(connection) as many:
        counted = equality_flags_many(schemes, today)
    assert len(many) == len(few) == 7
    assert counted == {
        flagged.pk: 1,
        others[0].pk: 0,
        others[1].pk: 0,
        others[2].pk: 0,
        bristol_scheme.pk: 0,
    }
