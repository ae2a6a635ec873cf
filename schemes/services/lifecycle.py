"""Moving a scheme through its lifecycle, with every move recorded."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.access import can
from accounts.models import User

from .. import lifecycle
from ..models import PlanApproval, Scheme, SchemeTransition


@transaction.atomic
def scheme_transition(
    *, scheme: Scheme, to_status: str, by: User, reason: str = ""
) -> SchemeTransition:
    """Move ``scheme`` to ``to_status`` if the lifecycle and ``by``'s role allow it.

    Raises ValidationError with the reasons otherwise. The row is locked for the
    check, so two people pressing a button at once cannot both move it.
    """
    # Lock the scheme's row only: PostgreSQL cannot lock the nullable side of the join.
    locked = Scheme.objects.select_for_update(of=("self",)).select_related("plan").get(pk=scheme.pk)
    plan = getattr(locked, "plan", None)
    problems = lifecycle.transition_problems(
        from_status=locked.status,
        to_status=to_status,
        may=lambda action: can(by, action, locked.prison_id),
        reason=reason,
        plan_approved=plan is not None and plan.approval == PlanApproval.APPROVED,
        activation_problems=[
            problem for check in lifecycle.ACTIVATION_CHECKS for problem in check(locked)
        ],
    )
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
