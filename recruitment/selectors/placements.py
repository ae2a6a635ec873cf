"""Reads for suitability sign-offs and placements. Each runs a fixed number of queries,
and none writes (a GET never writes: a scheme with no settings gets the defaults)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from schemes.models import Scheme

from ..models import (
    Application,
    CheckOutcome,
    Placement,
    PlacementStatus,
    RecruitmentSettings,
    SignOffParty,
    SuitabilityCheck,
)
from ..rules_placements import WORKING, CheckState, missing_parties

REGISTER_PER_PAGE = 25


def settings_for(scheme: Scheme) -> RecruitmentSettings:
    """The scheme's recruitment settings, or (unsaved) the defaults when it has none
    yet: never written here. One query."""
    found = RecruitmentSettings.objects.filter(scheme=scheme).first()
    if found is not None:
        found.scheme = scheme
        return found
    return RecruitmentSettings(scheme=scheme)


def required_parties(scheme: Scheme) -> list[SignOffParty]:
    """The parties that must sign off an applicant for this scheme, in the order they
    were added. One query."""
    return list(SignOffParty.objects.filter(scheme=scheme, required=True).order_by("id"))


def checks_by_party(application: Application) -> dict[int, SuitabilityCheck]:
    """The application's checks, by party id. One query."""
    return {
        check.party_id: check
        for check in SuitabilityCheck.objects.filter(application=application).select_related(
            "recorded_by", "overridden_by"
        )
    }


def parties_missing(
    parties: Iterable[SignOffParty], checks: dict[int, SuitabilityCheck]
) -> list[str]:
    """The names of the required parties that have not cleared the applicant."""
    return missing_parties(
        ((party.pk, party.name) for party in parties),
        {
            party_id: CheckState(check.outcome, check.overridden_at is not None)
            for party_id, check in checks.items()
        },
    )


@dataclass(frozen=True)
class SignOffRow:
    """One required party and its check (None: not checked yet)."""

    party: SignOffParty
    check: SuitabilityCheck | None

    @property
    def clears(self) -> bool:
        return self.check is not None and self.check.clears


def sign_off_rows(
    parties: list[SignOffParty], checks: dict[int, SuitabilityCheck]
) -> list[SignOffRow]:
    """Every required party with its check, then any check by a party no longer
    required (kept: it was part of the decision)."""
    rows = [SignOffRow(party, checks.get(party.pk)) for party in parties]
    required_ids = {party.pk for party in parties}
    rows += [
        SignOffRow(check.party, check)
        for party_id, check in sorted(checks.items())
        if party_id not in required_ids
    ]
    return rows


def _clearing_checks() -> Q:
    return Q(outcome__in=[CheckOutcome.CLEARED, CheckOutcome.CONDITIONS]) | Q(
        overridden_at__isnull=False
    )


def signed_off_counts(scheme_ids: Iterable[int]) -> dict[int, int]:
    """For each scheme, how many placements are active or on probation with every
    required party's sign-off (a placement without an application predates the service
    and counts as signed off). Schemes with none are left out. One query."""
    cleared = SuitabilityCheck.objects.filter(
        _clearing_checks(),
        application_id=OuterRef(OuterRef("application_id")),
        party_id=OuterRef("pk"),
    )
    missing = SignOffParty.objects.filter(scheme_id=OuterRef("scheme_id"), required=True).exclude(
        Exists(cleared)
    )
    rows = (
        Placement.objects.filter(scheme_id__in=list(scheme_ids), status__in=WORKING)
        .filter(Q(application__isnull=True) | ~Exists(missing))
        .order_by()
        .values("scheme_id")
        .annotate(count=Count("id"))
        .values_list("scheme_id", "count")
    )
    return dict(rows)


# --- the register of peer supporters ---------------------------------------------------


def register(scheme: Scheme, *, status: str = "") -> QuerySet[Placement]:
    """The scheme's placements for the register, open ones first by start date; a
    status narrows it ("" = everyone who has not left)."""
    placements = Placement.objects.filter(scheme=scheme).select_related("prisoner")
    if status in PlacementStatus.values:
        placements = placements.filter(status=status)
    else:
        placements = placements.exclude(status=PlacementStatus.LEFT)
    return placements.order_by("prisoner__last_name", "prisoner__first_name", "id")


def register_counts(scheme: Scheme) -> dict[str, int]:
    """How many placements are in each status. One query."""
    counts = dict(
        Placement.objects.filter(scheme=scheme)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in PlacementStatus.values}


def get_placement(scheme: Scheme, placement_id: int) -> Placement | None:
    """One of the scheme's placements, with its prisoner and application. One query."""
    placement = (
        Placement.objects.select_related("prisoner", "application")
        .filter(scheme=scheme, pk=placement_id)
        .first()
    )
    if placement is not None:
        placement.scheme = scheme
    return placement
