"""A page's query count does not grow with the data."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Prison, Role, User
from tests.factories import (
    ActionFactory,
    PrisonFactory,
    ResourceFactory,
    ReviewMeetingFactory,
    SchemeFactory,
    SmartObjectiveFactory,
    StakeholderFactory,
    complete_plan,
    user_with_role,
)


def count_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def add_schemes(prison: Prison, count: int) -> None:
    for _ in range(count):
        SchemeFactory(prison=prison, coordinator=user_with_role(Role.COORDINATOR, prison))


@pytest.mark.parametrize("persona", ["coordinator", "analyst"])
def test_the_scheme_list_costs_the_same_with_3_and_60_schemes(
    persona: str,
    leeds: Prison,
    coordinator: User,
    analyst: User,
    client_for: Callable[[User | None], Client],
) -> None:
    user = {"coordinator": coordinator, "analyst": analyst}[persona]
    client = client_for(user)
    add_schemes(leeds, 3)
    small = count_queries(client, "/schemes/")
    other = PrisonFactory()
    add_schemes(leeds, 27)
    add_schemes(other, 30)
    large = count_queries(client, "/schemes/")
    assert small == large
    # session, user, memberships, prisons (filter), count, page of schemes, and the
    # session's save (savepoint, update, release: it slides the 30-minute expiry).
    assert large <= 9


def test_the_scheme_page_costs_the_same_whatever_the_size_of_the_plan(
    leeds: Prison, coordinator: User, client_for: Callable[[User | None], Client]
) -> None:
    client = client_for(coordinator)
    scheme = SchemeFactory(prison=leeds, coordinator=coordinator)
    plan = complete_plan(scheme)
    small = count_queries(client, f"/schemes/{scheme.pk}/")
    add_schemes(leeds, 20)
    ResourceFactory.create_batch(40, plan=plan)
    StakeholderFactory.create_batch(40, scheme=scheme)
    SmartObjectiveFactory.create_batch(40, scheme=scheme)
    ActionFactory.create_batch(40, scheme=scheme, owner=coordinator)
    ReviewMeetingFactory.create_batch(40, scheme=scheme)
    large = count_queries(client, f"/schemes/{scheme.pk}/")
    assert small == large
