"""The evaluation pack (its page, and its CSV, XLSX and PDF downloads) and the streamed
export of a scheme's activity log."""

from __future__ import annotations

import csv as csv_module
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.access import AuthenticatedRequest, Permission, can
from peersupport.http import require_http_methods
from schemes.models import Scheme
from schemes.selectors import get_scheme_for_user

from .dashboards.csv import _Echo, _safe
from .forms import PackPeriodForm
from .models import ActivityEntry
from .pack import Pack, Period, default_period, evaluation_pack, pack_csv, pack_xlsx

EXPORT_CHUNK = 2000


def _period(request: AuthenticatedRequest) -> tuple[PackPeriodForm, Period | None]:
    """The period the GET asks for (the last 12 complete months when it asks for none);
    None with the form's errors when it is not a valid period."""
    today = timezone.localdate()
    query = request.GET
    if "start" not in query and "end" not in query:
        period = default_period(today)
        form = PackPeriodForm(
            today=today,
            initial={"start": f"{period.start:%Y-%m}", "end": f"{period.end:%Y-%m}"},
        )
        return form, period
    form = PackPeriodForm(query, today=today)
    if not form.is_valid():
        return form, None
    return form, Period(*form.period_months())


def _pack(request: AuthenticatedRequest, scheme: Scheme, period: Period) -> Pack:
    return evaluation_pack(
        scheme,
        period,
        timezone.localdate(),
        show_people=can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id),
    )


def _query(period: Period) -> str:
    return f"start={period.start:%Y-%m}&end={period.end:%Y-%m}"


@login_required
@require_http_methods(["GET"])
def pack_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Choose a period, see the pack, download it. Everyone who may see the scheme:
    figures only."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    form, period = _period(request)
    pack = _pack(request, scheme, period) if period else None
    return render(
        request,
        "monitoring/pack.html",
        {
            "scheme": scheme,
            "form": form,
            "pack": pack,
            "query": _query(period) if period else "",
            "may_export_activity": can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id),
        },
    )


def _download(
    request: AuthenticatedRequest, pk: int
) -> tuple[Scheme, Pack | None, HttpResponseBase | None]:
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    _form, period = _period(request)
    if period is None:
        # The pack's page says what is wrong with the period.
        url = reverse("monitoring:pack", args=[scheme.pk])
        return scheme, None, redirect(f"{url}?{request.GET.urlencode()}")
    return scheme, _pack(request, scheme, period), None


@login_required
@require_http_methods(["GET"])
def pack_csv_view(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    _scheme, pack, problem = _download(request, pk)
    if pack is None:
        assert problem is not None
        return problem
    response = StreamingHttpResponse(pack_csv(pack), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{pack.filename}.csv"'
    return response


@login_required
@require_http_methods(["GET"])
def pack_xlsx_view(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    _scheme, pack, problem = _download(request, pk)
    if pack is None:
        assert problem is not None
        return problem
    return FileResponse(
        pack_xlsx(pack),
        as_attachment=True,
        filename=f"{pack.filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@require_http_methods(["GET"])
def pack_pdf_view(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    """A tagged PDF (PDF/UA-1: headings, tables with headers, the document's language)
    that looks like a GOV.UK document."""
    _scheme, pack, problem = _download(request, pk)
    if pack is None:
        assert problem is not None
        return problem
    from weasyprint import HTML  # imported here: it loads Pango, which only this needs

    html = render_to_string("monitoring/pack_print.html", {"pack": pack}, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        pdf_variant="pdf/ua-1"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pack.filename}.pdf"'
    return response


# --- the activity log, streamed ----------------------------------------------------------

EXPORT_HEADERS = (
    "Entry",
    "Date and time",
    "Location",
    "Duration in minutes",
    "People reached",
    "Outcomes",
    "Peer supporters (roster ids)",
    "Note",
)


def activity_rows(scheme: Scheme) -> Iterator[str]:
    """Every entry of the scheme, oldest first, as CSV lines: read in chunks (each with
    its outcomes and peer supporters), so memory stays flat however long the log is."""
    writer = csv_module.writer(_Echo())
    yield writer.writerow(EXPORT_HEADERS)
    entries = (
        ActivityEntry.objects.filter(scheme=scheme)
        .order_by("occurred_at", "id")
        .only("id", "occurred_at", "location", "duration_minutes", "people_reached", "note")
        .prefetch_related("outcomes", "supporters")
    )
    for entry in entries.iterator(chunk_size=EXPORT_CHUNK):
        yield writer.writerow(
            (
                entry.pk,
                timezone.localtime(entry.occurred_at).strftime("%Y-%m-%d %H:%M"),
                _safe(entry.location),
                entry.duration_minutes,
                entry.people_reached,
                ";".join(sorted(outcome.code for outcome in entry.outcomes.all())),
                ";".join(
                    str(pk) for pk in sorted(s.peer_supporter_id for s in entry.supporters.all())
                ),
                _safe(entry.note),
            )
        )


@login_required
@require_http_methods(["GET"])
def activity_export_view(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    """The whole activity log as CSV, streamed. Not for the analyst (who has the pack):
    the rows carry peer supporters' roster ids, places and times."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW_PERSONAL)
    response = StreamingHttpResponse(activity_rows(scheme), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="activity-scheme-{scheme.pk}-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    return response
