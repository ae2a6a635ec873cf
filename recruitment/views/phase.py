"""The recruitment page of a scheme, its turnover forecast, and its emergency and
contingency plans."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import AuthenticatedRequest, Permission, can
from peersupport.conflicts import render_conflict
from peersupport.forms import apply_service_errors, posted
from peersupport.http import require_http_methods
from schemes.models import Scheme, SchemeStatus
from schemes.selectors import get_scheme_for_user
from schemes.services.versioning import StaleEditError

from .. import rules
from ..charts import forecast_chart
from ..forms.contingency import ContingencyPlanForm
from ..models import (
    LIVE_APPLICATION,
    Application,
    ApplicationStatus,
    ContingencyPlan,
    Placement,
    PlacementStatus,
    RecruitmentRound,
)
from ..selectors.phase import forecasts, signed_off_counts
from ..services.contingency import contingency_plan_create, contingency_plan_update

WAITLIST_NAMES = 50
PLANS_PER_PAGE = 50

# The other pages of the phase, by URL name, as the index links to them, each with
# what the user must be allowed to follow the link.
PAGES = (
    ("recruitment:rounds", "Recruitment rounds", Permission.VIEW),
    ("recruitment:applications", "Applications", Permission.VIEW_PERSONAL),
    ("recruitment:waitlist", "The waitlist", Permission.VIEW_PERSONAL),
    ("recruitment:peer-supporters", "Peer supporters", Permission.VIEW_PERSONAL),
    ("recruitment:training", "Training and practice", Permission.VIEW),
    ("recruitment:supervision", "Supervision", Permission.VIEW),
    ("recruitment:cover", "Cover and the rota", Permission.VIEW),
    ("recruitment:settings", "Probation, training and sign-off settings", Permission.CHANGE),
)


def _counts_by(rows: Any, choices: Any) -> list[tuple[str, int]]:
    found = dict(rows)
    return [(label, found.get(value, 0)) for value, label in choices]


def _gate(scheme: Scheme, current_plans: int) -> list[str] | None:
    """While the scheme recruits, what stops it from running (empty: nothing)."""
    if scheme.status != SchemeStatus.RECRUITING:
        return None
    return rules.active_gate_problems(
        minimum=scheme.minimum_peer_supporters,
        signed_off=signed_off_counts([scheme]).get(scheme.pk, 0),
        current_plans=current_plans,
    )


@login_required
@require_http_methods(["GET"])
def recruitment_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The phase's page: peer supporters against the minimum and target, placements by
    status, open rounds, applications by status, the waitlist, the current contingency
    plans and what still stops the scheme from running. Counts only: no one's name."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    today = timezone.localdate()
    placements = _counts_by(
        Placement.objects.filter(scheme=scheme)
        .order_by()
        .values("status")
        .annotate(count=Count("id"))
        .values_list("status", "count"),
        PlacementStatus.choices,
    )
    counted = dict(placements)
    headcount = counted[PlacementStatus.ACTIVE.label] + counted[PlacementStatus.PROBATION.label]
    applications = _counts_by(
        Application.objects.filter(scheme=scheme)
        .order_by()
        .values("status")
        .annotate(count=Count("id"))
        .values_list("status", "count"),
        ApplicationStatus.choices,
    )
    waiting = dict(applications)[ApplicationStatus.APPROVED.label]
    open_rounds = list(
        RecruitmentRound.objects.filter(scheme=scheme, opens_on__lte=today, closes_on__gte=today)
        .annotate(application_count=Count("applications"))
        .order_by("closes_on", "pk")
    )
    plans = list(
        ContingencyPlan.objects.filter(scheme=scheme, next_review_on__gte=today).order_by(
            "next_review_on", "pk"
        )
    )
    can_change = can(request.user, Permission.CHANGE, scheme.prison_id)
    links = [
        (reverse(name, args=[scheme.pk]), text)
        for name, text, permission in PAGES
        if can(request.user, permission, scheme.prison_id)
    ]
    return render(
        request,
        "recruitment/phase/index.html",
        {
            "scheme": scheme,
            "today": today,
            "headcount": headcount,
            "placements": placements,
            "applications": applications,
            "waiting": waiting,
            "open_rounds": open_rounds,
            "plans": plans,
            "gate": _gate(scheme, len(plans)),
            "links": links,
            "can_change": can_change,
            "may_start": can_change and scheme.status == SchemeStatus.RECRUITING,
        },
    )


@login_required
@require_http_methods(["GET"])
def forecast_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The turnover forecast: the next 26 weeks as a chart and a table, when the scheme
    falls below its minimum and by when a round must start, and the waitlist (counts
    for everyone; names for those who may see people)."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    today = timezone.localdate()
    forecast = forecasts([scheme], today)[scheme.pk]
    message = rules.forecast_message(forecast)
    show_people = can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id)
    pending = _counts_by(
        Application.objects.filter(scheme=scheme, status__in=LIVE_APPLICATION)
        .order_by()
        .values("status")
        .annotate(count=Count("id"))
        .values_list("status", "count"),
        [(status.value, status.label) for status in LIVE_APPLICATION],
    )
    waiting = dict(pending).pop(ApplicationStatus.APPROVED.label)
    pending = [
        (label, count) for label, count in pending if label != ApplicationStatus.APPROVED.label
    ]
    names: list[Application] = []
    if show_people and waiting:
        names = list(
            Application.objects.filter(scheme=scheme, status=ApplicationStatus.APPROVED)
            .select_related("prisoner")
            .order_by("decided_on", "applied_on", "pk")[:WAITLIST_NAMES]
        )
    return render(
        request,
        "recruitment/phase/forecast.html",
        {
            "scheme": scheme,
            "forecast": forecast,
            "message": message,
            "chart": forecast_chart(forecast),
            "waiting": waiting,
            "pending": pending,
            "pending_total": sum(count for _label, count in pending),
            "names": names,
            "show_people": show_people,
        },
    )


# --- contingency plans ------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def contingency_list_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The scheme's emergency and contingency plans, current first. Owners' names only
    for those who may see people."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    today = timezone.localdate()
    page = Paginator(
        ContingencyPlan.objects.filter(scheme=scheme)
        .select_related("owner")
        .order_by("-next_review_on", "pk"),
        PLANS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    plans = list(page)
    can_change = can(request.user, Permission.CHANGE, scheme.prison_id)
    return render(
        request,
        "recruitment/phase/contingency_list.html",
        {
            "scheme": scheme,
            "today": today,
            "current": [plan for plan in plans if plan.is_current(today)],
            "overdue": [plan for plan in plans if not plan.is_current(today)],
            "page": page,
            "show_people": can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id),
            "can_change": can_change and scheme.status != SchemeStatus.CLOSED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contingency_add_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    today = timezone.localdate()
    form = ContingencyPlanForm(posted(request), scheme=scheme, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            contingency_plan_create(
                scheme=scheme, by=request.user, today=today, **form.service_fields()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The emergency and contingency plan has been saved")
            return redirect("recruitment:contingency", pk=scheme.pk)
    return _form_page(request, scheme, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def contingency_change_view(request: AuthenticatedRequest, pk: int, plan_id: int) -> HttpResponse:
    """Change a plan (after a test or review), unless somebody changed it since."""
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    plan = get_object_or_404(ContingencyPlan, pk=plan_id, scheme=scheme)
    plan.scheme = scheme
    today = timezone.localdate()
    form = ContingencyPlanForm(posted(request), instance=plan, scheme=scheme, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            contingency_plan_update(
                plan=plan,
                by=request.user,
                expected_version=form.expected_version(),
                today=today,
                **form.service_fields(),
            )
        except StaleEditError:
            return _stale(request, scheme, plan_id, today)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The emergency and contingency plan has been changed")
            return redirect("recruitment:contingency", pk=scheme.pk)
    return _form_page(request, scheme, form, plan)


CONTINGENCY_FORM = "recruitment/phase/contingency_form.html"


def _form_page(
    request: AuthenticatedRequest,
    scheme: Scheme,
    form: ContingencyPlanForm,
    plan: ContingencyPlan | None,
) -> HttpResponse:
    return render(request, CONTINGENCY_FORM, {"scheme": scheme, "form": form, "plan": plan})


def _saved_rows(plan: ContingencyPlan) -> list[tuple[str, str]]:
    def day(value: date | None) -> str:
        return f"{value:%-d %B %Y}" if value else "Not yet"

    return [
        ("Kind of emergency", plan.get_scenario_display()),
        ("The emergency", plan.title),
        ("What happens", plan.response),
        ("Owner", plan.owner.display_name),
        ("Last tested or reviewed", day(plan.last_tested_on)),
        ("Next test or review", day(plan.next_review_on)),
    ]


def _stale(
    request: AuthenticatedRequest, scheme: Scheme, plan_id: int, today: date
) -> HttpResponse:
    """Somebody saved the plan after this user opened the form: nothing is overwritten;
    what they typed comes back (409) beside what is saved now, with the new version."""
    saved = get_object_or_404(
        ContingencyPlan.objects.select_related("owner"), pk=plan_id, scheme=scheme
    )
    saved.scheme = scheme
    return render_conflict(
        request,
        CONTINGENCY_FORM,
        {"scheme": scheme, "plan": saved},
        make_form=lambda data: ContingencyPlanForm(
            data, instance=saved, scheme=scheme, today=today
        ),
        version=saved.version,
        saved=_saved_rows(saved),
        what="plan",
    )
