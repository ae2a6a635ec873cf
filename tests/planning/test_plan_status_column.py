"""The scheme list shows each plan's state (planning's column in the registry) and
filters by it, in the list's own query."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Prison, User
from planning.models import PlanApproval
from planning.services import plan_amendment_start
from schemes.models import SchemeStatus
from tests.factories import SchemeFactory, complete_plan, scheme_in_state

ClientFor = Callable[[User | None], Client]


def test_the_scheme_list_shows_each_plans_state_and_filters_by_it(
    leeds: Prison, coordinator: User, governor: User, client_for: ClientFor
) -> None:
    complete_plan(SchemeFactory(prison=leeds, name="Toe by Toe"))
    complete_plan(SchemeFactory(prison=leeds, name="Insiders"), approval=PlanApproval.SUBMITTED)
    plan = scheme_in_state(
        SchemeFactory(prison=leeds, name="Listeners"),
        status=SchemeStatus.ACTIVE,
        approval=PlanApproval.APPROVED,
        coordinator=coordinator,
        governor=governor,
    )
    client = client_for(coordinator)
    listing = client.get("/schemes/").content.decode()
    assert "Plan status" in listing
    assert ">Draft<" in listing
    assert ">Awaiting approval<" in listing
    assert ">Approved<" in listing

    plan_amendment_start(plan=plan, by=coordinator, expected_version=plan.version)
    amending = client.get("/schemes/", {"plan": "amending"}).content.decode()
    assert ">Listeners<" in amending
    assert ">Amendment in progress<" in amending
    assert ">Insiders<" not in amending
    assert ">Toe by Toe<" not in amending
    awaiting = client.get("/schemes/", {"plan": "submitted"}).content.decode()
    assert ">Insiders<" in awaiting
    assert ">Listeners<" not in awaiting
    drafts = client.get("/schemes/", {"plan": "draft"}).content.decode()
    assert ">Toe by Toe<" in drafts
    assert ">Listeners<" not in drafts  # an amendment is not a first draft


def test_a_bad_plan_status_filter_is_reported_on_the_form(
    leeds: Prison, coordinator: User, client_for: ClientFor
) -> None:
    complete_plan(SchemeFactory(prison=leeds, name="Listeners"))
    response = client_for(coordinator).get("/schemes/", {"plan": "bogus"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Select an option from the list" in html


def test_the_plan_status_costs_no_query_per_row(
    leeds: Prison, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/schemes/", {"plan": "draft"}).status_code == 200
        return len(captured)

    complete_plan(SchemeFactory(prison=leeds))
    small = queries()
    for _ in range(20):
        complete_plan(SchemeFactory(prison=leeds))
    assert queries() == small
