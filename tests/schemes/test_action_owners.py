"""An action can be owned by a stakeholder of the scheme, such as the partner charity,
as well as by somebody who works at the prison."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.models import User
from planning.services import stakeholder_remove
from schemes.models import Action, Scheme, SchemeStatus, Stakeholder, StakeholderKind
from schemes.phases import due_items
from schemes.services.actions import action_create
from tests.factories import ActionFactory, PlanFactory, SchemeFactory, StakeholderFactory

ClientFor = Callable[[User | None], Client]


@pytest.fixture
def running(scheme: Scheme) -> Scheme:
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.ACTIVE)
    scheme.refresh_from_db()
    return scheme


@pytest.fixture
def charity(running: Scheme) -> Stakeholder:
    return StakeholderFactory(
        scheme=running, name="Samaritans Leeds branch", kind=StakeholderKind.PARTNER
    )


def answers(owner: str, **overrides: str) -> dict[str, str]:
    due = timezone.localdate() + timedelta(days=14)
    return {
        "description": "Run the refresher training for Listeners",
        "owner": owner,
        "due_date_0": str(due.day),
        "due_date_1": str(due.month),
        "due_date_2": str(due.year),
        **overrides,
    }


def test_the_coordinator_can_give_an_action_to_the_partner_charity(
    running: Scheme, charity: Stakeholder, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    form = client.get(f"/schemes/{running.pk}/actions/new/").content.decode()
    assert '<optgroup label="People at HMP Leeds">' in form
    assert '<optgroup label="Stakeholders of the scheme">' in form
    assert f'value="stakeholder-{charity.pk}"' in form
    assert "Samaritans Leeds branch (partner organisation)" in form

    response = client.post(
        f"/schemes/{running.pk}/actions/new/", answers(f"stakeholder-{charity.pk}"), follow=True
    )
    action = Action.objects.get()
    assert action.owner_stakeholder == charity
    assert action.owner is None
    assert action.owned_by == charity
    page = response.content.decode()
    assert "The action has been added" in page
    assert 'Samaritans Leeds branch<br><span class="govuk-body-s">Stakeholder: partner' in page

    everything = client.get("/actions/").content.decode()
    assert "Samaritans Leeds branch" in everything


def test_the_change_page_shows_the_stakeholder_and_can_give_the_action_to_a_person(
    running: Scheme, charity: Stakeholder, coordinator: User, staff: User, client_for: ClientFor
) -> None:
    action = ActionFactory(scheme=running, owner=None, owner_stakeholder=charity)
    client = client_for(coordinator)
    path = f"/schemes/{running.pk}/actions/{action.pk}/"
    assert f'value="stakeholder-{charity.pk}" selected' in client.get(path).content.decode()
    saved = client.post(
        path, {**answers(f"person-{staff.pk}"), "status": "open", "version": str(action.version)}
    )
    assert saved.status_code == 302
    action.refresh_from_db()
    assert (action.owner, action.owner_stakeholder) == (staff, None)


def test_another_schemes_stakeholder_cannot_own_the_action(
    running: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    elsewhere = StakeholderFactory(scheme=SchemeFactory(prison=running.prison, name="Insiders"))
    response = client_for(coordinator).post(
        f"/schemes/{running.pk}/actions/new/", answers(f"stakeholder-{elsewhere.pk}")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select an owner who works at HMP Leeds or is one of the scheme" in html
    assert not Action.objects.exists()
    with pytest.raises(ValidationError, match="Choose a stakeholder of this scheme"):
        action_create(
            scheme=running,
            by=coordinator,
            description="Book the room",
            owner=elsewhere,
            due_date=timezone.localdate(),
        )


def test_a_stakeholders_overdue_action_reminds_the_coordinator(
    running: Scheme, charity: Stakeholder, coordinator: User
) -> None:
    Scheme.objects.filter(pk=running.pk).update(coordinator=coordinator)
    today = timezone.localdate()
    action = ActionFactory(
        scheme=running, owner=None, owner_stakeholder=charity, due_date=today - timedelta(days=1)
    )
    [item] = [item for item in due_items(today) if item.kind == "action"]
    assert item.record_id == action.pk
    assert item.user_ids == (coordinator.pk,)


def test_removing_the_stakeholder_leaves_its_action_waiting_for_an_owner(
    running: Scheme, charity: Stakeholder, coordinator: User, client_for: ClientFor
) -> None:
    action = ActionFactory(scheme=running, owner=None, owner_stakeholder=charity)
    stakeholder_remove(plan=PlanFactory(scheme=running), by=coordinator, stakeholder=charity)
    action.refresh_from_db()
    assert action.owned_by is None
    page = client_for(coordinator).get(f"/schemes/{running.pk}/maintenance/").content.decode()
    assert "No owner: choose one" in page
