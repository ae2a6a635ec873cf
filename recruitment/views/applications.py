"""Recruitment rounds, applications, decisions, letters and the waitlist.

Rounds hold no personal data: everyone who may see the scheme sees them (the national
analyst included). Applications name people: only those who may see people.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.access import AuthenticatedRequest, Permission, can
from peersupport.conflicts import render_conflict
from peersupport.forms import apply_service_errors, posted
from peersupport.http import require_http_methods
from peersupport.pagination import page_of
from schemes.models import Scheme, SchemeStatus
from schemes.selectors import get_scheme_for_user
from schemes.services.versioning import StaleEditError

from ..forms.applications import ApplicationFilterForm, ApplicationForm, DecisionForm, RoundForm
from ..models import Application, ApplicationStatus, RecruitmentRound
from ..rules_applications import moves_from, round_state, unmet_criteria
from ..selectors.applications import (
    PENDING,
    application_list,
    decision_history,
    pending_applications,
    rounds_with_counts,
    status_counts,
    status_labels,
    status_numbers,
    waitlist,
)
from ..services.applications import (
    application_decide,
    application_record,
    application_withdraw,
    round_create,
    round_update,
)

ROUNDS_PER_PAGE = 20
APPLICATIONS_PER_PAGE = 25
WAITLIST_PER_PAGE = 50


def _may_change(request: AuthenticatedRequest, scheme: Scheme) -> bool:
    """Whether to offer links to change records: closed schemes are read-only."""
    return (
        can(request.user, Permission.CHANGE, scheme.prison_id)
        and scheme.status != SchemeStatus.CLOSED
    )


# --- rounds ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def rounds_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    today = timezone.localdate()
    page = Paginator(rounds_with_counts(scheme), ROUNDS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(r, round_state(r.opens_on, r.closes_on, today)) for r in page]
    show_people = can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id)
    return render(
        request,
        "recruitment/applications/rounds.html",
        {
            "scheme": scheme,
            "page": page,
            "rows": rows,
            "can_change": _may_change(request, scheme),
            "show_people": show_people,
            "can_refer": show_people
            and can(request.user, Permission.LOG, scheme.prison_id)
            and scheme.status != SchemeStatus.CLOSED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_add_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    today = timezone.localdate()
    form = RoundForm(posted(request), scheme=scheme, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            created = round_create(scheme=scheme, by=request.user, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The recruitment round has been saved")
            return redirect("recruitment:round", pk=scheme.pk, round_id=created.pk)
    return render(
        request, "recruitment/applications/round_form.html", {"form": form, "scheme": scheme}
    )


def _get_round(scheme: Scheme, round_id: int) -> RecruitmentRound:
    found = get_object_or_404(RecruitmentRound, pk=round_id, scheme=scheme)
    found.scheme = scheme
    return found


@login_required
@require_http_methods(["GET"])
def round_detail_view(request: AuthenticatedRequest, pk: int, round_id: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    recruitment_round = _get_round(scheme, round_id)
    today = timezone.localdate()
    show_people = can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id)
    page = None
    if show_people:
        page = Paginator(
            application_list(scheme, round_id=recruitment_round.pk), APPLICATIONS_PER_PAGE
        ).get_page(request.GET.get("page"))
    return render(
        request,
        "recruitment/applications/round_detail.html",
        {
            "scheme": scheme,
            "round": recruitment_round,
            "state": round_state(recruitment_round.opens_on, recruitment_round.closes_on, today),
            "counts": status_counts(Application.objects.filter(round=recruitment_round)),
            "page": page,
            "show_people": show_people,
            "can_change": _may_change(request, scheme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_change_view(request: AuthenticatedRequest, pk: int, round_id: int) -> HttpResponse:
    """Change a round, unless somebody changed it since the page was opened (409)."""
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    recruitment_round = _get_round(scheme, round_id)
    today = timezone.localdate()
    form = RoundForm(posted(request), instance=recruitment_round, scheme=scheme, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            round_update(
                recruitment_round=recruitment_round,
                by=request.user,
                expected_version=form.expected_version(),
                **form.service_fields(),
            )
        except StaleEditError:
            saved = _get_round(scheme, round_id)
            return render_conflict(
                request,
                "recruitment/applications/round_form.html",
                {"scheme": scheme, "round": saved},
                make_form=lambda data: RoundForm(data, instance=saved, scheme=scheme, today=today),
                version=saved.version,
                saved=_round_rows(saved),
                what="round",
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The recruitment round has been changed")
            return redirect("recruitment:round", pk=scheme.pk, round_id=recruitment_round.pk)
    return render(
        request,
        "recruitment/applications/round_form.html",
        {"form": form, "scheme": scheme, "round": recruitment_round},
    )


def _round_rows(saved: RecruitmentRound) -> list[tuple[str, str]]:
    return [
        ("Name of the round", saved.title),
        ("Opens", f"{saved.opens_on:%-d %B %Y}"),
        ("Closes", f"{saved.closes_on:%-d %B %Y}"),
        ("Places available", str(saved.places)),
        ("Selection criteria", saved.selection_criteria),
        ("How the round is advertised", saved.advertising or "Not recorded"),
    ]


@login_required
@require_http_methods(["GET"])
def round_poster_view(request: AuthenticatedRequest, pk: int, round_id: int) -> HttpResponse:
    """A notice for the wings, to print: what the scheme is, who can apply, the
    criteria, the closing date and how to apply."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    recruitment_round = _get_round(scheme, round_id)
    return render(
        request,
        "recruitment/applications/poster.html",
        {"scheme": scheme, "round": recruitment_round, "today": timezone.localdate()},
    )


# --- applications ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def applications_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW_PERSONAL)
    filters = ApplicationFilterForm(request.GET or None, scheme=scheme)
    status, round_id, query = "", None, ""
    if filters.is_bound and filters.is_valid():
        status = filters.cleaned_data["status"]
        chosen = filters.cleaned_data["round"]
        round_id = chosen.pk if chosen else None
        query = urlencode({k: v for k, v in (("status", status), ("round", round_id)) if v})
    applications = application_list(scheme, status=status, round_id=round_id)
    page = Paginator(applications, APPLICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "recruitment/applications/applications.html",
        {
            "scheme": scheme,
            "filters": filters,
            "page": page,
            "filter_query": query,
            "can_refer": can(request.user, Permission.LOG, scheme.prison_id)
            and scheme.status != SchemeStatus.CLOSED,
            "can_record_self": _may_change(request, scheme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_add_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A coordinator records a prisoner's own application; staff refer a prisoner."""
    scheme = get_scheme_for_user(request.user, pk, Permission.LOG)
    today = timezone.localdate()
    may_record_self = can(request.user, Permission.CHANGE, scheme.prison_id)
    form = ApplicationForm(
        posted(request), scheme=scheme, today=today, may_record_self=may_record_self
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = application_record(
                scheme=scheme, by=request.user, today=today, **form.service_fields()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                "The application has been recorded"
                if may_record_self
                else "The referral has been recorded",
            )
            return redirect("recruitment:application", pk=scheme.pk, application_id=application.pk)
    return render(
        request,
        "recruitment/applications/application_form.html",
        {"form": form, "scheme": scheme, "may_record_self": may_record_self},
    )


def _get_application(scheme: Scheme, application_id: int) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("prisoner", "round", "decided_by", "recorded_by"),
        pk=application_id,
        scheme=scheme,
    )
    application.scheme = scheme
    return application


def _decision_rows(application: Application) -> list[tuple[str, str]]:
    """The application's decision as saved now, for the 409 page."""
    rows = [("Status", application.get_status_display())]
    if application.decided_on:
        by = f" by {application.decided_by.display_name}" if application.decided_by else ""
        rows.append(("Decided", f"{application.decided_on:%-d %B %Y}{by}"))
    if application.decision_reason:
        rows.append(("Reason", application.get_decision_reason_display()))
    return rows


def _criteria_rows(application: Application) -> list[tuple[str, bool | None]]:
    """Each of the round's criteria with what the latest decision recorded (None: not
    judged yet)."""
    criteria = application.round.criteria if application.round else []
    recorded = application.criteria_met or {}
    rows: list[tuple[str, bool | None]] = [(c, recorded.get(c)) for c in criteria]
    # Criteria judged before the round's wording changed are still shown.
    rows += [(c, met) for c, met in recorded.items() if c not in criteria]
    return rows


@login_required
@require_http_methods(["GET"])
def application_detail_view(
    request: AuthenticatedRequest, pk: int, application_id: int
) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW_PERSONAL)
    application = _get_application(scheme, application_id)
    return render(
        request,
        "recruitment/applications/application_detail.html",
        {
            "scheme": scheme,
            "application": application,
            "criteria_rows": _criteria_rows(application),
            "history": decision_history(application),
            "can_decide": _may_change(request, scheme) and bool(moves_from(application.status)),
        },
    )


def _decision_form(application: Application, data: Any) -> DecisionForm:
    return DecisionForm(
        data,
        status=application.status,
        criteria=application.round.criteria if application.round else [],
        version=application.version,
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_decision_view(
    request: AuthenticatedRequest, pk: int, application_id: int
) -> HttpResponse:
    """Record a decision, unless somebody decided since the page was opened (409, with
    what was typed)."""
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    application = _get_application(scheme, application_id)
    today = timezone.localdate()
    context: dict[str, Any] = {"scheme": scheme, "application": application}
    if not moves_from(application.status):
        # Declined, withdrawn or placed: nothing left to decide here.
        status = 409 if request.method == "POST" else 200
        return render(
            request,
            "recruitment/applications/decision.html",
            {**context, "form": None},
            status=status,
        )
    form = _decision_form(application, posted(request))
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            if fields["to_status"] == ApplicationStatus.WITHDRAWN:
                application_withdraw(
                    application=application,
                    by=request.user,
                    expected_version=form.expected_version(),
                    reason=fields["reason"],
                    note=fields["note"],
                    today=today,
                )
            else:
                application_decide(
                    application=application,
                    by=request.user,
                    expected_version=form.expected_version(),
                    today=today,
                    **fields,
                )
        except StaleEditError:
            saved = _get_application(scheme, application_id)
            return render_conflict(
                request,
                "recruitment/applications/decision.html",
                {**context, "application": saved},
                make_form=lambda data: _decision_form(saved, data),
                version=saved.version,
                saved=_decision_rows(saved),
                what="application",
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Decision recorded: {ApplicationStatus(application.status).label.lower()}",
            )
            return redirect("recruitment:application", pk=scheme.pk, application_id=application.pk)
    return render(request, "recruitment/applications/decision.html", {**context, "form": form})


@login_required
@require_http_methods(["GET"])
def application_letter_view(
    request: AuthenticatedRequest, pk: int, application_id: int
) -> HttpResponse:
    """The letter to the applicant about where their application stands, to print."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW_PERSONAL)
    application = _get_application(scheme, application_id)
    return render(
        request,
        "recruitment/applications/letter.html",
        {
            "scheme": scheme,
            "application": application,
            "criteria_rows": _criteria_rows(application),
            "unmet": unmet_criteria(application.criteria_met or {}),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET"])
def waitlist_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Approved applicants waiting for a place, in the order they will be offered one,
    then the applications still to be decided."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW_PERSONAL)
    # One count by status gives both lists' lengths (their paginators count no more).
    numbers = status_numbers(Application.objects.filter(scheme=scheme))
    waiting = page_of(
        waitlist(scheme),
        WAITLIST_PER_PAGE,
        request.GET.get("page"),
        count=numbers.get(ApplicationStatus.APPROVED, 0),
    )
    pending = page_of(
        pending_applications(scheme),
        WAITLIST_PER_PAGE,
        request.GET.get("pending_page"),
        count=sum(numbers.get(status, 0) for status in PENDING),
    )
    return render(
        request,
        "recruitment/applications/waitlist.html",
        {
            "scheme": scheme,
            "waiting": waiting,
            "pending": pending,
            "pending_counts": status_labels(numbers, PENDING),
        },
    )
