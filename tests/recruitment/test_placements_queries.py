"""The placement pages cost the same number of queries with a few records or many."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role, User
from recruitment.models import (
    Application,
    ApplicationStatus,
    Placement,
    PlacementMove,
    ProbationReview,
)
from schemes.models import Scheme
from tests.factories import (
    ApplicationFactory,
    PlacementFactory,
    SignOffPartyFactory,
    SuitabilityCheckFactory,
    user_with_role,
)

ClientFor = Callable[[User | None], Client]
TODAY = timezone.localdate()


def count_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def add_placements(scheme: Scheme, count: int) -> None:
    for n in range(count):
        PlacementFactory(
            scheme=scheme,
            status=("active", "probation", "suspended", "in_training")[n % 4],
            probation_started_on=TODAY - timedelta(days=10),
            probation_ends_on=TODAY + timedelta(days=40),
        )


def add_history(placement: Placement, count: int) -> None:
    for n in range(count):
        PlacementMove.objects.create(
            placement=placement,
            from_status="active",
            to_status="suspended" if n % 2 == 0 else "active",
            on=TODAY - timedelta(days=count - n),
            by=user_with_role(Role.COORDINATOR, placement.scheme.prison),
            reason=f"Move {n}",
        )
        ProbationReview.objects.create(
            placement=placement,
            reviewed_on=TODAY - timedelta(days=count - n),
            outcome="extend",
            extended_to=TODAY + timedelta(days=n + 1),
            note=f"Review {n}",
            by=user_with_role(Role.COORDINATOR, placement.scheme.prison),
        )


def add_parties(scheme: Scheme, application: Application, count: int) -> None:
    for _ in range(count):
        party = SignOffPartyFactory(scheme=scheme)
        SuitabilityCheckFactory(
            application=application, party=party, recorded_by=scheme.coordinator
        )


@pytest.mark.parametrize("persona", ["coordinator", "staff", "governor"])
def test_the_register_costs_the_same_with_3_or_60_peer_supporters(
    persona: str, scheme: Scheme, personas: dict[str, User | None], client_for: ClientFor
) -> None:
    client = client_for(personas[persona])
    url = f"/schemes/{scheme.pk}/recruitment/peer-supporters/"
    add_placements(scheme, 3)
    few = count_queries(client, url)
    # The session, the user, their memberships, the scheme, the settings, the counts
    # by status (the page's count too), the page's rows, and the reminders count: 8.
    assert few <= 8
    add_placements(scheme, 57)
    assert count_queries(client, url) == few
    assert count_queries(client, f"{url}?status=probation&page=2") == few


def test_a_peer_supporters_page_costs_the_same_with_a_long_history(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    application = ApplicationFactory(
        scheme=scheme, status=ApplicationStatus.PLACED, decided_on=TODAY - timedelta(days=60)
    )
    placement = PlacementFactory(
        scheme=scheme, prisoner=application.prisoner, application=application
    )
    client = client_for(coordinator)
    url = f"/schemes/{scheme.pk}/recruitment/peer-supporters/{placement.pk}/"
    add_history(placement, 1)
    add_parties(scheme, application, 1)
    few = count_queries(client, url)
    # The session, the user, their memberships, the scheme, the placement with its
    # prisoner and application, the parties, the checks, the moves, the reviews (10);
    # the header's reminders, the training records, the modules, the practice needed,
    # the practice sessions, the supervision, the availability (16 in all).
    assert few <= 16
    add_history(placement, 30)
    add_parties(scheme, application, 8)
    assert count_queries(client, url) == few


@pytest.mark.parametrize("persona", ["coordinator", "staff", "governor"])
def test_the_suitability_page_costs_the_same_with_2_or_12_parties(
    persona: str, scheme: Scheme, personas: dict[str, User | None], client_for: ClientFor
) -> None:
    application = ApplicationFactory(
        scheme=scheme, status=ApplicationStatus.APPROVED, decided_on=TODAY
    )
    client = client_for(personas[persona])
    url = f"/schemes/{scheme.pk}/recruitment/applications/{application.pk}/suitability/"
    add_parties(scheme, application, 2)
    few = count_queries(client, url)
    # The session, the user, their memberships, the scheme, the application, the
    # parties, the checks, and (for those who may read the notes) the access log: 9.
    assert few <= 9
    add_parties(scheme, application, 10)
    assert count_queries(client, url) == few
