"""Moving a scheme through its lifecycle, with every move recorded."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.access import can
from accounts.models import User
from peersupport.text import LONG_TEXT, too_long_message

from .. import lifecycle, phases
from ..models import Scheme, SchemeTransition


@transaction.atomic
def scheme_transition(
    *, scheme: Scheme, to_status: str, by: User, reason: str = ""
) -> SchemeTransition:
    """Move ``scheme`` to ``to_status`` if the lifecycle, ``by``'s role and every
    phase's gate allow it.

    Raises ValidationError with the reasons otherwise. The row is locked for the
    check, so two people pressing a button at once cannot both move it.
    """
    locked = Scheme.objects.select_for_update().get(pk=scheme.pk)
    problems = lifecycle.transition_problems(
        from_status=locked.status,
        to_status=to_status,
        may=lambda permission: can(by, permission, locked.prison_id),
        reason=reason,
    )
    if len(reason) > LONG_TEXT:
        problems.append(too_long_message("the reason", LONG_TEXT))
    if (locked.status, to_status) in lifecycle.TRANSITIONS:
        problems += phases.gate_problems(locked, locked.status, to_status)
    if problems:
        raise ValidationError(problems)
    move = SchemeTransition.objects.create(
        scheme=locked, from_status=locked.status, to_status=to_status, by=by, reason=reason
    )
    Scheme.objects.filter(pk=locked.pk).update(
        status=to_status, version=F("version") + 1, updated_at=timezone.now()
    )
    scheme.refresh_from_db()
    return move
