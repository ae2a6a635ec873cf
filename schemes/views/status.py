"""Moving a scheme through its lifecycle: the confirmation pages and buttons."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from accounts.access import AuthenticatedRequest, Permission, can
from accounts.models import User
from peersupport.forms import posted
from peersupport.http import require_http_methods

from .. import lifecycle
from ..forms.actions import StatusChangeForm
from ..models import Scheme, SchemeStatus
from ..selectors import get_scheme_for_user
from ..services.lifecycle import scheme_transition

# --- the lifecycle -------------------------------------------------------------------


def _permission_to_move_to(to_status: str) -> Permission:
    """The permission a move to ``to_status`` needs, whatever the scheme's status now.

    Every target but recruiting needs one permission from any status (lifecycle's
    table). Recruiting starts only when a governor approves the plan (the planning
    pages), so this page does not offer it: an unknown target is a 404.
    """
    needed = {
        permission
        for (_, to), permission in lifecycle.TRANSITIONS.items()
        if to == to_status and to != SchemeStatus.RECRUITING
    }
    if len(needed) != 1:
        raise Http404("No such status change")
    return needed.pop()


@dataclass(frozen=True)
class StatusMove:
    """A lifecycle move the user may make now, as a button."""

    to_status: str
    title: str
    warning: bool


def status_moves(user: User, scheme: Scheme) -> list[StatusMove]:
    """The moves ``user`` may make to ``scheme`` now (no queries: roles are cached)."""
    return [
        StatusMove(to, lifecycle.move_wording(scheme.status, to).title, to == SchemeStatus.CLOSED)
        for to in lifecycle.moves_from(scheme.status)
        if to != SchemeStatus.RECRUITING
        and can(user, lifecycle.TRANSITIONS[(scheme.status, to)], scheme.prison_id)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def status_change_view(request: AuthenticatedRequest, pk: int, to_status: str) -> HttpResponse:
    """Confirm a lifecycle move, with a reason; the service makes and records it.

    Answers 404 for an unknown target, 403 for a user who may never make a move to it,
    and 404 for a move the scheme's status does not allow now; a POST for such a move
    (from a page opened before somebody else changed the status) gets 409 and says so.
    """
    permission = _permission_to_move_to(to_status)
    scheme = get_scheme_for_user(request.user, pk, permission)
    move = (scheme.status, to_status)
    possible = move in lifecycle.TRANSITIONS
    if not possible and request.method != "POST":
        raise Http404("The scheme cannot make that move now")
    wording = lifecycle.move_wording(*move)
    form = StatusChangeForm(
        # An impossible move's page shows only why (bound, so it can carry the error).
        posted(request) if possible else {},
        verb=wording.verb,
        reason_required=possible and move in lifecycle.REASON_REQUIRED,
        button=wording.title,
        warning=to_status == SchemeStatus.CLOSED,
    )
    status = 200
    if not possible:
        form.is_valid()
        form.add_error(
            None,
            f"The scheme is {scheme.status_phrase} now, so you cannot do "
            "this. Somebody may have changed its status after you opened this page.",
        )
        status = 409
    elif request.method == "POST" and form.is_valid():
        try:
            scheme_transition(
                scheme=scheme,
                to_status=to_status,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, wording.done)
            return redirect("schemes:history", pk=scheme.pk)
    return render(
        request,
        "schemes/status_change.html",
        {
            "form": form,
            "scheme": scheme,
            "wording": wording,
            "possible": possible,
            "closing": to_status == SchemeStatus.CLOSED,
            "typed_reason": request.POST.get("reason", ""),
        },
        status=status,
    )
