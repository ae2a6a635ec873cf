"""The services of suitability sign-offs and placements: they check who acts, keep the
rules, and save only what nobody changed since the form was opened."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from recruitment.models import (
    Application,
    ApplicationStatus,
    CheckOutcome,
    LeavingReason,
    Placement,
    PlacementMove,
    PlacementStatus,
    ProbationOutcome,
    RecruitmentSettings,
    SignOffParty,
    SuitabilityCheck,
)
from recruitment.selectors.placements import settings_for
from recruitment.services.placements import (
    check_override,
    check_record,
    party_add,
    party_remove,
    party_rename,
    placement_move,
    placement_start,
    probation_review_record,
    settings_update,
)
from schemes.models import Scheme, SchemeStatus
from schemes.services.access import SchemeClosedError
from schemes.services.versioning import StaleEditError
from tests.factories import (
    ApplicationFactory,
    PlacementFactory,
    SignOffPartyFactory,
    SuitabilityCheckFactory,
)

TODAY = timezone.localdate()


def approved(scheme: Scheme) -> Application:
    return ApplicationFactory(
        scheme=scheme, status=ApplicationStatus.APPROVED, decided_on=TODAY - timedelta(days=1)
    )


def record(
    application: Application, party: SignOffParty, by: User, **overrides: object
) -> SuitabilityCheck:
    fields: dict[str, object] = {
        "outcome": CheckOutcome.CLEARED,
        "conditions": "",
        "notes": "",
        "checked_by_name": "Sam Patel, security manager",
        "checked_on": TODAY,
        "expected_version": 0,
        **overrides,
    }
    return check_record(application=application, party=party, by=by, today=TODAY, **fields)  # type: ignore[arg-type]


# --- settings -----------------------------------------------------------------------------


def test_a_scheme_without_settings_reads_the_defaults_without_writing_them(
    scheme: Scheme,
) -> None:
    with CaptureQueriesContext(connection) as queries:
        settings = settings_for(scheme)
    assert (settings.probation_weeks, settings.training_weeks, settings.version) == (8, 4, 1)
    assert settings.pk is None
    assert not any(q["sql"].startswith(("INSERT", "UPDATE")) for q in queries.captured_queries)
    assert not RecruitmentSettings.objects.exists()


def test_the_coordinator_sets_probation_and_training_lengths(
    scheme: Scheme, coordinator: User
) -> None:
    settings = settings_update(
        scheme=scheme, by=coordinator, expected_version=1, probation_weeks=12, training_weeks=6
    )
    assert (settings.probation_weeks, settings.training_weeks, settings.version) == (12, 6, 2)
    assert settings_for(scheme).probation_weeks == 12


def test_settings_saved_by_somebody_else_since_are_not_overwritten(
    scheme: Scheme, coordinator: User
) -> None:
    settings_update(
        scheme=scheme, by=coordinator, expected_version=1, probation_weeks=12, training_weeks=6
    )
    with pytest.raises(StaleEditError):
        settings_update(
            scheme=scheme, by=coordinator, expected_version=1, probation_weeks=4, training_weeks=2
        )
    assert settings_for(scheme).probation_weeks == 12


def test_settings_outside_one_to_52_weeks_are_refused(scheme: Scheme, coordinator: User) -> None:
    with pytest.raises(ValidationError):
        settings_update(
            scheme=scheme, by=coordinator, expected_version=1, probation_weeks=0, training_weeks=4
        )


def test_staff_and_governors_cannot_change_the_settings(
    scheme: Scheme, staff: User, governor: User
) -> None:
    for user in (staff, governor):
        with pytest.raises(PermissionDenied):
            settings_update(
                scheme=scheme, by=user, expected_version=1, probation_weeks=9, training_weeks=4
            )


# --- sign-off parties ---------------------------------------------------------------------


def test_the_coordinator_adds_renames_and_removes_parties(
    scheme: Scheme, coordinator: User
) -> None:
    security = party_add(scheme=scheme, by=coordinator, name="  Security ")
    assert security.name == "Security"
    with pytest.raises(ValidationError, match="already signs off"):
        party_add(scheme=scheme, by=coordinator, name="security")
    party_rename(party=security, by=coordinator, expected_name="Security", name="Security team")
    assert security.name == "Security team"
    with pytest.raises(StaleEditError):
        party_rename(party=security, by=coordinator, expected_name="Security", name="OMU")
    assert party_remove(party=security, by=coordinator) is True
    assert not SignOffParty.objects.exists()


def test_a_party_that_has_checked_someone_is_kept_but_no_longer_required(
    scheme: Scheme, coordinator: User
) -> None:
    check = SuitabilityCheckFactory(application=approved(scheme))
    assert party_remove(party=check.party, by=coordinator) is False
    check.party.refresh_from_db()
    assert check.party.required is False
    # Adding it again requires it again.
    assert party_add(scheme=scheme, by=coordinator, name=check.party.name).required is True


# --- checks and overrides -----------------------------------------------------------------


def test_each_party_records_its_check_with_who_and_when(scheme: Scheme, coordinator: User) -> None:
    application = approved(scheme)
    party = SignOffPartyFactory(scheme=scheme, name="Safer custody")
    check = record(
        application,
        party,
        coordinator,
        outcome=CheckOutcome.CONDITIONS,
        conditions="Not on the segregation unit",
        notes="On an ACCT until March",
    )
    assert (check.outcome, check.conditions, check.recorded_by) == (
        CheckOutcome.CONDITIONS,
        "Not on the segregation unit",
        coordinator,
    )
    assert check.clears


def test_cleared_with_conditions_needs_the_conditions_written(
    scheme: Scheme, coordinator: User
) -> None:
    with pytest.raises(ValidationError, match="Enter the conditions"):
        record(
            approved(scheme), SignOffPartyFactory(scheme=scheme), coordinator, outcome="conditions"
        )


def test_a_check_changed_since_the_form_opened_is_not_overwritten(
    scheme: Scheme, coordinator: User
) -> None:
    application = approved(scheme)
    party = SignOffPartyFactory(scheme=scheme)
    record(application, party, coordinator)
    # A second form opened before the first check existed.
    with pytest.raises(StaleEditError):
        record(application, party, coordinator, outcome=CheckOutcome.NOT_CLEARED)
    check = record(application, party, coordinator, outcome="not_cleared", expected_version=1)
    assert (check.outcome, check.version) == ("not_cleared", 2)


def test_a_check_cannot_be_dated_in_the_future_nor_made_on_a_decided_application(
    scheme: Scheme, coordinator: User
) -> None:
    party = SignOffPartyFactory(scheme=scheme)
    with pytest.raises(ValidationError, match="today or in the past"):
        record(approved(scheme), party, coordinator, checked_on=TODAY + timedelta(days=1))
    declined = ApplicationFactory(scheme=scheme, status="declined", decided_on=TODAY)
    with pytest.raises(ValidationError, match="has been decided"):
        record(declined, party, coordinator)


def test_staff_and_governors_cannot_record_checks(
    scheme: Scheme, staff: User, governor: User
) -> None:
    application = approved(scheme)
    party = SignOffPartyFactory(scheme=scheme)
    for user in (staff, governor):
        with pytest.raises(PermissionDenied):
            record(application, party, user)


def test_a_governor_overrides_a_refusal_only_with_a_reason(
    scheme: Scheme, governor: User, coordinator: User
) -> None:
    check = SuitabilityCheckFactory(application=approved(scheme), outcome="not_cleared")
    with pytest.raises(ValidationError, match="Enter why"):
        check_override(check=check, by=governor, expected_version=1, reason="  ")
    with pytest.raises(PermissionDenied):
        check_override(check=check, by=coordinator, expected_version=1, reason="Because")
    check_override(check=check, by=governor, expected_version=1, reason="Resolved in 2025")
    check.refresh_from_db()
    assert (check.overridden_by, check.override_reason, check.clears) == (
        governor,
        "Resolved in 2025",
        True,
    )
    with pytest.raises(ValidationError, match="already been overridden"):
        check_override(check=check, by=governor, expected_version=2, reason="Again")


def test_only_a_refusal_can_be_overridden(scheme: Scheme, governor: User) -> None:
    check = SuitabilityCheckFactory(application=approved(scheme), outcome="cleared")
    with pytest.raises(ValidationError, match="Only a check that was not cleared"):
        check_override(check=check, by=governor, expected_version=1, reason="Just in case")


def test_recording_a_check_again_replaces_its_override(
    scheme: Scheme, governor: User, coordinator: User
) -> None:
    check = SuitabilityCheckFactory(application=approved(scheme), outcome="not_cleared")
    check_override(check=check, by=governor, expected_version=1, reason="Resolved")
    again = record(
        check.application, check.party, coordinator, outcome="not_cleared", expected_version=2
    )
    assert (again.overridden_at, again.override_reason, again.clears) == (None, "", False)


# --- starting a placement -----------------------------------------------------------------


def test_a_placement_cannot_start_until_every_party_has_cleared_and_says_who_has_not(
    scheme: Scheme, coordinator: User
) -> None:
    application = approved(scheme)
    security = SignOffPartyFactory(scheme=scheme, name="Security")
    SignOffPartyFactory(scheme=scheme, name="Samaritans")
    record(application, security, coordinator, outcome="not_cleared")
    with pytest.raises(ValidationError) as refused:
        placement_start(
            application=application, by=coordinator, expected_version=1, started_on=TODAY
        )
    assert "Security and Samaritans have not cleared them yet" in refused.value.messages[0]
    assert not Placement.objects.exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED


def test_an_approved_and_cleared_applicant_starts_in_training(
    scheme: Scheme, coordinator: User, governor: User
) -> None:
    settings_update(
        scheme=scheme, by=coordinator, expected_version=1, probation_weeks=8, training_weeks=6
    )
    application = approved(scheme)
    security = SignOffPartyFactory(scheme=scheme, name="Security")
    samaritans = SignOffPartyFactory(scheme=scheme, name="Samaritans")
    record(application, security, coordinator)
    refusal = record(application, samaritans, coordinator, outcome="not_cleared")
    check_override(check=refusal, by=governor, expected_version=1, reason="Resolved")
    placement = placement_start(
        application=application, by=coordinator, expected_version=1, started_on=TODAY
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PLACED
    assert placement.status == PlacementStatus.IN_TRAINING
    assert placement.training_ends_on == TODAY + timedelta(weeks=6)
    move = PlacementMove.objects.get(placement=placement)
    assert (move.from_status, move.to_status, move.by) == ("", "in_training", coordinator)


def test_only_an_approved_application_becomes_a_placement(
    scheme: Scheme, coordinator: User
) -> None:
    application = ApplicationFactory(scheme=scheme, status="assessed")
    with pytest.raises(ValidationError, match="Only an approved application"):
        placement_start(
            application=application, by=coordinator, expected_version=1, started_on=TODAY
        )


def test_a_placement_cannot_start_more_than_a_year_ahead(scheme: Scheme, coordinator: User) -> None:
    with pytest.raises(ValidationError, match="within a year"):
        placement_start(
            application=approved(scheme),
            by=coordinator,
            expected_version=1,
            started_on=TODAY.replace(year=9999),
        )


def test_a_placement_from_a_stale_page_is_not_started(scheme: Scheme, coordinator: User) -> None:
    application = approved(scheme)
    with pytest.raises(StaleEditError):
        placement_start(
            application=application, by=coordinator, expected_version=0, started_on=TODAY
        )
    assert not Placement.objects.exists()


def test_nothing_is_placed_in_a_closed_scheme(scheme: Scheme, coordinator: User) -> None:
    application = approved(scheme)
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.CLOSED)
    scheme.refresh_from_db()
    application.scheme = scheme
    with pytest.raises(SchemeClosedError):
        placement_start(
            application=application, by=coordinator, expected_version=1, started_on=TODAY
        )


# --- moves and probation ------------------------------------------------------------------


def test_training_ends_in_probation_for_the_schemes_probation_length(
    scheme: Scheme, coordinator: User
) -> None:
    placement = PlacementFactory(scheme=scheme, status="in_training")
    placement_move(
        placement=placement,
        by=coordinator,
        expected_version=1,
        today=TODAY,
        to_status="probation",
        on=TODAY,
        reason="Finished the Samaritans course",
    )
    assert placement.status == PlacementStatus.PROBATION
    assert (placement.probation_started_on, placement.probation_ends_on) == (
        TODAY,
        TODAY + timedelta(weeks=8),
    )
    move = placement.moves.get()
    assert (move.from_status, move.to_status, move.reason) == (
        "in_training",
        "probation",
        "Finished the Samaritans course",
    )


def test_leaving_takes_a_coded_reason_and_a_note(scheme: Scheme, coordinator: User) -> None:
    placement = PlacementFactory(scheme=scheme)
    kwargs = {
        "placement": placement,
        "by": coordinator,
        "expected_version": 1,
        "today": TODAY,
        "to_status": "left",
        "on": TODAY,
        "reason": "Moving to HMP Wealstun",
    }
    with pytest.raises(ValidationError, match="Select why they left"):
        placement_move(**kwargs)  # type: ignore[arg-type]
    placement_move(**kwargs, leaving_reason=LeavingReason.TRANSFERRED)  # type: ignore[arg-type]
    assert (
        placement.status,
        placement.leaving_reason,
        placement.leaving_note,
        placement.left_on,
    ) == (
        "left",
        "transferred",
        "Moving to HMP Wealstun",
        TODAY,
    )


def test_a_move_the_table_does_not_allow_is_refused(scheme: Scheme, coordinator: User) -> None:
    placement = PlacementFactory(scheme=scheme, status="in_training")
    with pytest.raises(ValidationError, match="Choose a move this placement can make"):
        placement_move(
            placement=placement,
            by=coordinator,
            expected_version=1,
            today=TODAY,
            to_status="active",
            on=TODAY,
            reason="Skipping probation",
        )


def test_a_move_from_a_stale_page_is_not_made(scheme: Scheme, coordinator: User) -> None:
    placement = PlacementFactory(scheme=scheme)
    with pytest.raises(StaleEditError):
        placement_move(
            placement=placement,
            by=coordinator,
            expected_version=7,
            today=TODAY,
            to_status="suspended",
            on=TODAY,
            reason="Adjudication pending",
        )
    assert not PlacementMove.objects.exists()


def on_probation(scheme: Scheme) -> Placement:
    return PlacementFactory(
        scheme=scheme,
        status="probation",
        probation_started_on=TODAY - timedelta(days=50),
        probation_ends_on=TODAY + timedelta(days=6),
    )


def test_a_probation_review_confirms_a_peer_supporter_as_active(
    scheme: Scheme, coordinator: User
) -> None:
    placement = on_probation(scheme)
    review = probation_review_record(
        placement=placement,
        by=coordinator,
        expected_version=1,
        today=TODAY,
        outcome=ProbationOutcome.CONFIRM,
        reviewed_on=TODAY,
        note="",
    )
    assert placement.status == PlacementStatus.ACTIVE
    assert review.by == coordinator
    assert placement.moves.get().to_status == "active"


def test_extending_probation_needs_a_later_end_date(scheme: Scheme, coordinator: User) -> None:
    placement = on_probation(scheme)
    kwargs = {
        "placement": placement,
        "by": coordinator,
        "expected_version": 1,
        "today": TODAY,
        "outcome": "extend",
        "reviewed_on": TODAY,
        "note": "More night shifts first",
    }
    with pytest.raises(ValidationError, match="must be after"):
        probation_review_record(**kwargs, extended_to=TODAY + timedelta(days=6))  # type: ignore[arg-type]
    probation_review_record(**kwargs, extended_to=TODAY + timedelta(days=34))  # type: ignore[arg-type]
    assert (placement.status, placement.probation_ends_on) == (
        "probation",
        TODAY + timedelta(days=34),
    )
    assert not placement.moves.exists()


def test_ending_probation_means_they_leave_as_no_longer_suitable(
    scheme: Scheme, coordinator: User
) -> None:
    placement = on_probation(scheme)
    probation_review_record(
        placement=placement,
        by=coordinator,
        expected_version=1,
        today=TODAY,
        outcome="end",
        reviewed_on=TODAY,
        note="Broke confidentiality on the wing",
    )
    assert (placement.status, placement.leaving_reason, placement.left_on) == (
        "left",
        "not_suitable",
        TODAY,
    )


def test_only_a_placement_on_probation_is_reviewed(scheme: Scheme, coordinator: User) -> None:
    with pytest.raises(ValidationError, match="not on probation"):
        probation_review_record(
            placement=PlacementFactory(scheme=scheme),
            by=coordinator,
            expected_version=1,
            today=TODAY,
            outcome="confirm",
            reviewed_on=TODAY,
            note="",
        )
