"""Sign-ins, sign-outs, failed sign-ins and lockouts are in the audit trail."""

from __future__ import annotations

from django.test import Client

from accounts.models import AuditAction, AuditEvent, User
from tests.factories import PASSWORD

ADDRESS = "192.0.2.10"


def sign_in_events() -> list[AuditEvent]:
    """The trail less the records the test's own set-up created."""
    return list(AuditEvent.objects.exclude(action=AuditAction.CREATE).order_by("id"))


def sign_in(username: str, password: str) -> Client:
    client = Client(REMOTE_ADDR=ADDRESS)
    client.post("/sign-in/", {"username": username, "password": password})
    return client


def test_signing_in_and_out_are_recorded_with_the_user_and_address(coordinator: User) -> None:
    client = sign_in("coordinator", PASSWORD)
    client.post("/sign-out/")

    signed_in, signed_out = sign_in_events()
    assert signed_in.action == AuditAction.SIGN_IN
    assert signed_in.user == coordinator
    assert signed_in.address == ADDRESS
    assert signed_in.model == "accounts.user"
    assert signed_in.object_id == str(coordinator.pk)
    assert signed_out.action == AuditAction.SIGN_OUT
    assert signed_out.user == coordinator


def test_signing_in_records_no_change_to_the_user(coordinator: User) -> None:
    """The last sign-in time is saved on the user; that is not a change anyone made."""
    sign_in("coordinator", PASSWORD)
    assert [event.action for event in sign_in_events()] == [AuditAction.SIGN_IN]


def test_a_failed_sign_in_is_recorded_with_the_username_tried(coordinator: User) -> None:
    sign_in("coordinator", "not-the-password")
    sign_in("nobody", "not-the-password")

    failures = sign_in_events()
    assert [event.action for event in failures] == [AuditAction.SIGN_IN_FAILED] * 2
    assert [event.username for event in failures] == ["coordinator", "nobody"]
    assert all(event.user is None and event.address == ADDRESS for event in failures)


def test_a_lockout_is_recorded_and_so_is_each_refused_attempt(coordinator: User) -> None:
    for _ in range(5):
        sign_in("coordinator", "not-the-password")
    refused = Client(REMOTE_ADDR=ADDRESS).post(
        "/sign-in/", {"username": "coordinator", "password": PASSWORD}
    )
    assert refused.status_code == 429

    actions = [(event.action, event.username) for event in sign_in_events()]
    assert actions == [
        *[(AuditAction.SIGN_IN_FAILED, "coordinator")] * 4,
        # The fifth failure locks the username (django-axes says so first).
        (AuditAction.LOCKED_OUT, "coordinator"),
        (AuditAction.SIGN_IN_FAILED, "coordinator"),
        (AuditAction.LOCKED_OUT, "coordinator"),  # the right password, refused
    ]
    assert not AuditEvent.objects.filter(action=AuditAction.SIGN_IN).exists()
