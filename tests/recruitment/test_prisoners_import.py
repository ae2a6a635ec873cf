"""Importing a prison's extract (recruitment.services.prisoners.prisoners_import) and
anonymising those who left long ago (prisoners_anonymise)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.access import roles_by_prison
from accounts.models import Prison, User
from recruitment.extract import Extract, read_extract
from recruitment.models import (
    Application,
    LeavingReason,
    Placement,
    PlacementMove,
    PlacementStatus,
    Prisoner,
)
from recruitment.selectors.prisoners import register_state
from recruitment.services.prisoners import (
    RegisterChangedError,
    prisoners_anonymise,
    prisoners_import,
)
from schemes.models import Scheme
from tests.factories import ApplicationFactory, PlacementFactory, PrisonerFactory
from tests.recruitment.extracts import csv_bytes, number, row, row_of

TODAY = date(2026, 12, 1)


def extract_of(rows: list[dict[str, str]]) -> Extract:
    return read_extract(name="extract.csv", data=csv_bytes(rows), prison_code="LEI", today=TODAY)


def test_an_extract_adds_new_prisoners(leeds: Prison, coordinator: User) -> None:
    result = prisoners_import(
        prison=leeds, by=coordinator, extract=extract_of([row(1), row(2)]), today=TODAY
    )
    assert result.added == 2
    first = Prisoner.objects.get(prison_number=number(1))
    assert first.prison == leeds
    assert first.in_prison
    assert first.earliest_release_date == date(2027, 9, 15)
    assert first.wing == "B"


def test_importing_again_updates_by_prison_number_and_never_duplicates(
    leeds: Prison, coordinator: User
) -> None:
    prisoners_import(prison=leeds, by=coordinator, extract=extract_of([row(1)]), today=TODAY)
    moved = extract_of([row(1, cellLocation="C-1-003", currentIncentive="Enhanced")])
    result = prisoners_import(prison=leeds, by=coordinator, extract=moved, today=TODAY)
    assert (result.added, result.updated) == (0, 1)
    prisoner = Prisoner.objects.get(prison_number=number(1))
    assert (prisoner.cell_location, prisoner.incentive_level) == ("C-1-003", "Enhanced")
    assert prisoner.version == 2
    assert Prisoner.objects.count() == 1


def test_an_unchanged_row_changes_nothing(leeds: Prison, coordinator: User) -> None:
    prisoners_import(prison=leeds, by=coordinator, extract=extract_of([row(1)]), today=TODAY)
    result = prisoners_import(
        prison=leeds, by=coordinator, extract=extract_of([row(1)]), today=TODAY
    )
    assert (result.added, result.updated, result.left) == (0, 0, 0)
    assert Prisoner.objects.get().version == 1


def test_someone_absent_from_a_newer_extract_has_left_and_their_placements_end(
    scheme: Scheme, coordinator: User
) -> None:
    stays = PrisonerFactory(prison=scheme.prison)
    leaves = PrisonerFactory(prison=scheme.prison)
    placement = PlacementFactory(scheme=scheme, prisoner=leaves, status=PlacementStatus.ACTIVE)
    result = prisoners_import(
        prison=scheme.prison, by=coordinator, extract=extract_of([row_of(stays)]), today=TODAY
    )
    assert (result.left, result.placements_ended) == (1, 1)
    leaves.refresh_from_db()
    assert not leaves.in_prison
    assert leaves.left_on == TODAY
    assert leaves.first_name  # never deleted, nor anonymised yet
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.LEFT
    assert placement.left_on == TODAY
    assert placement.leaving_reason == LeavingReason.RELEASED_OR_TRANSFERRED
    move = PlacementMove.objects.get(placement=placement)
    assert (move.from_status, move.to_status, move.on, move.by) == (
        PlacementStatus.ACTIVE,
        PlacementStatus.LEFT,
        TODAY,
        coordinator,
    )
    stays.refresh_from_db()
    assert stays.in_prison


def test_someone_back_in_the_prison_is_in_prison_again(leeds: Prison, coordinator: User) -> None:
    back = PrisonerFactory(prison=leeds, in_prison=False, left_on=TODAY - timedelta(days=90))
    result = prisoners_import(
        prison=leeds, by=coordinator, extract=extract_of([row_of(back)]), today=TODAY
    )
    assert result.updated == 1
    back.refresh_from_db()
    assert back.in_prison
    assert back.left_on is None


def test_a_refused_row_of_this_prison_is_not_taken_to_have_left(
    leeds: Prison, coordinator: User
) -> None:
    known = PrisonerFactory(prison=leeds)
    extract = extract_of([row(1), row_of(known, dateOfBirth="1990-02-30")])
    assert len(extract.refused) == 1
    result = prisoners_import(prison=leeds, by=coordinator, extract=extract, today=TODAY)
    assert result.left == 0
    known.refresh_from_db()
    assert known.in_prison


def test_other_prisons_prisoners_are_never_touched(
    leeds: Prison, bristol: Prison, coordinator: User
) -> None:
    theirs = PrisonerFactory(prison=bristol)
    prisoners_import(prison=leeds, by=coordinator, extract=extract_of([row(1)]), today=TODAY)
    theirs.refresh_from_db()
    assert theirs.in_prison


def test_only_the_prisons_coordinators_may_import(
    leeds: Prison, staff: User, governor: User, outsider: User
) -> None:
    for user in (staff, governor, outsider):
        with pytest.raises(PermissionDenied):
            prisoners_import(prison=leeds, by=user, extract=extract_of([row(1)]), today=TODAY)
    assert not Prisoner.objects.exists()


def test_a_confirmation_after_another_import_is_refused_not_applied(
    leeds: Prison, coordinator: User
) -> None:
    checked = register_state(leeds)
    prisoners_import(prison=leeds, by=coordinator, extract=extract_of([row(1)]), today=TODAY)
    with pytest.raises(RegisterChangedError):
        prisoners_import(
            prison=leeds,
            by=coordinator,
            extract=extract_of([row(2)]),
            today=TODAY,
            checked_state=checked,
        )
    assert list(Prisoner.objects.values_list("prison_number", flat=True)) == [number(1)]


def import_queries(leeds: Prison, coordinator: User, size: int) -> int:
    """Queries to import ``size`` rows into a register of ``size`` prisoners: a third
    new, a third changed, a third left (each with a placement that ends)."""
    scheme = Scheme.objects.get(name="Listeners")
    existing = [PrisonerFactory(prison=leeds) for _ in range(size)]
    for prisoner in existing[2 * size // 3 :]:
        PlacementFactory(scheme=scheme, prisoner=prisoner)
    rows = [row(n) for n in range(size // 3)]
    rows += [row_of(p, cellLocation="F-1-001") for p in existing[: 2 * size // 3]]
    extract = extract_of(rows)
    checked = register_state(leeds)
    roles_by_prison(coordinator)  # read once per request, and kept on the user
    with CaptureQueriesContext(connection) as captured:
        prisoners_import(
            prison=leeds, by=coordinator, extract=extract, today=TODAY, checked_state=checked
        )
    assert Prisoner.objects.filter(prison=leeds, in_prison=False).count() == size - 2 * size // 3
    return len(captured)


@pytest.mark.usefixtures("scheme")
def test_an_import_costs_the_same_queries_for_50_rows_as_for_500(
    leeds: Prison, coordinator: User
) -> None:
    small = import_queries(leeds, coordinator, 50)
    Placement.objects.all().delete()
    Prisoner.objects.all().delete()
    # The lock, the register's state, the register, the insert, the update, those who
    # left, their placements, ending them, their moves; a savepoint and its release.
    assert small == 11
    assert import_queries(leeds, coordinator, 500) == small


# --- retention ------------------------------------------------------------------------

LONDON = ZoneInfo("Europe/London")


def test_prisoners_who_left_over_six_years_ago_are_anonymised_but_still_counted(
    scheme: Scheme, settings: object
) -> None:
    with time_machine.travel(datetime(2026, 12, 1, 3, tzinfo=LONDON), tick=False):
        cutoff = date(2026, 12, 1) - timedelta(days=2192)
        old = PrisonerFactory(prison=scheme.prison, in_prison=False, left_on=cutoff - timedelta(1))
        recent = PrisonerFactory(prison=scheme.prison, in_prison=False, left_on=cutoff)
        here = PrisonerFactory(prison=scheme.prison)
        application = ApplicationFactory(scheme=scheme, prisoner=old)
        placement = PlacementFactory(
            scheme=scheme,
            prisoner=old,
            status=PlacementStatus.LEFT,
            left_on=cutoff - timedelta(1),
            leaving_reason=LeavingReason.RELEASED,
            leaving_note="Released to Approved Premises in Leeds",
        )
        assert prisoners_anonymise(today=date(2026, 12, 1)) == 1
        assert prisoners_anonymise(today=date(2026, 12, 1)) == 0  # safe to run twice

    old.refresh_from_db()
    assert old.anonymised_at is not None
    assert (old.prison_number, old.first_name, old.last_name, old.date_of_birth) == (
        None,
        "",
        "",
        None,
    )
    assert (old.cell_location, old.ethnicity, old.religion, old.sexual_orientation) == (
        "",
        "",
        "",
        "",
    )
    assert str(old) == "Anonymised person"
    application.refresh_from_db()
    assert application.statement == ""
    placement.refresh_from_db()
    assert placement.leaving_note == ""
    # Counts survive: the rows are still there.
    assert Application.objects.filter(scheme=scheme).count() == 1
    assert Placement.objects.filter(scheme=scheme, status=PlacementStatus.LEFT).count() == 1
    for kept in (recent, here):
        kept.refresh_from_db()
        assert kept.anonymised_at is None
        assert kept.first_name


def test_the_retention_period_is_a_setting(leeds: Prison, settings: object) -> None:
    settings.PRISONER_RETENTION_DAYS = 30  # type: ignore[attr-defined]
    gone = PrisonerFactory(prison=leeds, in_prison=False, left_on=TODAY - timedelta(days=31))
    assert prisoners_anonymise(today=TODAY) == 1
    gone.refresh_from_db()
    assert gone.anonymised_at is not None


def test_the_daily_task_anonymises_and_is_on_the_beat_schedule(leeds: Prison) -> None:
    from django.conf import settings

    from recruitment.tasks import apply_prisoner_retention

    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "recruitment.apply_prisoner_retention" in schedule
    PrisonerFactory(prison=leeds, in_prison=False, left_on=date(2015, 1, 1))
    assert apply_prisoner_retention() == 1
