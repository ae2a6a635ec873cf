"""The dashboards, their CSV downloads, the self-assessment and "about scheme health".

Each view starts with one access check: a prison's pages need ``VIEW_PERSONAL`` there
(another prison's are a 404, so their existence is not disclosed; the analyst, who may
view but not see people, gets 403), the national pages need the national view
(``prison_ids_where`` is None: the analyst), a scheme's self-assessment goes through
``get_scheme_for_user``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from accounts.access import AuthenticatedRequest, Permission, can, prison_ids_where
from accounts.models import Prison
from peersupport.http import require_http_methods
from schemes.models import Scheme, SchemeStatus
from schemes.selectors import get_scheme_for_user, prisons_for_user

from ..rules import HIGH_RISK
from . import health, snapshots
from .csv import csv_rows
from .forms import NationalFilterForm
from .rollup import ANSWERS, SMALL_NUMBER
from .selectors import (
    NationalFilters,
    answer_counts,
    national_dashboard,
    prison_dashboard,
    prison_schemes,
    prison_self_assessment,
    scheme_self_assessment,
)

PRISONS_PER_PAGE = 25
# How long a dashboard's rendered figures are kept at most (each is for one generation
# of the stored snapshots, so they are replaced sooner whenever anything changes).
KEEP_SECONDS = 60 * 60


def _prison_for_user(request: AuthenticatedRequest, prison_id: int) -> Prison:
    """The prison, if the user may see its people (404 where they may not even see it)."""
    prison = Prison.objects.filter(pk=prison_id).first()
    if prison is None or not can(request.user, Permission.VIEW, prison.pk):
        raise Http404("No such prison")
    if not can(request.user, Permission.VIEW_PERSONAL, prison.pk):
        raise PermissionDenied
    return prison


def _kept(name: str | None, render_body: Callable[[], str]) -> str:
    """A dashboard's figures as HTML, rendered once for each ``name`` and kept in the
    cache: the name says everything the figures depend on (the stored snapshots'
    generation, the user or filters, the day), so a change gives a new name rather
    than needing anything to be forgotten. ``None``: the figures were worked out for
    this page, so they are rendered and not kept."""
    if name is None:
        return render_body()
    key = "dashboards:" + hashlib.sha256(name.encode()).hexdigest()
    body: str | None = cache.get(key)
    if body is None:
        body = render_body()
        cache.set(key, body, KEEP_SECONDS)
    return mark_safe(body)  # noqa: S308 - rendered by our own template above


def _kept_figures(
    name: str,
    schemes: Sequence[Scheme],
    today: date,
    render_body: Callable[[Mapping[int, datetime]], str],
    stored: Sequence[snapshots.Stored] | None = None,
) -> str:
    """A prison's or a scheme's figures, kept (``_kept``) for as long as the stored
    snapshots of ``schemes`` hold: they are named from when each was stored and the
    audit trail (``snapshots.holding``: two queries, one when ``stored`` was read with
    the schemes) before any snapshot's content is read, so kept figures decode nothing.
    ``render_body`` is given what holds."""
    held = snapshots.holding(schemes, today, stored)
    generation = snapshots.stored_generation(schemes, held)
    return _kept(None if generation is None else f"{name}:{generation}", lambda: render_body(held))


def _require_national(request: AuthenticatedRequest) -> None:
    if prison_ids_where(request.user, Permission.VIEW) is not None:
        raise PermissionDenied


@login_required
@require_http_methods(["GET"])
def dashboard_index_view(request: AuthenticatedRequest) -> HttpResponse:
    """The user's dashboard: the national one for the analyst, else their (first) prison's."""
    if prison_ids_where(request.user, Permission.VIEW) is None:
        return redirect("dashboards:national")
    prison = prisons_for_user(request.user, Permission.VIEW_PERSONAL).first()
    if prison is None:
        raise PermissionDenied
    return redirect("dashboards:prison", prison_id=prison.pk)


@login_required
@require_http_methods(["GET"])
def prison_dashboard_view(request: AuthenticatedRequest, prison_id: int) -> HttpResponse:
    prison = _prison_for_user(request, prison_id)
    today = timezone.localdate()
    schemes, stored = prison_schemes(prison, today)
    # Governors of several prisons switch between them (one query, only for them).
    ids = prison_ids_where(request.user, Permission.VIEW_PERSONAL) or set()
    others = (
        [p for p in prisons_for_user(request.user, Permission.VIEW_PERSONAL) if p.pk != prison.pk]
        if len(ids) > 1
        else []
    )

    def figures(held: Mapping[int, datetime]) -> str:
        dashboard = prison_dashboard(prison, schemes, request.user.pk, today, held)
        return render_to_string(
            "dashboards/_prison_body.html",
            {"dashboard": dashboard, "today": today, "high_risk_score": HIGH_RISK},
            request,
        )

    body = _kept_figures(f"prison:{prison.pk}:{request.user.pk}", schemes, today, figures, stored)
    return render(
        request,
        "dashboards/prison.html",
        {"prison": prison, "today": today, "other_prisons": others, "body": body},
    )


def _national_filters(query: QueryDict) -> tuple[NationalFilterForm, NationalFilters]:
    form = NationalFilterForm(query or None)
    if form.is_bound and form.is_valid():
        return form, NationalFilters(**form.cleaned_data)
    return form, NationalFilters()


@login_required
@require_http_methods(["GET"])
def national_dashboard_view(request: AuthenticatedRequest) -> HttpResponse:
    _require_national(request)
    form, filters = _national_filters(request.GET)
    today = timezone.localdate()
    page = request.GET.get("page", "")
    page = page if page.isdigit() and len(page) <= 4 else "1"

    def figures() -> str:
        dashboard = national_dashboard(filters, today)
        prisons = Paginator(dashboard.tables["prisons"].rows, PRISONS_PER_PAGE).get_page(page)
        return render_to_string(
            "dashboards/_national_body.html",
            {
                "dashboard": dashboard,
                "prisons_page": prisons,
                "page_query": filters.query(),
                "small_number": SMALL_NUMBER,
            },
            request,
        )

    generation = snapshots.estate_generation(today)
    body = _kept(
        None if generation is None else f"national:{generation}:{filters.query()}:{page}",
        figures,
    )
    return render(
        request,
        "dashboards/national.html",
        {
            "body": body,
            "filters": form,
            "page_query": filters.query(),
            "small_number": SMALL_NUMBER,
        },
    )


@login_required
@require_http_methods(["GET"])
def national_download_view(request: AuthenticatedRequest) -> HttpResponseBase:
    """One of the national dashboard's tables as CSV, streamed, with the page's filters."""
    _require_national(request)
    query = request.GET.copy()
    name = query.pop("table", [""])[-1]
    form, filters = _national_filters(query)
    if form.is_bound and not form.is_valid():
        # The page says what is wrong with the filters.
        return redirect(f"{reverse('dashboards:national')}?{query.urlencode()}")
    today = timezone.localdate()
    table = national_dashboard(filters, today).tables.get(name)
    if table is None:
        raise Http404("No such table")
    response = StreamingHttpResponse(csv_rows(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="peer-support-{table.slug}-{today:%Y-%m-%d}.csv"'
    )
    return response


@login_required
@require_http_methods(["GET"])
def scheme_self_assessment_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW_PERSONAL)
    today = timezone.localdate()

    def figures(held: Mapping[int, datetime]) -> str:
        sections = scheme_self_assessment(scheme, today, held)
        return render_to_string(
            "dashboards/_self_assessment_items.html",
            {"scheme": scheme, "sections": sections, "counts": answer_counts(sections)},
            request,
        )

    body = _kept_figures("self-assessment", [scheme], today, figures)
    return render(
        request, "dashboards/self_assessment.html", {"scheme": scheme, "body": body, "today": today}
    )


@login_required
@require_http_methods(["GET"])
def prison_self_assessment_view(request: AuthenticatedRequest, prison_id: int) -> HttpResponse:
    prison = _prison_for_user(request, prison_id)
    today = timezone.localdate()
    everything, stored = prison_schemes(prison, today)
    schemes = [scheme for scheme in everything if scheme.status != SchemeStatus.CLOSED]

    def figures(held: Mapping[int, datetime]) -> str:
        sections, answers = prison_self_assessment(schemes, today, held)
        return render_to_string(
            "dashboards/_prison_self_assessment_body.html",
            {"prison": prison, "sections": sections, "schemes": answers, "answers": ANSWERS},
            request,
        )

    body = _kept_figures(f"prison-self-assessment:{prison.pk}", schemes, today, figures, stored)
    return render(
        request,
        "dashboards/prison_self_assessment.html",
        {"prison": prison, "scheme_count": len(schemes), "body": body, "today": today},
    )


@require_http_methods(["GET"])
def about_health_view(request: HttpRequest) -> HttpResponse:
    """How scheme health is worked out: public, like the other about pages."""
    return render(
        request,
        "dashboards/about_health.html",
        {
            "forecast_weeks": health.FORECAST_HORIZON.days // 7,
            "quiet_days": health.QUIET_DAYS,
            "small_number": SMALL_NUMBER,
            "refresh_minutes": max(1, -(-settings.DASHBOARD_REFRESH_SECONDS // 60)),
        },
    )
