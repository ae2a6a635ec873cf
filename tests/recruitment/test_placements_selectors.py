"""signed_off_counts: per scheme, the peer supporters at work with every sign-off, in
one query (the recruiting → active gate and the forecast read it)."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Prison, User
from recruitment.models import Application, ApplicationStatus, Placement, SignOffParty
from recruitment.selectors.placements import signed_off_counts
from schemes.models import Scheme
from tests.factories import (
    ApplicationFactory,
    PlacementFactory,
    SchemeFactory,
    SignOffPartyFactory,
    SuitabilityCheckFactory,
)

TODAY = timezone.localdate()


def placed(scheme: Scheme, status: str = "active") -> tuple[Application, Placement]:
    application = ApplicationFactory(
        scheme=scheme, status=ApplicationStatus.PLACED, decided_on=TODAY - timedelta(days=30)
    )
    placement = PlacementFactory(
        scheme=scheme, prisoner=application.prisoner, application=application, status=status
    )
    return application, placement


def check(application: Application, party: SignOffParty, outcome: str, **extra: object) -> None:
    SuitabilityCheckFactory(application=application, party=party, outcome=outcome, **extra)


def test_it_counts_placements_at_work_whose_every_required_party_cleared(
    scheme: Scheme, leeds: Prison, governor: User
) -> None:
    security = SignOffPartyFactory(scheme=scheme, name="Security")
    samaritans = SignOffPartyFactory(scheme=scheme, name="Samaritans")
    retired = SignOffPartyFactory(scheme=scheme, name="Chaplaincy", required=False)

    both, _ = placed(scheme)  # counts
    check(both, security, "cleared")
    check(both, samaritans, "conditions", conditions="Days only")

    overridden, _ = placed(scheme, "probation")  # counts: the refusal was overridden
    check(overridden, security, "cleared")
    check(
        overridden,
        samaritans,
        "not_cleared",
        overridden_at=timezone.now(),
        overridden_by=governor,
        override_reason="Resolved",
    )

    refused, _ = placed(scheme)  # does not count
    check(refused, security, "cleared")
    check(refused, samaritans, "not_cleared")

    half, _ = placed(scheme)  # does not count: no Samaritans check
    check(half, security, "cleared")
    check(half, retired, "not_cleared")  # a party no longer required is ignored

    PlacementFactory(scheme=scheme)  # counts: predates the service
    PlacementFactory(scheme=scheme, status="in_training")  # not at work yet
    PlacementFactory(scheme=scheme, status="suspended")  # not at work
    trained, _ = placed(scheme, "in_training")  # not at work yet
    check(trained, security, "cleared")
    check(trained, samaritans, "cleared")

    other = SchemeFactory(prison=leeds, name="Insiders")  # no parties: every one counts
    placed(other)
    placed(other, "probation")
    empty = SchemeFactory(prison=leeds, name="Buddies")

    with CaptureQueriesContext(connection) as queries:
        counts = signed_off_counts([scheme.pk, other.pk, empty.pk])
    assert len(queries) == 1
    assert counts == {scheme.pk: 3, other.pk: 2}


def test_it_asks_the_database_once_however_many_schemes(leeds: Prison) -> None:
    schemes = [SchemeFactory(prison=leeds, name=f"Scheme {n}") for n in range(12)]
    for scheme in schemes:
        party = SignOffPartyFactory(scheme=scheme)
        for _ in range(3):
            application, _ = placed(scheme)
            check(application, party, "cleared")
    with CaptureQueriesContext(connection) as queries:
        counts = signed_off_counts(scheme.pk for scheme in schemes)
    assert len(queries) == 1
    assert counts == {scheme.pk: 3 for scheme in schemes}
    assert signed_off_counts([]) == {}
