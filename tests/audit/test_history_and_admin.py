"""Who changed what: in a scheme's history for its prison's staff, and in the admin."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from accounts.audit import acting_as
from accounts.models import AuditAction, AuditEvent, User
from schemes.models import Scheme, SchemeStatus
from schemes.services.scheme import scheme_update
from tests.factories import StakeholderFactory

ClientFor = Callable[[User | None], Client]


def launched_scheme_changed_by(scheme: Scheme, coordinator: User) -> None:
    """After launch, the coordinator raises the minimum from 6 to 8 and rewrites the
    purpose (free text, which may name someone)."""
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.ACTIVE)
    scheme.refresh_from_db()
    with acting_as(coordinator):
        scheme_update(
            scheme=scheme,
            by=coordinator,
            expected_version=scheme.version,
            minimum_peer_supporters=8,
            purpose="Support on every wing, as Officer Smith suggested.",
        )


def test_the_history_shows_who_changed_a_schemes_details_after_launch(
    scheme: Scheme, coordinator: User, governor: User, client_for: ClientFor
) -> None:
    coordinator.first_name, coordinator.last_name = "Jo", "Bloggs"
    coordinator.save()
    launched_scheme_changed_by(scheme, coordinator)

    html = client_for(governor).get(f"/schemes/{scheme.pk}/history/").content.decode()

    assert "Scheme details changed" in html
    assert "Minimum number of peer supporters changed from 6 to 8" in html
    assert "by Jo Bloggs" in html
    assert "as Officer Smith suggested" in html  # the new purpose, for those who see people


def test_an_analysts_history_shows_the_change_but_no_names_or_free_text(
    scheme: Scheme, coordinator: User, analyst: User, client_for: ClientFor
) -> None:
    coordinator.first_name, coordinator.last_name = "Jo", "Bloggs"
    coordinator.save()
    launched_scheme_changed_by(scheme, coordinator)

    html = client_for(analyst).get(f"/schemes/{scheme.pk}/history/").content.decode()

    assert "Minimum number of peer supporters changed from 6 to 8" in html
    assert "Purpose changed" in html
    assert "Bloggs" not in html
    assert "Officer Smith" not in html


def test_a_deleted_record_is_in_the_history(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    with acting_as(coordinator):
        StakeholderFactory(scheme=scheme, name="Safer custody team").delete()
    html = client_for(coordinator).get(f"/schemes/{scheme.pk}/history/").content.decode()
    assert "Stakeholder deleted" in html
    assert "Safer custody team" in html


def test_the_admin_shows_the_trail_and_cannot_change_it(
    scheme: Scheme, coordinator: User, admin_user: User, client_for: ClientFor
) -> None:
    launched_scheme_changed_by(scheme, coordinator)
    event = AuditEvent.objects.get(
        model="schemes.scheme", action=AuditAction.UPDATE, user=coordinator
    )
    client = client_for(admin_user)

    listing = client.get("/admin/accounts/auditevent/", {"action": "update"})
    assert listing.status_code == 200
    assert "schemes.scheme" in listing.content.decode()
    found = client.get("/admin/accounts/auditevent/", {"q": str(scheme.pk)})
    assert found.status_code == 200
    page = f"/admin/accounts/auditevent/{event.pk}/change/"
    detail = client.get(page).content.decode()
    assert "minimum_peer_supporters" in detail
    assert "<td>6</td><td>8</td>" in detail

    assert client.get("/admin/accounts/auditevent/add/").status_code == 403
    assert client.post(page, {"username": "someone else"}).status_code == 403
    assert client.post(f"/admin/accounts/auditevent/{event.pk}/delete/").status_code == 403
    event.refresh_from_db()
    assert event.username == "coordinator"
