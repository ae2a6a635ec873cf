"""The recruitment, forecast and contingency pages, and the scheme page's recruitment
tasks, cost the same number of queries with a few records or many."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from recruitment.models import ApplicationStatus, PlacementStatus
from schemes.models import Scheme, SchemeStatus
from tests.factories import (
    ApplicationFactory,
    ContingencyPlanFactory,
    PlacementFactory,
    PrisonerFactory,
    RecruitmentRoundFactory,
    SignOffPartyFactory,
    SuitabilityCheckFactory,
)

ClientFor = Callable[[User | None], Client]
STATUSES = [PlacementStatus.ACTIVE, PlacementStatus.PROBATION, PlacementStatus.IN_TRAINING]
# Each page: session and user, the scheme, memberships, the header's reminders count,
# then its own. The recruitment page: placements, applications, open rounds, current
# plans, and (recruiting) the signed-off peer supporters. The scheme page: every
# phase's overview (planning 3, recruitment 2 while recruiting, maintenance 1,
# monitoring 3).
PAGES = [
    ("/schemes/{pk}/recruitment/", 10),
    ("/schemes/{pk}/recruitment/forecast/", 9),
    ("/schemes/{pk}/recruitment/contingency/", 8),
    ("/schemes/{pk}/", 14),
]


def count_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def add_records(scheme: Scheme, count: int) -> None:
    """Placements (some leaving soon, some signed off), rounds, applications on the
    waitlist and contingency plans."""
    today = timezone.localdate()
    party = SignOffPartyFactory(scheme=scheme)
    for n in range(count):
        prisoner = PrisonerFactory(
            prison=scheme.prison, earliest_release_date=today + timedelta(days=10 * (n + 1))
        )
        application = ApplicationFactory(
            scheme=scheme, prisoner=prisoner, status="placed", decided_on=today
        )
        SuitabilityCheckFactory(application=application, party=party)
        PlacementFactory(
            scheme=scheme,
            prisoner=prisoner,
            application=application,
            status=STATUSES[n % 3],
        )
        ApplicationFactory(scheme=scheme, status=ApplicationStatus.APPROVED, decided_on=today)
        RecruitmentRoundFactory(scheme=scheme)
        ContingencyPlanFactory(scheme=scheme)


@pytest.mark.parametrize(("path", "budget"), PAGES)
@pytest.mark.parametrize("persona", ["coordinator", "analyst"])
def test_the_recruitment_pages_queries_do_not_grow_with_the_records(
    path: str,
    budget: int,
    persona: str,
    scheme: Scheme,
    personas: dict[str, User | None],
    client_for: ClientFor,
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.RECRUITING)
    client = client_for(personas[persona])
    url = path.format(pk=scheme.pk)
    add_records(scheme, 2)
    client.get(url)  # warm up
    few = count_queries(client, url)
    add_records(scheme, 20)
    many = count_queries(client, url)
    assert few == many
    assert many <= budget
