"""Writes for supervision: recording a session that has taken place."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.access import Permission, can, roles_at
from accounts.models import User
from peersupport.text import check_text_lengths
from schemes.models import Scheme
from schemes.services.access import require

from ..models import Placement, PlacementStatus, SupervisionKind, SupervisionSession

FUTURE = "The date of the session must be today or in the past"


@transaction.atomic
def supervision_record(
    *,
    scheme: Scheme,
    by: User,
    today: date,
    held_on: date,
    kind: str,
    supervisor: User,
    peer_supporters: Iterable[Placement],
    staff: Iterable[User],
    debrief: bool,
    notes: str,
) -> SupervisionSession:
    """Record a supervision session. Staff record the sessions they ran; coordinators
    record anyone's. A one-to-one has one peer supporter, a group at least one, and a
    staff session supervises staff only."""
    require(by, Permission.LOG, scheme)
    if not can(by, Permission.CHANGE, scheme.prison_id) and supervisor.pk != by.pk:
        raise ValidationError({"supervisor": "You can record only the sessions you ran"})
    people = list(peer_supporters)
    staff_list = list(staff)
    if held_on > today:
        raise ValidationError({"held_on": FUTURE})
    created = timezone.localdate(scheme.created_at)
    if held_on < created:
        raise ValidationError(
            {"held_on": f"The date of the session must be on or after {created:%-d %B %Y}"}
        )
    members = roles_at(scheme.prison_id)
    if supervisor.pk not in members:
        raise ValidationError({"supervisor": "Select a member of staff at this prison"})
    if any(u.pk not in members for u in staff_list):
        raise ValidationError({"staff": "Select staff who work at this prison"})
    if any(p.scheme_id != scheme.pk or p.status == PlacementStatus.LEFT for p in people):
        raise ValidationError({"peer_supporters": "Select current peer supporters of this scheme"})
    if kind == SupervisionKind.ONE_TO_ONE and len(people) != 1:
        raise ValidationError({"peer_supporters": "Select the one peer supporter supervised"})
    if kind == SupervisionKind.GROUP and not people:
        raise ValidationError({"peer_supporters": "Select the peer supporters who attended"})
    if kind == SupervisionKind.STAFF:
        if people:
            raise ValidationError(
                {"peer_supporters": "A supervision of staff has no peer supporters"}
            )
        if not staff_list:
            raise ValidationError({"staff": "Select the staff who were supervised"})
    session = SupervisionSession(
        scheme=scheme,
        held_on=held_on,
        kind=kind,
        supervisor=supervisor,
        debrief=debrief,
        notes=notes,
        recorded_by=by,
    )
    session.full_clean()
    check_text_lengths(session)
    session.save()
    session.peer_supporters.set(people)
    session.staff.set(staff_list)
    return session
