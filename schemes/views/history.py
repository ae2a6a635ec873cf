"""The scheme's history as an MoJ timeline."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from accounts.access import AuthenticatedRequest, Permission, can
from peersupport.http import require_http_methods
from peersupport.pagination import page_of

from ..selectors import get_scheme_for_user, scheme_history
from .status import status_moves

# Newest first, so the first page is what changed lately.
EVENTS_PER_PAGE = 25


@login_required
@require_http_methods(["GET"])
def history_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    return render(
        request,
        "schemes/history.html",
        {
            "scheme": scheme,
            "events": page_of(
                scheme_history(scheme, request.user), EVENTS_PER_PAGE, request.GET.get("page")
            ),
            "moves": status_moves(request.user, scheme),
            "show_people": can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id),
        },
    )
