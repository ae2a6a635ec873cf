"""The access log: every read of a confidential record is written down, and stays."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from accounts.audit import record_read
from accounts.models import AccessLog, User
from schemes.models import Scheme
from tests.audit.conftest import on_postgresql
from tests.factories import ReviewMeetingFactory


def test_reading_a_confidential_record_writes_who_what_and_where(
    scheme: Scheme, governor: User
) -> None:
    review = ReviewMeetingFactory(scheme=scheme)

    record_read(governor, review, "review meeting notes")

    entry = AccessLog.objects.get()
    assert entry.user == governor
    assert entry.username == "governor"
    assert entry.prison_id == scheme.prison_id
    assert entry.model == "maintenance.reviewmeeting"
    assert entry.object_id == str(review.pk)
    assert entry.what == "review meeting notes"
    assert entry.at is not None


def test_every_read_is_a_row_of_its_own(scheme: Scheme, coordinator: User) -> None:
    review = ReviewMeetingFactory(scheme=scheme)
    record_read(coordinator, review, "review meeting notes")
    record_read(coordinator, review, "review meeting notes")
    assert AccessLog.objects.count() == 2


def test_the_log_outlives_the_user_who_read(scheme: Scheme, coordinator: User) -> None:
    review = ReviewMeetingFactory(scheme=scheme)
    record_read(coordinator, review, "review meeting notes")
    scheme.coordinator = None
    scheme.save()
    User.objects.filter(pk=coordinator.pk).delete()
    assert AccessLog.objects.get().username == "coordinator"


@on_postgresql
@pytest.mark.parametrize(
    "statement",
    ["UPDATE accounts_accesslog SET what = 'nothing'", "DELETE FROM accounts_accesslog"],
)
def test_nobody_can_change_or_delete_the_log_on_postgresql(
    statement: str, scheme: Scheme, coordinator: User
) -> None:
    record_read(coordinator, ReviewMeetingFactory(scheme=scheme), "review meeting notes")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLog.objects.update(what="nothing")
    assert AccessLog.objects.get().what == "review meeting notes"


def test_the_admin_shows_the_log_and_cannot_change_it(
    scheme: Scheme,
    coordinator: User,
    admin_user: User,
    client_for: Callable[[User | None], Client],
) -> None:
    record_read(coordinator, ReviewMeetingFactory(scheme=scheme), "review meeting notes")
    entry = AccessLog.objects.get()
    client = client_for(admin_user)

    listing = client.get("/admin/accounts/accesslog/")
    assert listing.status_code == 200
    assert "review meeting notes" in listing.content.decode()
    assert client.get("/admin/accounts/accesslog/add/").status_code == 403
    page = f"/admin/accounts/accesslog/{entry.pk}/change/"
    assert client.get(page).status_code == 200
    assert client.post(page, {"what": "nothing"}).status_code == 403
    assert client.post(f"/admin/accounts/accesslog/{entry.pk}/delete/").status_code == 403
    entry.refresh_from_db()
    assert entry.what == "review meeting notes"


def test_the_reads_never_write_check_allows_the_access_log_and_nothing_else() -> None:
    from tests.test_reads_never_write import is_write

    assert not is_write('INSERT INTO "accounts_accesslog" ("at") VALUES (%s)')
    assert is_write('INSERT INTO "accounts_auditevent" ("at") VALUES (%s)')
    assert is_write('UPDATE "accounts_accesslog" SET "what" = %s')
    assert not is_write('SELECT 1 FROM "accounts_accesslog"')


def test_a_record_reached_through_its_plan_is_logged_at_its_prison(
    scheme: Scheme, coordinator: User
) -> None:
    from tests.factories import ResourceFactory

    resource = ResourceFactory(plan=scheme.plan)
    record_read(coordinator, resource, "resource")
    assert AccessLog.objects.get().prison_id == scheme.prison_id


def test_a_path_that_is_not_a_foreign_key_is_refused_at_start_up() -> None:
    from accounts.audit import track

    with pytest.raises(ValueError, match="not a foreign key"):
        track(Scheme, scheme="pk", prison="name")
