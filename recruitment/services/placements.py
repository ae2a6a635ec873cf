"""Writes for suitability sign-offs and placements: the scheme's recruitment settings and
sign-off parties, each party's check, a governor's override of a refusal, starting a
placement, its moves and the probation review.

Every service checks the user itself (``require``), validates (``full_clean``, text
lengths) and, where a form edits a saved record, saves only if nobody changed it since
the form was opened (StaleEditError: nothing is written).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.access import Permission
from accounts.models import User
from peersupport.text import check_text_lengths
from schemes.models import Scheme
from schemes.services.access import require
from schemes.services.versioning import StaleEditError, save_if_unchanged

from ..models import (
    LIVE_APPLICATION,
    Application,
    ApplicationStatus,
    CheckOutcome,
    LeavingReason,
    Placement,
    PlacementMove,
    PlacementStatus,
    ProbationOutcome,
    ProbationReview,
    RecruitmentSettings,
    SignOffParty,
    SuitabilityCheck,
)
from ..rules_placements import (
    can_move,
    missing_message,
    probation_ends,
    training_ends,
)
from ..selectors.placements import checks_by_party, parties_missing, required_parties, settings_for
from ..selectors.training import training_state

FUTURE_DATE = "{what} must be today or in the past"
NOT_LIVE = "This application has been decided ({status}), so its checks cannot change"


def _not_future(value: date, today: date, field: str, what: str) -> None:
    if value > today:
        raise ValidationError({field: FUTURE_DATE.format(what=what)})


# --- settings and sign-off parties ------------------------------------------------------


@transaction.atomic
def settings_update(
    *,
    scheme: Scheme,
    by: User,
    expected_version: int,
    probation_weeks: int,
    training_weeks: int,
    practice_sessions: int | None = None,
    supervision_weeks: int | None = None,
) -> RecruitmentSettings:
    """Set the scheme's probation and training lengths, its practice before probation
    and how often it supervises (left as they are when not given), unless somebody
    changed them
    since ``expected_version`` was read. A scheme without settings gets them here (the
    defaults the page showed are version 1)."""
    require(by, Permission.CHANGE, scheme)
    current, _ = RecruitmentSettings.objects.get_or_create(scheme=scheme)
    current.scheme = scheme
    save_if_unchanged(
        current,
        expected_version=expected_version,
        fields={
            "probation_weeks": probation_weeks,
            "training_weeks": training_weeks,
            "practice_sessions": current.practice_sessions
            if practice_sessions is None
            else practice_sessions,
            "supervision_weeks": current.supervision_weeks
            if supervision_weeks is None
            else supervision_weeks,
        },
        updated_at=timezone.now(),
    )
    return current


def _clean_party_name(scheme: Scheme, name: str, *, exclude: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Enter the name of the party"})
    others = SignOffParty.objects.filter(scheme=scheme, name__iexact=name)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    existing = others.first()
    if existing is not None:
        raise ValidationError({"name": f"{existing.name} already signs off for this scheme"})
    return name


@transaction.atomic
def party_add(*, scheme: Scheme, by: User, name: str) -> SignOffParty:
    """Add a party that must sign off every new peer supporter of the scheme. One that
    was removed earlier (but kept for its checks) is required again."""
    require(by, Permission.CHANGE, scheme)
    cleaned = " ".join(name.split())
    removed = SignOffParty.objects.filter(
        scheme=scheme, name__iexact=cleaned, required=False
    ).first()
    if removed is not None:
        SignOffParty.objects.filter(pk=removed.pk).update(required=True)
        removed.refresh_from_db()
        return removed
    party = SignOffParty(scheme=scheme, name=_clean_party_name(scheme, name))
    party.full_clean()
    party.save()
    return party


@transaction.atomic
def party_rename(*, party: SignOffParty, by: User, expected_name: str, name: str) -> SignOffParty:
    """Rename a party, unless somebody renamed it since the form was opened (the party
    has no version: the name the user saw is what is checked)."""
    scheme = party.scheme
    require(by, Permission.CHANGE, scheme)
    cleaned = _clean_party_name(scheme, name, exclude=party.pk)
    updated = SignOffParty.objects.filter(pk=party.pk, name=expected_name, required=True).update(
        name=cleaned
    )
    if not updated:
        raise StaleEditError
    party.refresh_from_db()
    return party


@transaction.atomic
def party_remove(*, party: SignOffParty, by: User) -> bool:
    """Stop requiring a party's sign-off. A party that has checked someone is kept (its
    checks are part of those decisions) but no longer required; one that has not is
    deleted. True if it was deleted."""
    require(by, Permission.CHANGE, party.scheme)
    if SuitabilityCheck.objects.filter(party=party).exists():
        SignOffParty.objects.filter(pk=party.pk).update(required=False)
        return False
    SignOffParty.objects.filter(pk=party.pk).delete()
    return True


# --- suitability checks -----------------------------------------------------------------


def _live(application: Application) -> None:
    if application.status not in LIVE_APPLICATION:
        raise ValidationError(NOT_LIVE.format(status=application.get_status_display().lower()))


@transaction.atomic
def check_record(
    *,
    application: Application,
    party: SignOffParty,
    by: User,
    expected_version: int,
    today: date,
    outcome: str,
    conditions: str,
    notes: str,
    checked_by_name: str,
    checked_on: date,
) -> SuitabilityCheck:
    """Record one party's check of an applicant: cleared, cleared with conditions (the
    conditions written down) or not cleared, who checked and when. Recording it again
    replaces the earlier outcome, and any override of it. ``expected_version`` is the
    check's version the form was opened with (0: there was no check)."""
    scheme = application.scheme
    require(by, Permission.CHANGE, scheme)
    if party.scheme_id != scheme.pk or not party.required:
        raise ValidationError("This party does not sign off for this scheme")
    _live(application)
    _not_future(checked_on, today, "checked_on", "The date of the check")
    if outcome == CheckOutcome.CONDITIONS and not conditions.strip():
        raise ValidationError({"conditions": "Enter the conditions"})
    if outcome != CheckOutcome.CONDITIONS:
        conditions = ""
    fields = {
        "outcome": outcome,
        "conditions": conditions,
        "notes": notes,
        "checked_by_name": checked_by_name,
        "checked_on": checked_on,
        "recorded_by": by,
        "overridden_by": None,
        "overridden_at": None,
        "override_reason": "",
    }
    check = SuitabilityCheck.objects.filter(application=application, party=party).first()
    if check is None:
        if expected_version != 0:
            raise StaleEditError
        check = SuitabilityCheck(application=application, party=party, **fields)
        check.full_clean()
        check_text_lengths(check)
        check.save()
        return check
    check.application = application
    check.party = party
    save_if_unchanged(
        check, expected_version=expected_version, fields=fields, updated_at=timezone.now()
    )
    return check


@transaction.atomic
def check_override(
    *, check: SuitabilityCheck, by: User, expected_version: int, reason: str
) -> SuitabilityCheck:
    """A governor lets a placement start despite a party's refusal, with a written
    reason. Only a refusal can be overridden, once."""
    application = check.application
    require(by, Permission.APPROVE, application.scheme)
    _live(application)
    if check.outcome != CheckOutcome.NOT_CLEARED:
        raise ValidationError("Only a check that was not cleared can be overridden")
    if check.overridden_at is not None:
        raise ValidationError("This refusal has already been overridden")
    if not reason.strip():
        raise ValidationError({"override_reason": "Enter why you are overriding the refusal"})
    save_if_unchanged(
        check,
        expected_version=expected_version,
        fields={
            "overridden_by": by,
            "overridden_at": timezone.now(),
            "override_reason": reason,
        },
        updated_at=timezone.now(),
    )
    return check


# --- placements -------------------------------------------------------------------------


def _move(placement: Placement, by: User, from_status: str, on: date, reason: str) -> None:
    move = PlacementMove(
        placement=placement,
        from_status=from_status,
        to_status=placement.status,
        on=on,
        by=by,
        reason=reason,
    )
    move.full_clean()
    check_text_lengths(move)
    move.save()


@transaction.atomic
def placement_start(
    *, application: Application, by: User, expected_version: int, started_on: date
) -> Placement:
    """Start an approved applicant's placement: in training, until the scheme's
    training length has passed. Refused, naming them, unless every required party has
    cleared the applicant (or a governor overrode a refusal)."""
    scheme = application.scheme
    require(by, Permission.CHANGE, scheme)
    if application.status != ApplicationStatus.APPROVED:
        raise ValidationError(
            "Only an approved application can become a placement: this one is "
            f"{application.get_status_display().lower()}"
        )
    missing = parties_missing(required_parties(scheme), checks_by_party(application))
    if missing:
        raise ValidationError(missing_message(missing))
    prisoner = application.prisoner
    if not prisoner.in_prison:
        raise ValidationError("They have left the prison, so their placement cannot start")
    if (
        Placement.objects.filter(scheme=scheme, prisoner=prisoner)
        .exclude(status=PlacementStatus.LEFT)
        .exists()
    ):
        raise ValidationError("They already have a placement in this scheme")
    if started_on > timezone.localdate() + timedelta(days=366):
        raise ValidationError({"started_on": "The start date must be within a year from today"})
    if started_on < application.applied_on:
        raise ValidationError(
            {"started_on": "The start date must be on or after the date they applied"}
        )
    save_if_unchanged(
        application,
        expected_version=expected_version,
        fields={"status": ApplicationStatus.PLACED},
        updated_at=timezone.now(),
    )
    settings = settings_for(scheme)
    placement = Placement(
        scheme=scheme,
        prisoner=prisoner,
        application=application,
        status=PlacementStatus.IN_TRAINING,
        started_on=started_on,
        training_ends_on=training_ends(started_on, settings.training_weeks),
        created_by=by,
    )
    placement.full_clean()
    placement.save()
    _move(placement, by, "", started_on, "Approved, and every party cleared them")
    return placement


@transaction.atomic
def placement_move(
    *,
    placement: Placement,
    by: User,
    expected_version: int,
    today: date,
    to_status: str,
    on: date,
    reason: str,
    leaving_reason: str = "",
) -> Placement:
    """Move a placement as ALLOWED_MOVES says, recording who, when and why. Probation
    starts its period (the scheme's probation length); leaving takes a coded reason and
    the note."""
    scheme = placement.scheme
    require(by, Permission.CHANGE, scheme)
    from_status = placement.status
    if not can_move(from_status, to_status):
        raise ValidationError(
            {"to_status": "Choose a move this placement can make"}
            if to_status in PlacementStatus.values
            else {"to_status": "Choose what happens to the placement"}
        )
    _not_future(on, today, "on", "The date")
    if on < placement.started_on:
        raise ValidationError({"on": "The date must be on or after the placement started"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter why"})
    fields: dict[str, object] = {"status": to_status}
    if to_status == PlacementStatus.PROBATION:
        # The guidance: train in core skills and allow time for practice, before they
        # support people on probation.
        problems = training_state(placement, today).problems
        if problems:
            raise ValidationError({"to_status": problems})
        fields["probation_started_on"] = on
        fields["probation_ends_on"] = probation_ends(on, settings_for(scheme).probation_weeks)
    if to_status == PlacementStatus.LEFT:
        if leaving_reason not in LeavingReason.values:
            raise ValidationError({"leaving_reason": "Select why they left"})
        fields.update(left_on=on, leaving_reason=leaving_reason, leaving_note=reason)
    save_if_unchanged(
        placement, expected_version=expected_version, fields=fields, updated_at=timezone.now()
    )
    _move(placement, by, from_status, on, reason)
    return placement


@transaction.atomic
def probation_review_record(
    *,
    placement: Placement,
    by: User,
    expected_version: int,
    today: date,
    outcome: str,
    reviewed_on: date,
    note: str,
    extended_to: date | None = None,
) -> ProbationReview:
    """The review that ends (or extends) a probation: confirm (they become active),
    extend (to a later date than the current end) or end (they leave: no longer
    suitable)."""
    scheme = placement.scheme
    require(by, Permission.CHANGE, scheme)
    if placement.status != PlacementStatus.PROBATION:
        raise ValidationError("This placement is not on probation")
    _not_future(reviewed_on, today, "reviewed_on", "The date of the review")
    if placement.probation_started_on and reviewed_on < placement.probation_started_on:
        raise ValidationError(
            {"reviewed_on": "The date of the review must be on or after probation started"}
        )
    if outcome == ProbationOutcome.EXTEND:
        if extended_to is None:
            raise ValidationError({"extended_to": "Enter the new end of the probation"})
        current = placement.probation_ends_on or reviewed_on
        if extended_to <= current:
            raise ValidationError(
                {"extended_to": f"The new end of the probation must be after {current:%-d %B %Y}"}
            )
    else:
        extended_to = None
    if outcome == ProbationOutcome.END and not note.strip():
        raise ValidationError({"note": "Enter why the placement ends"})
    review = ProbationReview(
        placement=placement,
        reviewed_on=reviewed_on,
        outcome=outcome,
        extended_to=extended_to,
        note=note,
        by=by,
    )
    review.full_clean()
    check_text_lengths(review)
    fields: dict[str, object]
    if outcome == ProbationOutcome.CONFIRM:
        fields = {"status": PlacementStatus.ACTIVE}
    elif outcome == ProbationOutcome.EXTEND:
        fields = {"probation_ends_on": extended_to}
    else:
        fields = {
            "status": PlacementStatus.LEFT,
            "left_on": reviewed_on,
            "leaving_reason": LeavingReason.NOT_SUITABLE,
            "leaving_note": note,
        }
    save_if_unchanged(
        placement, expected_version=expected_version, fields=fields, updated_at=timezone.now()
    )
    review.save()
    if placement.status != PlacementStatus.PROBATION:
        why = note or ProbationOutcome(outcome).label
        _move(placement, by, PlacementStatus.PROBATION, reviewed_on, f"Probation review: {why}")
    return review
