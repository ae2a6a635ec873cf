"""Writing a prison's prisoners: importing its extract, and anonymising those who left
long ago.

Both run in a fixed number of queries whatever the number of prisoners (bulk inserts
and updates; the database's own limit on a statement's size is the only thing that
splits them into batches), so a 5,000-row extract imports in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.access import Permission, can
from accounts.models import Prison, User

from ..extract import IMPORTED_FIELDS, Extract, compare
from ..models import (
    OPEN_PLACEMENT,
    Application,
    LeavingReason,
    Placement,
    PlacementMove,
    PlacementStatus,
    Prisoner,
    ProbationReview,
    SuitabilityCheck,
)
from ..selectors.prisoners import register_for_import, register_state


class RegisterChangedError(Exception):
    """The register changed (another import was confirmed) after the check page was
    made: the checked changes no longer say what the import would do."""


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    left: int
    placements_ended: int


UPDATABLE_FIELDS = (*IMPORTED_FIELDS, "in_prison", "left_on")
LEFT_REASON = "Not in the prison's extract of {day}: released or transferred"


def prisoners_import(
    *,
    prison: Prison,
    by: User,
    extract: Extract,
    today: date,
    checked_state: list[Any] | None = None,
) -> ImportResult:
    """Apply a prison's extract to its register: add new prison numbers, update known
    ones (never a second row for a number), and mark everyone in the prison who is not
    in the extract as having left today, ending their open placements with the reason
    "released or transferred". Nobody is deleted.

    ``checked_state``: the register's state when the coordinator checked the changes
    (``selectors.prisoners.register_state``); if it has moved since, nothing is saved
    and RegisterChangedError is raised. Coordinators of the prison only.
    """
    if not can(by, Permission.CHANGE, prison.pk):
        raise PermissionDenied
    if not extract.rows:
        raise ValidationError("The extract has no rows that can be imported")
    now = timezone.now()
    with transaction.atomic():
        # Take the write lock first, so two confirmations run one after the other and
        # the second sees the first's changes (PostgreSQL; SQLite's IMMEDIATE
        # transactions already queue).
        Prison.objects.select_for_update().filter(pk=prison.pk).first()
        if checked_state is not None and register_state(prison) != checked_state:
            raise RegisterChangedError
        comparison = compare(register_for_import(prison), extract)

        new = [
            Prisoner(
                prison=prison,
                prison_number=row.prison_number,
                created_at=now,
                updated_at=now,
                **row.values,
            )
            for row in comparison.adds
        ]
        for prisoner in new:
            # The prison is known to exist; validating the key would query per row.
            prisoner.full_clean(
                exclude=["prison"], validate_constraints=False, validate_unique=False
            )
        Prisoner.objects.bulk_create(new)

        changed: list[Prisoner] = []
        # Only the fields that changed on some row: each costs a CASE over every row.
        changed_fields: set[str] = set()
        for prisoner, fields, _changes in comparison.updates:
            changed_fields.update(fields)
            for name, value in fields.items():
                setattr(prisoner, name, value)
            prisoner.full_clean(
                exclude=["prison"], validate_constraints=False, validate_unique=False
            )
            prisoner.version += 1
            prisoner.updated_at = now
            changed.append(prisoner)
        if changed:
            Prisoner.objects.bulk_update(
                changed,
                [
                    *(name for name in UPDATABLE_FIELDS if name in changed_fields),
                    "version",
                    "updated_at",
                ],
            )

        leaver_ids = [prisoner.pk for prisoner in comparison.leavers]
        ended = 0
        if leaver_ids:
            Prisoner.objects.filter(pk__in=leaver_ids).update(
                in_prison=False, left_on=today, version=F("version") + 1, updated_at=now
            )
            ended = _end_placements(leaver_ids, by=by, today=today)
    return ImportResult(
        added=len(new), updated=len(changed), left=len(leaver_ids), placements_ended=ended
    )


def _end_placements(prisoner_ids: list[int], *, by: User, today: date) -> int:
    """End the open placements of people who left the prison (three queries)."""
    placements = list(
        Placement.objects.filter(prisoner_id__in=prisoner_ids, status__in=OPEN_PLACEMENT)
    )
    if not placements:
        return 0
    reason = LEFT_REASON.format(day=today.strftime("%-d %B %Y"))
    moves = []
    for placement in placements:
        moves.append(
            PlacementMove(
                placement=placement,
                from_status=placement.status,
                to_status=PlacementStatus.LEFT,
                on=today,
                by=by,
                reason=reason,
            )
        )
        placement.status = PlacementStatus.LEFT
        placement.left_on = today
        placement.leaving_reason = LeavingReason.RELEASED_OR_TRANSFERRED
        placement.leaving_note = reason
        placement.version += 1
        placement.updated_at = timezone.now()
    Placement.objects.bulk_update(
        placements, ["status", "left_on", "leaving_reason", "leaving_note", "version", "updated_at"]
    )
    PlacementMove.objects.bulk_create(moves)
    return len(placements)


# --- retention ------------------------------------------------------------------------

ANONYMISED_FIELDS: dict[str, Any] = {
    "prison_number": None,
    "first_name": "",
    "last_name": "",
    "date_of_birth": None,
    "cell_location": "",
    "earliest_release_date": None,
    "incentive_level": "",
    "gender": "",
    "ethnicity": "",
    "religion": "",
    "disability": "",
    "sexual_orientation": "",
}


def prisoners_anonymise(*, today: date) -> int:
    """Anonymise every prisoner who left a prison more than PRISONER_RETENTION_DAYS
    before ``today``: their names, number, date of birth, cell, release date and
    protected characteristics are blanked, as is the free text written about them (an
    application's statement and decision note, suitability notes, leaving notes,
    probation notes). Their rows stay, marked anonymised, so counts of applications and
    placements survive. A fixed number of queries; returns how many were anonymised."""
    cutoff = today - timedelta(days=settings.PRISONER_RETENTION_DAYS)
    due = Prisoner.objects.filter(anonymised_at__isnull=True, in_prison=False, left_on__lt=cutoff)
    with transaction.atomic():
        ids = list(due.values_list("pk", flat=True))
        if not ids:
            return 0
        Application.objects.filter(prisoner_id__in=ids).update(statement="", decision_note="")
        SuitabilityCheck.objects.filter(application__prisoner_id__in=ids).update(notes="")
        Placement.objects.filter(prisoner_id__in=ids).update(leaving_note="")
        PlacementMove.objects.filter(placement__prisoner_id__in=ids).update(reason="")
        ProbationReview.objects.filter(placement__prisoner_id__in=ids).update(note="")
        Prisoner.objects.filter(pk__in=ids).update(
            **ANONYMISED_FIELDS,
            anonymised_at=timezone.now(),
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
    return len(ids)
