"""Supervision pages: the scheme's sessions and who is overdue, recording a session,
and one session (its notes only for those allowed, every reading logged)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.access import AuthenticatedRequest, Permission, can, may_read_supervision_notes
from accounts.audit import record_read
from peersupport.forms import apply_service_errors, posted
from peersupport.http import require_http_methods
from schemes.models import SchemeStatus
from schemes.selectors import get_scheme_for_user

from ..forms.supervision import SupervisionForm
from ..models import SupervisionSession
from ..rules_supervision import staff_supervision_due_on, staff_supervision_overdue
from ..selectors.supervision import (
    overdue_peer_supporters,
    sessions_for,
    staff_supervision_facts,
)
from ..services.supervision import supervision_record

SESSIONS_PER_PAGE = 25


@login_required
@require_http_methods(["GET"])
def supervision_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The scheme's supervision: who is overdue, and the sessions held (names only for
    those who may see people)."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    today = timezone.localdate()
    show_people = can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id)
    # The one rule for the scheme's staff, as on the dashboards: from the launch.
    weeks, staff_last = staff_supervision_facts(scheme)
    overdue = overdue_peer_supporters(scheme, today, weeks)
    page = Paginator(sessions_for(scheme), SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "recruitment/supervision/index.html",
        {
            "scheme": scheme,
            "weeks": weeks,
            "overdue": overdue,
            "staff_due": staff_supervision_due_on(staff_last, scheme.launched_on, weeks),
            "staff_overdue": staff_supervision_overdue(
                staff_last, scheme.launched_on, weeks, today
            ),
            "page": page,
            "show_people": show_people,
            "can_log": can(request.user, Permission.LOG, scheme.prison_id)
            and scheme.status != SchemeStatus.CLOSED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def supervision_add_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record a session: staff the ones they ran, coordinators any."""
    scheme = get_scheme_for_user(request.user, pk, Permission.LOG)
    today = timezone.localdate()
    form = SupervisionForm(posted(request), scheme=scheme, user=request.user, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            session = supervision_record(
                scheme=scheme, by=request.user, today=today, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The supervision session has been recorded")
            return redirect("recruitment:supervision-detail", pk=scheme.pk, session_id=session.pk)
    return render(request, "recruitment/supervision/form.html", {"scheme": scheme, "form": form})


@login_required
@require_http_methods(["GET"])
def supervision_detail_view(
    request: AuthenticatedRequest, pk: int, session_id: int
) -> HttpResponse:
    """One session. Its notes are confidential: shown to the prison's coordinators and
    whoever ran it, and each showing is written to the access log."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW_PERSONAL)
    session = get_object_or_404(
        SupervisionSession.objects.select_related("supervisor", "recorded_by").prefetch_related(
            "peer_supporters__prisoner", "staff"
        ),
        pk=session_id,
        scheme=scheme,
    )
    session.scheme = scheme
    may_read = may_read_supervision_notes(
        request.user, prison_id=scheme.prison_id, supervisor_id=session.supervisor_id
    )
    if may_read and session.notes:
        record_read(request.user, session, "supervision notes")
    return render(
        request,
        "recruitment/supervision/detail.html",
        {"scheme": scheme, "session": session, "may_read": may_read},
    )
