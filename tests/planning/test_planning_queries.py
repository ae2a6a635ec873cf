"""The planning pages cost the same number of queries with 1 or 40 stakeholders,
resources and objectives (and the governors' list with 1 or 30 plans)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Prison, User
from planning.models import Plan, PlanApproval, Resource
from planning.services import plan_amendment_start, plan_return, plan_submit
from schemes.models import Scheme, SchemeStatus
from tests.factories import (
    ResourceFactory,
    SchemeFactory,
    SmartObjectiveFactory,
    StakeholderFactory,
    complete_plan,
    scheme_in_state,
)

ClientFor = Callable[[User | None], Client]


def count_queries(client: Client, path: str) -> int:
    client.get(path)  # the first request may create the plan; measure the second
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def grow(plan: Plan, scheme: Scheme, to: int) -> None:
    """Give the plan ``to`` resources, stakeholders and objectives."""
    for _ in range(to - plan.resources.count()):
        ResourceFactory(plan=plan)
    for _ in range(to - scheme.stakeholders.count()):
        StakeholderFactory(scheme=scheme)
    for _ in range(to - scheme.objectives.count()):
        SmartObjectiveFactory(scheme=scheme)


# Every page: session, user, memberships, scheme (with prison and coordinator), plan,
# and at the end the session's save (savepoint, update, release). Then per page:
#   checklist: counts (resources and stakeholders), objectives (SMART check), latest
#     decision (with the governor) = 11
#   a task page: the task's records (resources, stakeholders or objectives) = 9
#   check, print and decision: counts, objectives (SMART check), resources,
#     stakeholders, objectives, decisions (with the governors) = 14
BUDGETS = [
    ("coordinator", "planning/", 11),
    ("coordinator", "planning/resources/", 9),
    ("coordinator", "planning/stakeholders/", 9),
    ("coordinator", "planning/impact/", 9),
    ("coordinator", "planning/check/", 14),
    ("coordinator", "plan/print/", 14),
    ("governor", "plan/print/", 14),
    ("staff", "planning/", 11),
    ("analyst", "planning/", 11),
]


@pytest.mark.parametrize(("persona", "page", "budget"), BUDGETS)
def test_planning_pages_cost_the_same_with_1_and_40_of_everything(
    persona: str,
    page: str,
    budget: int,
    scheme: Scheme,
    personas: dict[str, User | None],
    client_for: ClientFor,
) -> None:
    plan = complete_plan(scheme)
    client = client_for(personas[persona])
    path = f"/schemes/{scheme.pk}/{page}"
    small = count_queries(client, path)
    grow(plan, scheme, 40)
    large = count_queries(client, path)
    assert small == large
    assert large <= budget


def test_the_decision_page_costs_the_same_with_1_and_40_of_everything(
    scheme: Scheme, governor: User, client_for: ClientFor
) -> None:
    plan = complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    client = client_for(governor)
    path = f"/schemes/{scheme.pk}/planning/decision/"
    small = count_queries(client, path)
    grow(plan, scheme, 40)
    large = count_queries(client, path)
    assert small == large
    assert large <= 14


def test_the_plans_awaiting_approval_cost_the_same_with_1_and_30_plans(
    leeds: Prison, governor: User, coordinator: User, client_for: ClientFor
) -> None:
    def submit_one() -> None:
        plan = complete_plan(SchemeFactory(prison=leeds), approval=PlanApproval.SUBMITTED)
        Plan.objects.filter(pk=plan.pk).update(submitted_by=coordinator)

    client = client_for(governor)
    submit_one()
    small = count_queries(client, "/plans/awaiting-approval/")
    for _ in range(29):
        submit_one()
    large = count_queries(client, "/plans/awaiting-approval/")
    assert small == large
    # session, user, memberships, count, the page of plans (with scheme, prison and who
    # submitted it), and the session's save (savepoint, update, release).
    assert large <= 8


# An amendment's pages compare it with the approved version in force, read with the
# decisions (one query): the same budgets as the first plan's pages.
AMENDMENT_BUDGETS = [
    ("coordinator", "planning/", 12),
    ("coordinator", "planning/check/", 14),
    ("coordinator", "planning/amend/", 7),
    ("coordinator", "planning/need/answers/", 14),
    ("staff", "planning/impact/answers/", 14),
    ("governor", "plan/versions/1/", 8),
]


@pytest.mark.parametrize(("persona", "page", "budget"), AMENDMENT_BUDGETS)
def test_amendment_pages_cost_the_same_with_1_and_40_of_everything(
    persona: str,
    page: str,
    budget: int,
    scheme: Scheme,
    personas: dict[str, User | None],
    client_for: ClientFor,
) -> None:
    coordinator, governor = personas["coordinator"], personas["governor"]
    assert coordinator is not None
    assert governor is not None
    plan = scheme_in_state(
        scheme,
        status=SchemeStatus.ACTIVE,
        approval=PlanApproval.APPROVED,
        coordinator=coordinator,
        governor=governor,
    )
    if page != "planning/amend/":
        plan_amendment_start(plan=plan, by=coordinator, expected_version=plan.version)
    client = client_for(personas[persona])
    path = f"/schemes/{scheme.pk}/{page}"
    small = count_queries(client, path)
    grow(plan, scheme, 40)
    large = count_queries(client, path)
    assert small == large
    assert large <= budget


def test_the_decision_on_an_amendment_costs_the_same_with_1_and_40_of_everything(
    scheme: Scheme, coordinator: User, governor: User, client_for: ClientFor
) -> None:
    plan = scheme_in_state(
        scheme,
        status=SchemeStatus.ACTIVE,
        approval=PlanApproval.APPROVED,
        coordinator=coordinator,
        governor=governor,
    )
    plan_amendment_start(plan=plan, by=coordinator, expected_version=plan.version)
    grow(plan, scheme, 40)
    plan_submit(plan=plan, by=coordinator)
    client = client_for(governor)
    path = f"/schemes/{scheme.pk}/planning/decision/"
    small = count_queries(client, path)
    plan_return(plan=plan, by=governor, reason="Fewer resources", today=timezone.localdate())
    plan.refresh_from_db()
    Resource.objects.filter(plan=plan).first().delete()  # type: ignore[union-attr]
    plan_submit(plan=plan, by=coordinator)
    large = count_queries(client, path)
    assert "What the coordinator changed since it was returned" in client.get(path).content.decode()
    assert small == large
    assert large <= 14
