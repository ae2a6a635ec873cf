"""The plan's lists: resources, stakeholders and SMART objectives, each added, changed
and removed on its own short page, and never reachable through another scheme."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.models import Prison, User
from planning.models import Plan, PlanTask, Resource
from planning.services import objective_save
from schemes.models import Scheme, SmartObjective, Stakeholder
from tests.factories import (
    COMPLETE_ANSWERS,
    PlanFactory,
    ResourceFactory,
    SchemeFactory,
    SmartObjectiveFactory,
    StakeholderFactory,
)
from tests.pages import assert_error

ClientFor = Callable[[User | None], Client]


def base(scheme: Scheme) -> str:
    return f"/schemes/{scheme.pk}/planning"


@pytest.fixture
def plan(scheme: Scheme) -> Plan:
    return PlanFactory(scheme=scheme, need=COMPLETE_ANSWERS["need"])


@pytest.fixture
def other_scheme(leeds: Prison) -> Scheme:
    """Another scheme at the same prison: its records are not this scheme's to change."""
    return SchemeFactory(prison=leeds, name="Insiders")


# --- resources ----------------------------------------------------------------------------


def resource_answers(**overrides: Any) -> dict[str, Any]:
    return {
        "kind": "budget",
        "description": "Training budget",
        "amount": "1,200",
        "unit": "£",
        "confirmed": "on",
        **overrides,
    }


def test_coordinator_adds_a_resource_and_sees_it_in_the_list(
    scheme: Scheme, plan: Plan, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    html = client.get(f"{base(scheme)}/resources/").content.decode()
    assert "You have not added any resources yet." in html
    assert f'href="{base(scheme)}/resources/add/"' in html
    response = client.post(f"{base(scheme)}/resources/add/", resource_answers(), follow=True)
    assert response.redirect_chain[-1][0] == f"{base(scheme)}/resources/"
    html = response.content.decode()
    assert "Resource added" in html
    assert "£1,200" in html
    assert "Add another resource" in html
    resource = Resource.objects.get(plan=plan)
    assert resource.amount == Decimal("1200")
    assert resource.confirmed is True
    assert f'href="{base(scheme)}/resources/{resource.pk}/"' in html
    assert f'href="{base(scheme)}/resources/{resource.pk}/remove/"' in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"amount": "-5"}, "amount", "The amount cannot be negative"),
        ({"amount": "a lot"}, "amount", "Enter the amount as a number, like 7.5"),
        ({"amount": ""}, "amount", "Enter the amount"),
        ({"amount": "7.555"}, "amount", "The amount can have up to 2 decimal places"),
        ({"amount": "123456789"}, "amount", "The amount must be less than 100,000,000"),
        ({"kind": ""}, "kind", "Select the kind of resource"),
        ({"kind": "gold"}, "kind", "Select the kind of resource"),
        ({"description": ""}, "description", "Enter a description of the resource"),
        ({"unit": "x" * 41}, "unit", "The unit, like hours a week must be 40 characters or fewer"),
    ],
)
def test_a_bad_resource_is_refused_with_a_govuk_message(
    overrides: dict[str, Any],
    field: str,
    message: str,
    scheme: Scheme,
    plan: Plan,
    coordinator: User,
    client_for: ClientFor,
) -> None:
    response = client_for(coordinator).post(
        f"{base(scheme)}/resources/add/",
        resource_answers(**{"description": "Typed and kept", **overrides}),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert_error(html, message, field)
    if field != "description":
        assert "Typed and kept" in html
    assert not Resource.objects.exists()


def test_coordinator_changes_a_resource(
    scheme: Scheme, plan: Plan, coordinator: User, client_for: ClientFor
) -> None:
    resource = ResourceFactory(plan=plan)
    client = client_for(coordinator)
    html = client.get(f"{base(scheme)}/resources/{resource.pk}/").content.decode()
    assert 'value="Safer custody officer time"' in html
    response = client.post(
        f"{base(scheme)}/resources/{resource.pk}/",
        {**resource_answers(kind="staff-hours", amount="10", unit="hours a week"), "version": "1"},
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.amount == Decimal("10")
    assert resource.description == "Training budget"


def test_removing_a_resource_asks_first_and_removes_on_post(
    scheme: Scheme, plan: Plan, coordinator: User, client_for: ClientFor
) -> None:
    resource = ResourceFactory(plan=plan)
    plan.completed_tasks = [PlanTask.RESOURCES]
    plan.save()
    client = client_for(coordinator)
    html = client.get(f"{base(scheme)}/resources/{resource.pk}/remove/").content.decode()
    assert "Are you sure you want to remove this resource?" in html
    assert "govuk-button--warning" in html
    assert Resource.objects.filter(pk=resource.pk).exists()
    response = client.post(f"{base(scheme)}/resources/{resource.pk}/remove/", follow=True)
    assert "Safer custody officer time has been removed" in response.content.decode()
    assert not Resource.objects.filter(pk=resource.pk).exists()
    plan.refresh_from_db()
    assert not plan.is_complete(PlanTask.RESOURCES)


def test_another_schemes_resource_is_not_found(
    scheme: Scheme, plan: Plan, other_scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    theirs = ResourceFactory(plan=PlanFactory(scheme=other_scheme))
    client = client_for(coordinator)
    assert client.get(f"{base(scheme)}/resources/{theirs.pk}/").status_code == 404
    assert (
        client.post(f"{base(scheme)}/resources/{theirs.pk}/", resource_answers()).status_code == 404
    )
    assert client.post(f"{base(scheme)}/resources/{theirs.pk}/remove/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.description == "Safer custody officer time"


# --- stakeholders -------------------------------------------------------------------------


def stakeholder_answers(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Head of safety",
        "kind": "governor",
        "interest": "Fewer self-harm incidents",
        "engagement": "Monthly safety meeting",
        **overrides,
    }


def test_coordinator_adds_changes_and_removes_a_stakeholder(
    scheme: Scheme, plan: Plan, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    response = client.post(f"{base(scheme)}/stakeholders/add/", stakeholder_answers(), follow=True)
    html = response.content.decode()
    assert "Stakeholder added" in html
    assert "Head of safety" in html
    assert "Add another stakeholder" in html
    stakeholder = Stakeholder.objects.get(scheme=scheme)
    client.post(
        f"{base(scheme)}/stakeholders/{stakeholder.pk}/",
        {**stakeholder_answers(name="Deputy governor"), "version": "1"},
    )
    stakeholder.refresh_from_db()
    assert stakeholder.name == "Deputy governor"
    html = client.get(f"{base(scheme)}/stakeholders/{stakeholder.pk}/remove/").content.decode()
    assert "Deputy governor" in html
    client.post(f"{base(scheme)}/stakeholders/{stakeholder.pk}/remove/")
    assert not Stakeholder.objects.filter(scheme=scheme).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Enter the stakeholder's name or group"),
        ({"kind": ""}, "kind", "Select who the stakeholder is"),
        ({"interest": ""}, "interest", "Enter their interest in the scheme"),
        ({"engagement": ""}, "engagement", "Enter how you will engage them"),
        ({"name": "x" * 121}, "name", "The stakeholder's name or group must be 120 characters"),
    ],
)
def test_a_bad_stakeholder_is_refused_with_a_govuk_message(
    overrides: dict[str, Any],
    field: str,
    message: str,
    scheme: Scheme,
    plan: Plan,
    coordinator: User,
    client_for: ClientFor,
) -> None:
    response = client_for(coordinator).post(
        f"{base(scheme)}/stakeholders/add/",
        stakeholder_answers(interest="Typed and kept", **overrides)
        if field != "interest"
        else stakeholder_answers(engagement="Typed and kept", **overrides),
    )
    html = response.content.decode()
    assert_error(html, message, field)
    assert "Typed and kept" in html
    assert not Stakeholder.objects.exists()


def test_another_schemes_stakeholder_is_not_found(
    scheme: Scheme, plan: Plan, other_scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    theirs = StakeholderFactory(scheme=other_scheme)
    client = client_for(coordinator)
    assert client.get(f"{base(scheme)}/stakeholders/{theirs.pk}/").status_code == 404
    assert client.post(f"{base(scheme)}/stakeholders/{theirs.pk}/remove/").status_code == 404
    assert Stakeholder.objects.filter(pk=theirs.pk).exists()


# --- SMART objectives ---------------------------------------------------------------------


def objective_answers(**overrides: Any) -> dict[str, Any]:
    deadline = timezone.localdate() + timedelta(days=300)
    return {
        "indicator": "Self-harm incidents a month on A wing",
        "relevance": "The scheme exists to reduce self-harm",
        "baseline": "20",
        "target": "12",
        "unit": "incidents a month",
        "deadline_0": str(deadline.day),
        "deadline_1": str(deadline.month),
        "deadline_2": str(deadline.year),
        **overrides,
    }


def test_coordinator_adds_a_smart_objective_with_a_govuk_date_input(
    scheme: Scheme, plan: Plan, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    html = client.get(f"{base(scheme)}/objectives/add/").content.decode()
    assert "govuk-date-input" in html
    for part in ("deadline_0", "deadline_1", "deadline_2"):
        assert f'name="{part}"' in html
    response = client.post(f"{base(scheme)}/objectives/add/", objective_answers(), follow=True)
    assert response.redirect_chain[-1][0] == f"{base(scheme)}/impact/"
    html = response.content.decode()
    assert "Objective added" in html
    assert "Self-harm incidents a month on A wing" in html
    objective = SmartObjective.objects.get(scheme=scheme)
    assert objective.deadline == timezone.localdate() + timedelta(days=300)


def test_the_objective_form_says_what_achievable_means_before_anyone_fails_it(
    scheme: Scheme, plan: Plan, coordinator: User, client_for: ClientFor
) -> None:
    html = client_for(coordinator).get(f"{base(scheme)}/objectives/add/").content.decode()
    assert "between a 90% fall and a fivefold rise from the baseline" in html
    assert "counted from 1 when the baseline is 0" in html


def test_a_zero_baseline_cannot_have_any_target_at_all(
    scheme: Scheme, plan: Plan, coordinator: User, client_for: ClientFor
) -> None:
    response = client_for(coordinator).post(
        f"{base(scheme)}/objectives/add/", objective_answers(baseline="0", target="400")
    )
    assert_error(response.content.decode(), "Achievable: set a target between", "target")
    assert not SmartObjective.objects.filter(scheme=scheme).exists()


def smart_failure(days: int = 300, **overrides: Any) -> dict[str, Any]:
    deadline = timezone.localdate() + timedelta(days=days)
    date_parts = {
        "deadline_0": str(deadline.day),
        "deadline_1": str(deadline.month),
        "deadline_2": str(deadline.year),
    }
    return objective_answers(**{**date_parts, **overrides})


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        (smart_failure(indicator="improve"), "indicator", "Specific: name what you will measure"),
        (smart_failure(indicator=""), "indicator", "Specific: name what you will measure"),
        (smart_failure(target="20"), "target", "Measurable: the target must be different"),
        (smart_failure(baseline=""), "baseline", "Measurable: give a number for the baseline"),
        (smart_failure(target="500"), "target", "Achievable: set a target between"),
        (
            smart_failure(target="-3"),
            "target",
            "Achievable: the baseline and target cannot be negative",
        ),
        (smart_failure(relevance=""), "relevance", "Relevant: say how this objective shows"),
        (smart_failure(days=-1), "deadline_0", "Time-bound: the deadline must be in the future"),
        (
            smart_failure(days=4 * 365),
            "deadline_0",
            "Time-bound: set a deadline within the next 3 years",
        ),
        (
            smart_failure(deadline_0="", deadline_1="", deadline_2=""),
            "deadline_0",
            "Time-bound: give a deadline",
        ),
        (smart_failure(deadline_1=""), "deadline_1", "The deadline must include a month"),
        (
            smart_failure(deadline_0="31", deadline_1="2"),
            "deadline_0",
            "The deadline must be a real date",
        ),
        (smart_failure(deadline_0="first"), "deadline_0", "The deadline must be a real date"),
        (smart_failure(deadline_2="27"), "deadline_2", "Year must include 4 numbers"),
        (smart_failure(baseline="twenty"), "baseline", "Enter the baseline as a number, like 12"),
    ],
)
def test_the_smart_check_says_which_part_fails_on_its_question(
    answers: dict[str, Any],
    field: str,
    message: str,
    scheme: Scheme,
    plan: Plan,
    coordinator: User,
    client_for: ClientFor,
) -> None:
    response = client_for(coordinator).post(f"{base(scheme)}/objectives/add/", answers)
    assert response.status_code == 200
    html = response.content.decode()
    assert_error(html, message, field)
    assert "govuk-form-group--error" in html
    assert not SmartObjective.objects.exists()


def test_an_objective_cannot_be_relevant_before_the_need_is_answered(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    PlanFactory(scheme=scheme, need="")
    html = (
        client_for(coordinator)
        .post(f"{base(scheme)}/objectives/add/", objective_answers())
        .content.decode()
    )
    assert_error(html, "Relevant: first answer", "relevance")


def test_the_service_refuses_an_objective_that_is_not_smart(plan: Plan, coordinator: User) -> None:
    # The second line of defence, whatever a form lets through.
    with pytest.raises(ValidationError, match="Time-bound"):
        objective_save(
            plan=plan,
            by=coordinator,
            objective=None,
            today=timezone.localdate(),
            indicator="Self-harm incidents a month",
            relevance="Reduces self-harm",
            baseline=Decimal(20),
            target=Decimal(12),
            unit="",
            deadline=timezone.localdate(),
        )


def test_coordinator_changes_and_removes_an_objective(
    scheme: Scheme, plan: Plan, coordinator: User, client_for: ClientFor
) -> None:
    objective = SmartObjectiveFactory(scheme=scheme)
    client = client_for(coordinator)
    html = client.get(f"{base(scheme)}/objectives/{objective.pk}/").content.decode()
    assert f'value="{objective.deadline.year}"' in html
    client.post(
        f"{base(scheme)}/objectives/{objective.pk}/",
        {**objective_answers(target="10"), "version": "1"},
    )
    objective.refresh_from_db()
    assert objective.target == Decimal("10")
    client.post(f"{base(scheme)}/objectives/{objective.pk}/remove/")
    assert not SmartObjective.objects.filter(pk=objective.pk).exists()


def test_an_objective_that_stopped_being_smart_is_flagged_on_the_impact_task(
    scheme: Scheme, plan: Plan, coordinator: User, client_for: ClientFor
) -> None:
    SmartObjectiveFactory(scheme=scheme, deadline=timezone.localdate() - timedelta(days=1))
    html = client_for(coordinator).get(f"{base(scheme)}/impact/").content.decode()
    assert "This objective is not SMART" in html
    assert "Time-bound: the deadline must be in the future" in html


def test_another_schemes_objective_is_not_found(
    scheme: Scheme, plan: Plan, other_scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    theirs = SmartObjectiveFactory(scheme=other_scheme)
    client = client_for(coordinator)
    assert client.get(f"{base(scheme)}/objectives/{theirs.pk}/").status_code == 404
    assert (
        client.post(f"{base(scheme)}/objectives/{theirs.pk}/", objective_answers()).status_code
        == 404
    )
    assert client.post(f"{base(scheme)}/objectives/{theirs.pk}/remove/").status_code == 404
    assert SmartObjective.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("persona", ["staff", "governor", "analyst"])
def test_only_the_coordinator_changes_the_plans_lists(
    persona: str,
    scheme: Scheme,
    plan: Plan,
    personas: dict[str, User | None],
    client_for: ClientFor,
) -> None:
    resource = ResourceFactory(plan=plan)
    client = client_for(personas[persona])
    assert client.post(f"{base(scheme)}/resources/add/", resource_answers()).status_code == 403
    assert client.post(f"{base(scheme)}/resources/{resource.pk}/remove/").status_code == 403
    assert (
        client.post(f"{base(scheme)}/stakeholders/add/", stakeholder_answers()).status_code == 403
    )
    assert client.post(f"{base(scheme)}/objectives/add/", objective_answers()).status_code == 403
    assert Resource.objects.filter(pk=resource.pk).exists()
    assert not Stakeholder.objects.exists()
    assert not SmartObjective.objects.exists()


def test_a_stale_stakeholder_save_is_refused_and_keeps_what_was_typed(
    scheme: Scheme, plan: Plan, coordinator: User, client_for: ClientFor
) -> None:
    stakeholder = StakeholderFactory(scheme=scheme, name="Head of safety")
    first, second = client_for(coordinator), client_for(coordinator)
    path = f"{base(scheme)}/stakeholders/{stakeholder.pk}/"
    assert 'name="version" value="1"' in first.get(path).content.decode()
    saved = first.post(path, {**stakeholder_answers(name="Deputy governor"), "version": "1"})
    assert saved.status_code == 302
    stale = second.post(path, {**stakeholder_answers(name="Safer custody lead"), "version": "1"})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Somebody else changed this stakeholder" in html
    assert 'value="Safer custody lead"' in html  # what they typed, kept
    assert "What is saved now" in html
    assert "Deputy governor" in html
    assert 'name="version" value="2"' in html  # saving again is a deliberate choice
    stakeholder.refresh_from_db()
    assert stakeholder.name == "Deputy governor"
