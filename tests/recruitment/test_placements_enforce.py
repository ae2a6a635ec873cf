"""Every placement service checks who is acting and that the scheme is not closed,
itself (as tests/schemes/test_services_enforce_rules.py does for the others)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import User
from recruitment.models import Application, ApplicationStatus, SignOffParty
from recruitment.services import placements as services
from schemes.models import Scheme, SchemeStatus
from schemes.services.access import SchemeClosedError
from tests.factories import (
    ApplicationFactory,
    PlacementFactory,
    SignOffPartyFactory,
    SuitabilityCheckFactory,
)

TODAY = timezone.localdate()
Write = Callable[[Scheme, User], Any]


def approved(scheme: Scheme) -> Application:
    return ApplicationFactory(
        scheme=scheme, status=ApplicationStatus.APPROVED, decided_on=TODAY - timedelta(days=1)
    )


def party(scheme: Scheme) -> SignOffParty:
    return SignOffPartyFactory(scheme=scheme)


WRITES: dict[str, Write] = {
    "change the settings": lambda scheme, by: services.settings_update(
        scheme=scheme, by=by, expected_version=1, probation_weeks=9, training_weeks=3
    ),
    "add a party": lambda scheme, by: services.party_add(scheme=scheme, by=by, name="OMU"),
    "rename a party": lambda scheme, by: services.party_rename(
        party=(p := party(scheme)), by=by, expected_name=p.name, name="OMU"
    ),
    "remove a party": lambda scheme, by: services.party_remove(party=party(scheme), by=by),
    "record a check": lambda scheme, by: services.check_record(
        application=approved(scheme),
        party=party(scheme),
        by=by,
        expected_version=0,
        today=TODAY,
        outcome="cleared",
        conditions="",
        notes="",
        checked_by_name="Sam Patel",
        checked_on=TODAY,
    ),
    "start a placement": lambda scheme, by: services.placement_start(
        application=approved(scheme), by=by, expected_version=1, started_on=TODAY
    ),
    "move a placement": lambda scheme, by: services.placement_move(
        placement=PlacementFactory(scheme=scheme),
        by=by,
        expected_version=1,
        today=TODAY,
        to_status="suspended",
        on=TODAY,
        reason="Adjudication",
    ),
    "review a probation": lambda scheme, by: services.probation_review_record(
        placement=PlacementFactory(
            scheme=scheme,
            status="probation",
            probation_started_on=TODAY - timedelta(days=50),
            probation_ends_on=TODAY,
        ),
        by=by,
        expected_version=1,
        today=TODAY,
        outcome="confirm",
        reviewed_on=TODAY,
        note="",
    ),
}

OVERRIDE: Write = lambda scheme, by: services.check_override(  # noqa: E731
    check=SuitabilityCheckFactory(application=approved(scheme), outcome="not_cleared"),
    by=by,
    expected_version=1,
    reason="Resolved",
)


@pytest.mark.parametrize("write", [*WRITES.values(), OVERRIDE], ids=[*WRITES, "override"])
def test_staff_cannot_write_what_only_a_coordinator_or_governor_may(
    write: Write, scheme: Scheme, staff: User
) -> None:
    with pytest.raises(PermissionDenied):
        write(scheme, staff)


@pytest.mark.parametrize("write", [*WRITES.values(), OVERRIDE], ids=[*WRITES, "override"])
def test_a_coordinator_at_another_prison_cannot_write(
    write: Write, scheme: Scheme, outsider: User
) -> None:
    with pytest.raises(PermissionDenied):
        write(scheme, outsider)


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_a_governor_cannot_change_what_a_coordinator_records(
    write: Write, scheme: Scheme, governor: User
) -> None:
    with pytest.raises(PermissionDenied):
        write(scheme, governor)


def test_a_coordinator_cannot_override_a_refusal(scheme: Scheme, coordinator: User) -> None:
    with pytest.raises(PermissionDenied):
        OVERRIDE(scheme, coordinator)


@pytest.mark.parametrize(
    ("write", "persona"),
    [*((write, "coordinator") for write in WRITES.values()), (OVERRIDE, "governor")],
    ids=[*WRITES, "override"],
)
def test_a_closed_scheme_is_read_only(
    write: Write, persona: str, scheme: Scheme, personas: dict[str, User | None]
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.CLOSED)
    scheme.refresh_from_db()
    user = personas[persona]
    assert user is not None
    with pytest.raises(SchemeClosedError, match="closed"):
        write(scheme, user)
