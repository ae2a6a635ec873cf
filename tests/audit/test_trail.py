"""The audit trail: who changed what, when, with the old and new values.

Runs on both databases: the embedded SQLite writes the trail from model signals,
PostgreSQL from triggers, and each test asserts the same rows on either.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from accounts.audit import acting_as
from accounts.models import AuditAction, AuditEvent, Membership, Role, User
from planning.models import Plan
from schemes.models import Scheme, SchemeStatus, Stakeholder, StakeholderKind
from tests.audit.conftest import on_postgresql
from tests.factories import PASSWORD, StakeholderFactory, UserFactory

ClientFor = Callable[[User | None], Client]


def changes_to(model: str, object_id: Any) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(model=model, object_id=str(object_id)).order_by("at", "id")
    )


def test_a_plan_answer_change_is_in_the_trail_with_old_and_new_values_and_who(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    plan = scheme.plan
    client = client_for(coordinator)
    body = {
        "need": "Self-harm among new arrivals rose by a third.",
        "need_evidence": "41 incidents in 12 months.",
        "intended_outcomes": "Someone to talk to, day and night.",
        "version": plan.version,
        "then": "save",
    }
    assert client.post(f"/schemes/{scheme.pk}/planning/need/", body).status_code == 302
    body = {**body, "need": "Self-harm rose by a half.", "version": plan.version + 1}
    assert client.post(f"/schemes/{scheme.pk}/planning/need/", body).status_code == 302

    created, first, second = changes_to("planning.plan", plan.pk)
    assert created.action == AuditAction.CREATE
    assert first.action == second.action == AuditAction.UPDATE
    assert second.user == coordinator
    assert second.username == "coordinator"
    assert second.scheme_id == scheme.pk
    assert second.prison_id == scheme.prison_id
    assert second.changes == {
        "need": ["Self-harm among new arrivals rose by a third.", "Self-harm rose by a half."]
    }
    assert first.changes["need"] == ["", "Self-harm among new arrivals rose by a third."]
    assert "version" not in first.changes
    assert "updated_at" not in first.changes


def test_creating_changing_and_deleting_a_record_leave_one_row_each(
    scheme: Scheme, coordinator: User
) -> None:
    with acting_as(coordinator):
        stakeholder = StakeholderFactory(scheme=scheme, name="Safer custody team")
        stakeholder.interest = "Fewer ACCTs opened"
        stakeholder.save()
        stakeholder.save()  # nothing changed: nothing recorded
        stakeholder_id = stakeholder.pk
        stakeholder.delete()

    created, changed, deleted = changes_to("schemes.stakeholder", stakeholder_id)
    assert created.action == AuditAction.CREATE
    assert created.changes["name"] == [None, "Safer custody team"]
    assert created.changes["scheme_id"] == [None, scheme.pk]
    assert "id" not in created.changes
    assert changed.action == AuditAction.UPDATE
    assert changed.changes == {"interest": ["Fewer incidents on the wing", "Fewer ACCTs opened"]}
    assert deleted.action == AuditAction.DELETE
    assert deleted.changes["name"] == ["Safer custody team", None]
    assert {created.scheme_id, changed.scheme_id, deleted.scheme_id} == {scheme.pk}
    assert {created.user_id, changed.user_id, deleted.user_id} == {coordinator.pk}


def test_a_record_reached_through_another_finds_its_scheme_and_prison(
    scheme: Scheme, coordinator: User
) -> None:
    from tests.factories import ResourceFactory

    with acting_as(coordinator):
        resource = ResourceFactory(plan=scheme.plan)
    (created,) = changes_to("planning.resource", resource.pk)
    assert created.scheme_id == scheme.pk
    assert created.prison_id == scheme.prison_id


def test_dates_and_times_are_recorded_alike_on_either_database(scheme: Scheme) -> None:
    Scheme.objects.get(pk=scheme.pk)  # as a service would load it
    scheme.status = SchemeStatus.ACTIVE
    scheme.launched_on = __import__("datetime").date(2026, 12, 1)
    scheme.save()
    (changed,) = changes_to("schemes.scheme", scheme.pk)[-1:]
    assert changed.changes == {
        "status": ["planning", "active"],
        "launched_on": [None, "2026-12-01"],
    }
    assert changed.user is None  # no request, no acting_as: the system


def test_a_password_change_is_recorded_without_the_password(
    coordinator: User, client_for: ClientFor
) -> None:
    new = "a-longer-passphrase-for-2027"
    client_for(coordinator).post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    (changed,) = [e for e in changes_to("accounts.user", coordinator.pk) if e.action == "update"]
    assert changed.changes == {"password": ["[hidden]", "[hidden]"]}
    assert changed.user == coordinator


def test_a_membership_given_in_the_admin_is_recorded_with_its_prison(
    coordinator: User, admin_user: User, client_for: ClientFor
) -> None:
    newcomer = UserFactory(username="newcomer")
    response = client_for(admin_user).post(
        "/admin/accounts/membership/add/",
        {"user": newcomer.pk, "prison": coordinator.memberships.get().prison_id, "role": "staff"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer)
    (created,) = changes_to("accounts.membership", membership.pk)
    assert created.user == admin_user
    assert created.prison_id == membership.prison_id
    assert created.changes["role"] == [None, Role.STAFF]


def test_a_bulk_update_and_a_bulk_create_are_caught(scheme: Scheme, coordinator: User) -> None:
    with acting_as(coordinator):
        Scheme.objects.filter(pk=scheme.pk).update(minimum_peer_supporters=4)
        Stakeholder.objects.bulk_create(
            [Stakeholder(scheme=scheme, name="Chaplaincy", kind=StakeholderKind.STAFF)]
        )
    _created, changed = changes_to("schemes.scheme", scheme.pk)
    assert changed.changes == {"minimum_peer_supporters": [6, 4]}
    assert changed.user == coordinator
    created = AuditEvent.objects.get(model="schemes.stakeholder")
    assert created.changes["name"] == [None, "Chaplaincy"]


@on_postgresql
@pytest.mark.parametrize(
    "statement",
    ["UPDATE accounts_auditevent SET username = 'someone else'", "DELETE FROM accounts_auditevent"],
)
def test_nobody_can_change_or_delete_the_trail_on_postgresql(
    statement: str, scheme: Scheme, coordinator: User
) -> None:
    with acting_as(coordinator):
        StakeholderFactory(scheme=scheme)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(model="schemes.stakeholder").username == "coordinator"


def test_a_change_made_in_a_request_is_by_the_signed_in_user_not_the_next_one(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    version = Scheme.objects.get(pk=scheme.pk).version
    body = {
        "name": "Listeners on A wing",
        "scheme_type": "listeners",
        "purpose": scheme.purpose,
        "target_group": scheme.target_group,
        "partner_organisation": "Samaritans",
        "coordinator": coordinator.pk,
        "target_peer_supporters": "12",
        "minimum_peer_supporters": "8",
        "version": version,
    }
    assert client_for(coordinator).post(f"/schemes/{scheme.pk}/edit/", body).status_code == 302
    # A write after the request, on the same connection, is by nobody in particular.
    Scheme.objects.filter(pk=scheme.pk).update(target_peer_supporters=13)
    Scheme.objects.get(pk=scheme.pk).save()
    edit, *later = [e for e in changes_to("schemes.scheme", scheme.pk) if e.action == "update"]
    assert edit.user == coordinator
    assert edit.changes == {
        "name": ["Listeners", "Listeners on A wing"],
        "minimum_peer_supporters": [6, 8],
    }
    assert later
    assert all(event.user is None for event in later)


def test_every_kind_of_value_is_written_as_postgresql_writes_it(
    scheme: Scheme, coordinator: User
) -> None:
    """Booleans, dates, times, JSON and numbers give the same row on either database."""
    import datetime

    from tests.factories import ActionFactory

    action = ActionFactory(scheme=scheme, owner=coordinator, due_date=datetime.date(2027, 1, 31))
    plan = Plan.objects.get(scheme=scheme)
    plan.available_days = ["mon", "tue"]
    plan.training_hours = 12
    plan.save()

    (created,) = changes_to("schemes.action", action.pk)
    assert created.changes["due_date"] == [None, "2027-01-31"]
    assert created.changes["owner_id"] == [None, coordinator.pk]
    moment = datetime.datetime.fromisoformat(created.changes["created_at"][1])
    assert moment == action.created_at
    assert created.changes["created_at"][1].endswith("+00:00")
    (user_created,) = changes_to("accounts.user", coordinator.pk)
    assert user_created.changes["is_active"] == [None, True]
    assert user_created.changes["is_superuser"] == [None, False]
    assert "last_login" not in user_created.changes
    assert user_created.changes["password"] == [None, "[hidden]"]
    plan_changed = changes_to("planning.plan", plan.pk)[-1]
    assert plan_changed.changes == {
        "available_days": [[], ["mon", "tue"]],
        "training_hours": [None, 12],
    }
