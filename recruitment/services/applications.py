"""Writes for recruitment rounds and applications.

Each service checks the user's permission itself (``require``), refuses a closed
scheme, validates the record (``full_clean`` and the text limits) and saves an edit only
if nobody changed it since it was read (``save_if_unchanged``: StaleEditError).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.access import Permission
from accounts.models import User
from peersupport.text import check_text_lengths
from schemes.models import Scheme
from schemes.services.access import require
from schemes.services.versioning import save_if_unchanged

from ..models import (
    LIVE_APPLICATION,
    Application,
    ApplicationRoute,
    ApplicationStatus,
    Placement,
    PlacementStatus,
    Prisoner,
    RecruitmentRound,
)
from ..rules_applications import criteria_from_text, decision_problems, round_problems

ROUND_FIELDS = ("title", "opens_on", "closes_on", "places", "selection_criteria", "advertising")
ALREADY_LIVE = (
    "{name} already has an application to this scheme that is still open: decide or "
    "withdraw it before recording another"
)


def _check_round(fields: Mapping[str, object]) -> None:
    opens_on = fields.get("opens_on")
    closes_on = fields.get("closes_on")
    problems = round_problems(
        opens_on=opens_on if isinstance(opens_on, date) else None,
        closes_on=closes_on if isinstance(closes_on, date) else None,
        criteria=criteria_from_text(str(fields.get("selection_criteria") or "")),
    )
    if problems:
        raise ValidationError(problems)


def _tidy_criteria(text: str) -> str:
    """Store the criteria one to a line, without blank lines or stray spaces."""
    return "\n".join(criteria_from_text(text))


@transaction.atomic
def round_create(
    *,
    scheme: Scheme,
    by: User,
    title: str,
    opens_on: date,
    closes_on: date,
    places: int,
    selection_criteria: str,
    advertising: str = "",
) -> RecruitmentRound:
    """Open a recruitment round for the scheme: its dates, places, the selection
    criteria applicants are judged on, and how it is advertised."""
    require(by, Permission.CHANGE, scheme)
    fields = {
        "title": title,
        "opens_on": opens_on,
        "closes_on": closes_on,
        "places": places,
        "selection_criteria": _tidy_criteria(selection_criteria),
        "advertising": advertising,
    }
    _check_round(fields)
    recruitment_round = RecruitmentRound(scheme=scheme, created_by=by, **fields)
    recruitment_round.full_clean()
    check_text_lengths(recruitment_round)
    recruitment_round.save()
    return recruitment_round


@transaction.atomic
def round_update(
    *,
    recruitment_round: RecruitmentRound,
    by: User,
    expected_version: int,
    **fields: object,
) -> RecruitmentRound:
    """Change a round, unless somebody changed it since ``expected_version`` was read
    (StaleEditError: nothing is written)."""
    require(by, Permission.CHANGE, recruitment_round.scheme)
    unknown = set(fields) - set(ROUND_FIELDS)
    if unknown:
        raise TypeError(f"round_update() cannot change {sorted(unknown)}")
    if "selection_criteria" in fields:
        fields["selection_criteria"] = _tidy_criteria(str(fields["selection_criteria"]))
    current = {name: getattr(recruitment_round, name) for name in ROUND_FIELDS}
    _check_round({**current, **fields})
    save_if_unchanged(
        recruitment_round,
        expected_version=expected_version,
        fields=dict(fields),
        updated_at=timezone.now(),
    )
    return recruitment_round


def live_application_exists(scheme: Scheme, prisoner: Prisoner) -> bool:
    """Whether the prisoner already holds a live application to the scheme (one query)."""
    return Application.objects.filter(
        scheme=scheme, prisoner=prisoner, status__in=LIVE_APPLICATION
    ).exists()


@transaction.atomic
def application_record(
    *,
    scheme: Scheme,
    by: User,
    prisoner: Prisoner,
    route: str,
    today: date,
    recruitment_round: RecruitmentRound | None = None,
    statement: str = "",
) -> Application:
    """Record an application: a prisoner's own (recorded by a coordinator) or a staff
    referral ("refer a prisoner": anyone who may log at the prison). The prisoner must
    be held at the scheme's prison and hold no other live application to the scheme; a
    round must be one of the scheme's, open today."""
    permission = Permission.LOG if route == ApplicationRoute.REFERRAL else Permission.CHANGE
    require(by, permission, scheme)
    if prisoner.prison_id != scheme.prison_id or prisoner.anonymised_at is not None:
        raise ValidationError(
            {"prison_number": "Enter the prison number of someone held at this prison"}
        )
    if not prisoner.in_prison:
        raise ValidationError(
            {"prison_number": f"{prisoner.full_name} has left the prison: they cannot apply"}
        )
    if recruitment_round is not None:
        if recruitment_round.scheme_id != scheme.pk:
            raise ValidationError({"round": "Select a round of this scheme"})
        if not recruitment_round.is_open(today):
            raise ValidationError({"round": "Select a round that is open today"})
    # Lock the prisoner's row so two people recording at once cannot both pass the check.
    Prisoner.objects.select_for_update().filter(pk=prisoner.pk).exists()
    if live_application_exists(scheme, prisoner):
        raise ValidationError({"prison_number": ALREADY_LIVE.format(name=prisoner.full_name)})
    if (
        Placement.objects.filter(scheme=scheme, prisoner=prisoner)
        .exclude(status=PlacementStatus.LEFT)
        .exists()
    ):
        raise ValidationError(
            {"prison_number": f"{prisoner.full_name} is already a peer supporter in this scheme"}
        )
    application = Application(
        scheme=scheme,
        prisoner=prisoner,
        round=recruitment_round,
        route=route,
        applied_on=today,
        statement=statement,
        recorded_by=by,
    )
    application.full_clean(validate_constraints=False)
    check_text_lengths(application)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # The database's partial unique constraint: somebody recorded one meanwhile.
        raise ValidationError(
            {"prison_number": ALREADY_LIVE.format(name=prisoner.full_name)}
        ) from None
    return application


@transaction.atomic
def application_decide(
    *,
    application: Application,
    by: User,
    expected_version: int,
    to_status: str,
    criteria_met: Mapping[str, bool],
    reason: str,
    note: str = "",
    today: date,
) -> Application:
    """Record a decision on an application: shortlist, assess, approve (they wait for a
    place), decline or withdraw. Each decision but a withdrawal judges every one of the
    round's criteria; all of them give a coded reason. Unless somebody decided
    meanwhile (StaleEditError: nothing is written)."""
    require(by, Permission.CHANGE, application.scheme)
    criteria = application.round.criteria if application.round else []
    problems = decision_problems(
        from_status=application.status,
        to_status=to_status,
        criteria=criteria,
        criteria_met=criteria_met,
        reason=reason,
        note=note,
    )
    if problems:
        raise ValidationError(problems)
    save_if_unchanged(
        application,
        expected_version=expected_version,
        fields={
            "status": to_status,
            "criteria_met": {c: bool(criteria_met[c]) for c in criteria if c in criteria_met},
            "decision_reason": reason,
            "decision_note": note,
            "decided_on": today,
            "decided_by": by,
        },
        updated_at=timezone.now(),
    )
    return application


def application_withdraw(
    *,
    application: Application,
    by: User,
    expected_version: int,
    reason: str,
    note: str = "",
    today: date,
) -> Application:
    """Withdraw a live application (the applicant asked, or left the prison). The
    criteria judged by the last decision stay on record."""
    return application_decide(
        application=application,
        by=by,
        expected_version=expected_version,
        to_status=ApplicationStatus.WITHDRAWN,
        criteria_met=application.criteria_met or {},
        reason=reason,
        note=note,
        today=today,
    )
