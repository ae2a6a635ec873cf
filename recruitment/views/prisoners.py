"""A prison's prisoners: the register, one prisoner, and importing the prison's extract.

The register and a prisoner's page are for those who may see people at the prison
(coordinators, staff, governors: VIEW_PERSONAL; the analyst, who sees counts only, gets
403; another prison's staff 404). Importing is for its coordinators (CHANGE).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import AuthenticatedRequest, Permission, can
from accounts.models import Prison
from peersupport.http import require_http_methods
from peersupport.pages import retention_period
from peersupport.pagination import page_of

from ..extract import Comparison, compare
from ..forms.prisoners import ExtractUploadForm, RegisterFilterForm
from ..models import OPEN_PLACEMENT, Placement
from ..pending_imports import PendingImport, PendingImports
from ..selectors.prisoners import (
    get_prison_for_user,
    get_prisoner_for_user,
    prisoner_detail,
    prisoner_register,
    register_counts,
    register_for_import,
    register_state,
    register_total,
)
from ..services.prisoners import RegisterChangedError, prisoners_import

PRISONERS_PER_PAGE = 50
# The check page lists this many of each kind of change; the counts are always whole.
CHECK_ROWS_SHOWN = 500


@login_required
@require_http_methods(["GET"])
def register_view(request: AuthenticatedRequest, prison_id: int) -> HttpResponse:
    prison = get_prison_for_user(request.user, prison_id, Permission.VIEW_PERSONAL)
    form = RegisterFilterForm(request.GET or None)
    filters = form.filters()
    counts = register_counts(prison)
    page = page_of(
        prisoner_register(prison=prison, **filters),
        PRISONERS_PER_PAGE,
        request.GET.get("page"),
        # Unsearched, the register's length is in the counts already.
        count=None if filters["search"] else register_total(counts, filters["status"]),
    )
    query = urlencode({"q": filters["search"], "status": filters["status"]})
    return render(
        request,
        "recruitment/prisoners/register.html",
        {
            "prison": prison,
            "form": form,
            "page": page,
            "counts": counts,
            # Each prisoner's page, by appending their id: one URL reversed, not one a row.
            "prisoner_path": reverse("recruitment:prisoner", args=[prison.pk, 0]).removesuffix(
                "0/"
            ),
            "filter_query": query if form.is_bound else "",
            "may_import": can(request.user, Permission.CHANGE, prison.pk),
            "searched": bool(filters["search"]),
            "retention": retention_period(settings.PRISONER_RETENTION_DAYS),
        },
    )


@login_required
@require_http_methods(["GET"])
def prisoner_view(request: AuthenticatedRequest, prison_id: int, prisoner_id: int) -> HttpResponse:
    prisoner = get_prisoner_for_user(request.user, prison_id, prisoner_id)
    detail = prisoner_detail(prisoner, timezone.localdate())
    return render(
        request,
        "recruitment/prisoners/detail.html",
        {"prison": prisoner.prison, "detail": detail, "prisoner": prisoner},
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: AuthenticatedRequest, prison_id: int) -> HttpResponse:
    """Upload the prison's extract: read and checked, then shown on the check page.
    Nothing is saved to the register here."""
    prison = get_prison_for_user(request.user, prison_id, Permission.CHANGE)
    form = ExtractUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        prison=prison,
        today=timezone.localdate(),
    )
    if request.method == "POST" and form.is_valid() and form.checked is not None:
        token = PendingImports().save(
            prison_id=prison.pk,
            user_id=request.user.pk,
            file_name=form.cleaned_data["extract"].name or "",
            register_state=register_state(prison),
            extract=form.checked,
        )
        return redirect("recruitment:import-check", prison_id=prison.pk, token=token)
    return render(request, "recruitment/prisoners/import.html", {"prison": prison, "form": form})


def _check_page(
    request: AuthenticatedRequest,
    prison: Prison,
    pending: PendingImport,
    *,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    register = register_for_import(prison)
    comparison: Comparison = compare(register, pending.extract)
    leaver_ids = [prisoner.pk for prisoner in comparison.leavers]
    ending = dict(
        Placement.objects.filter(prisoner_id__in=leaver_ids, status__in=OPEN_PLACEMENT)
        .order_by()
        .values_list("prisoner_id")
        .annotate(n=Count("pk"))
    )
    in_prison = sum(1 for prisoner in register if prisoner.in_prison)
    shown = CHECK_ROWS_SHOWN
    return render(
        request,
        "recruitment/prisoners/import_check.html",
        {
            "prison": prison,
            "pending": pending,
            "comparison": comparison,
            "adds": comparison.adds[:shown],
            "updates": comparison.updates[:shown],
            "refused": pending.extract.refused[:shown],
            "leavers": [(p, ending.get(p.pk, 0)) for p in comparison.leavers[:shown]],
            "placements_ending": sum(ending.values()),
            "shown": shown,
            # More than half the prison leaving at once is more likely the wrong file.
            "many_leave": in_prison > 0 and len(comparison.leavers) * 2 > in_prison,
            "problems": problems or [],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_check_view(request: AuthenticatedRequest, prison_id: int, token: str) -> HttpResponse:
    """What importing the upload would change; confirming (POST) imports it."""
    prison = get_prison_for_user(request.user, prison_id, Permission.CHANGE)
    store = PendingImports()
    pending = store.load(prison_id=prison.pk, user_id=request.user.pk, token=token)
    if pending is None:
        return render(
            request, "recruitment/prisoners/import_gone.html", {"prison": prison}, status=404
        )
    if request.method != "POST":  # GET or HEAD: show, never import
        return _check_page(request, prison, pending)
    today = timezone.localdate()
    try:
        result = prisoners_import(
            prison=prison,
            by=request.user,
            extract=pending.extract,
            today=today,
            checked_state=pending.register_state,
        )
    except RegisterChangedError:
        # Check again against the register as it is now: the page shows what the
        # import would do now, and confirming it again applies that.
        pending = store.recheck(pending, register_state=register_state(prison))
        message = (
            f"Another import was confirmed for {prison.name} after you checked this file, "
            "so nothing was imported. Check what importing it would change now, then "
            "confirm again."
        )
        return _check_page(request, prison, pending, problems=[message], status=409)
    except ValidationError as error:
        return _check_page(request, prison, pending, problems=error.messages)
    transaction.on_commit(
        lambda: store.remove(prison_id=prison.pk, user_id=request.user.pk, token=token)
    )
    messages.success(
        request,
        f"The extract has been imported: {result.added} added, {result.updated} updated, "
        f"{result.left} marked as having left"
        + (f" ({result.placements_ended} placements ended)" if result.placements_ended else ""),
    )
    return redirect("recruitment:prisoners", prison_id=prison.pk)
