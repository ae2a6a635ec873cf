"""Scheme pages: the list, creating a scheme, its overview and editing its record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import AuthenticatedRequest, Permission, can, can_anywhere, prison_ids_where
from accounts.models import User
from peersupport.conflicts import stale_form
from peersupport.http import require_http_methods

from ..forms.scheme import SchemeFilterForm, SchemeForm
from ..overview import scheme_overview
from ..phases import list_columns
from ..selectors import get_scheme_for_user, prisons_for_user, scheme_list
from ..services.scheme import EDITABLE_FIELDS, scheme_create, scheme_update
from ..services.versioning import StaleEditError
from ..views.status import status_moves

SCHEMES_PER_PAGE = 25


@login_required
@require_http_methods(["GET"])
def scheme_list_view(request: AuthenticatedRequest) -> HttpResponse:
    prisons = prisons_for_user(request.user)
    filters = SchemeFilterForm(request.GET or None, prisons=prisons)
    if filters.is_valid():
        schemes = scheme_list(
            user=request.user,
            prison=filters.cleaned_data["prison"],
            scheme_type=filters.cleaned_data["scheme_type"],
            status=filters.cleaned_data["status"],
            phase_filters=filters.phase_filters(),
        )
    else:
        schemes = scheme_list(user=request.user)
    page = Paginator(schemes, SCHEMES_PER_PAGE).get_page(request.GET.get("page"))
    columns = list_columns()
    rows = [
        (scheme, [column.cell(getattr(scheme, column.annotation_name)) for column in columns])
        for scheme in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "schemes/list.html",
        {
            "page": page,
            "rows": rows,
            "columns": columns,
            "filters": filters,
            "filter_query": query.urlencode(),
            "can_create": can_anywhere(request.user, Permission.CHANGE),
            "show_people": can_anywhere(request.user, Permission.VIEW_PERSONAL),
            "many_prisons": _sees_many_prisons(request.user),
        },
    )


def _sees_many_prisons(user: User) -> bool:
    prison_ids = prison_ids_where(user, Permission.VIEW)
    return prison_ids is None or len(prison_ids) > 1


@login_required
@require_http_methods(["GET", "POST"])
def scheme_create_view(request: AuthenticatedRequest) -> HttpResponse:
    if not can_anywhere(request.user, Permission.CHANGE):
        raise PermissionDenied
    prisons = prisons_for_user(request.user, Permission.CHANGE)
    form = SchemeForm(request.POST or None, prisons=prisons)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS}
        scheme = scheme_create(prison=form.cleaned_data["prison"], by=request.user, **data)
        messages.success(request, f"{scheme.name} has been created")
        return redirect("schemes:detail", pk=scheme.pk)
    return render(request, "schemes/form.html", {"form": form, "scheme": None})


@login_required
@require_http_methods(["GET"])
def scheme_detail_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    return render(
        request,
        "schemes/detail.html",
        {
            "scheme": scheme,
            "overview": scheme_overview(scheme, request.user, timezone.localdate()),
            "moves": status_moves(request.user, scheme),
            "can_change": can(request.user, Permission.CHANGE, scheme.prison_id),
            "can_approve": can(request.user, Permission.APPROVE, scheme.prison_id),
            "show_people": can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def scheme_edit_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    form = SchemeForm(request.POST or None, instance=scheme)
    if request.method == "POST" and form.is_valid():
        try:
            scheme_update(
                scheme=scheme,
                by=request.user,
                expected_version=form.cleaned_data.get("version") or 0,
                **{name: form.cleaned_data[name] for name in EDITABLE_FIELDS},
            )
        except StaleEditError:
            return _render_stale_edit(request, pk)
        messages.success(request, "The scheme's details have been saved")
        return redirect("schemes:detail", pk=pk)
    return render(request, "schemes/form.html", {"form": form, "scheme": scheme})


def _render_stale_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Somebody saved the scheme after this user opened the form.

    Nothing is overwritten and nothing the user typed is lost: the form comes back
    with their answers, an error saying what happened, the values now saved beside it,
    and the new version, so saving again is a deliberate choice.
    """
    saved = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    form = stale_form(
        request, lambda data: SchemeForm(data, instance=saved), saved.version, what="scheme"
    )
    saved.refresh_from_db()
    return render(
        request,
        "schemes/form.html",
        {"form": form, "scheme": saved, "saved_scheme": saved},
        status=409,
    )
