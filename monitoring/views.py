"""Monitoring pages: the monitoring page (monthly activity, debriefs due), the activity
log, logging and correcting activity, debriefs, the printable log sheet, and the risk
register with its confidentiality incidents."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.access import AuthenticatedRequest, Permission, can
from peersupport.conflicts import render_conflict
from peersupport.forms import apply_service_errors, posted
from peersupport.http import require_http_methods
from schemes import phases
from schemes.models import Scheme, SchemeStatus
from schemes.selectors import get_scheme_for_user
from schemes.services.versioning import StaleEditError

from . import rules
from .forms import ActivityForm, DebriefForm, DebriefThresholdsForm, IncidentForm, RiskForm
from .models import ActivityEntry, RiskCategory, RiskEntry, RiskStatus
from .selectors import (
    activity_by_month,
    debrief_setting,
    debrief_thresholds,
    debriefs_due,
    risk_history,
    risk_register,
)
from .services import (
    activity_correct,
    activity_record,
    debrief_record,
    debrief_thresholds_set,
    incident_record,
    risk_create,
    risk_update,
)

ENTRIES_PER_PAGE = 25


def _names(scheme: Scheme) -> dict[int, str]:
    """The scheme's peer supporters today, by id (from the phase that holds them)."""
    return {person.id: person.name for person in phases.roster(scheme, timezone.localdate())}


def _supporter_name(names: dict[int, str], pk: int) -> str:
    return names.get(pk, f"Peer supporter {pk}")


def _open(scheme: Scheme) -> bool:
    return scheme.status != SchemeStatus.CLOSED


# --- the monitoring page ---------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def monitoring_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    today = timezone.localdate()
    show_people = can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id)
    due = debriefs_due(scheme)
    names = _names(scheme) if show_people and due else {}
    months = activity_by_month(scheme, today)
    return render(
        request,
        "monitoring/index.html",
        {
            "scheme": scheme,
            "months": months,
            "outcome_labels": [words for _, words in rules.outcome_choices(scheme.scheme_type)],
            "debriefs": [(flag, _supporter_name(names, flag.peer_supporter_id)) for flag in due],
            "thresholds": debrief_thresholds(scheme, debrief_setting(scheme)),
            "show_people": show_people,
            "can_log": _open(scheme) and can(request.user, Permission.LOG, scheme.prison_id),
            "can_change": _open(scheme) and can(request.user, Permission.CHANGE, scheme.prison_id),
        },
    )


# --- the activity log -----------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def activity_log_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Every entry, newest first. Not for the analyst: they see the monthly counts."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW_PERSONAL)
    page = Paginator(
        ActivityEntry.objects.filter(scheme=scheme)
        .prefetch_related("outcomes", "supporters")
        .order_by("-occurred_at", "-id"),
        ENTRIES_PER_PAGE,
    ).get_page(request.GET.get("page"))
    names = _names(scheme) if page.object_list else {}
    rows = [
        {
            "entry": entry,
            "outcomes": [
                rules.outcome_label(scheme.scheme_type, outcome.code)
                for outcome in entry.outcomes.all()
            ],
            "supporters": [
                _supporter_name(names, link.peer_supporter_id) for link in entry.supporters.all()
            ],
        }
        for entry in page
    ]
    return render(
        request,
        "monitoring/activity_log.html",
        {
            "scheme": scheme,
            "page": page,
            "rows": rows,
            "confidential": rules.is_confidential(scheme.scheme_type),
            "can_log": _open(scheme) and can(request.user, Permission.LOG, scheme.prison_id),
            "can_change": _open(scheme) and can(request.user, Permission.CHANGE, scheme.prison_id),
        },
    )


@login_required
@require_http_methods(["GET"])
def activity_sheet_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A blank paper log sheet for the wings, with the scheme's outcome codes."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW_PERSONAL)
    return render(
        request,
        "monitoring/activity_sheet.html",
        {
            "scheme": scheme,
            "outcomes": rules.outcome_choices(scheme.scheme_type),
            "confidential": rules.is_confidential(scheme.scheme_type),
            "lines": range(15),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_add_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.LOG)
    today = timezone.localdate()
    roster = phases.roster(scheme, today)
    form = ActivityForm(posted(request), scheme=scheme, today=today, roster=roster)
    if request.method == "POST" and form.is_valid():
        try:
            activity_record(scheme=scheme, by=request.user, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The activity has been logged")
            if can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id):
                return redirect("monitoring:activity", pk=scheme.pk)
            return redirect("monitoring:index", pk=scheme.pk)
    return render(
        request,
        "monitoring/activity_form.html",
        {"form": form, "scheme": scheme, "confidential": rules.is_confidential(scheme.scheme_type)},
    )


def _activity_form_for(
    request: AuthenticatedRequest, scheme: Scheme, entry: ActivityEntry, data: Any
) -> ActivityForm:
    today = timezone.localdate()
    return ActivityForm(
        data,
        scheme=scheme,
        today=today,
        roster=phases.roster(scheme, today),
        entry=entry,
        initial_outcomes=[outcome.code for outcome in entry.outcomes.all()],
        initial_supporters=[link.peer_supporter_id for link in entry.supporters.all()],
    )


def _saved_entry_rows(scheme: Scheme, entry: ActivityEntry) -> list[tuple[str, str]]:
    local = timezone.localtime(entry.occurred_at)
    outcomes = [rules.outcome_label(scheme.scheme_type, o.code) for o in entry.outcomes.all()]
    rows = [
        ("Date and time", f"{local:%-d %B %Y, %H:%M}"),
        ("Location", entry.location),
        ("Duration in minutes", str(entry.duration_minutes)),
        ("People reached", str(entry.people_reached)),
        ("Outcomes", ", ".join(outcomes) or "None"),
    ]
    if not rules.is_confidential(scheme.scheme_type):
        rows.append(("Note", entry.note or "None"))
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def activity_change_view(request: AuthenticatedRequest, pk: int, activity_id: int) -> HttpResponse:
    """Correct a logged entry (the coordinator), unless somebody changed it since."""
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    entries = ActivityEntry.objects.prefetch_related("outcomes", "supporters")
    entry = get_object_or_404(entries, pk=activity_id, scheme=scheme)
    entry.scheme = scheme
    form = _activity_form_for(request, scheme, entry, posted(request))
    page = {"scheme": scheme, "confidential": rules.is_confidential(scheme.scheme_type)}
    if request.method == "POST" and form.is_valid():
        try:
            activity_correct(
                entry=entry,
                by=request.user,
                expected_version=form.expected_version(),
                **form.service_fields(),
            )
        except StaleEditError:
            saved = get_object_or_404(entries, pk=activity_id, scheme=scheme)
            saved.scheme = scheme
            return render_conflict(
                request,
                "monitoring/activity_form.html",
                {**page, "entry": saved},
                make_form=lambda data: _activity_form_for(request, scheme, saved, data),
                version=saved.version,
                saved=_saved_entry_rows(scheme, saved),
                what="activity entry",
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The activity entry has been corrected")
            return redirect("monitoring:activity", pk=scheme.pk)
    return render(request, "monitoring/activity_form.html", {**page, "form": form, "entry": entry})


# --- debriefs ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def debrief_add_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record a debrief with a peer supporter: those whose debrief is due first."""
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    today = timezone.localdate()
    names = _names(scheme)
    due = [flag.peer_supporter_id for flag in debriefs_due(scheme)]
    choices = [(str(pk_), f"{_supporter_name(names, pk_)} (debrief due)") for pk_ in due]
    choices += sorted(
        ((str(pk_), name) for pk_, name in names.items() if pk_ not in due),
        key=lambda choice: choice[1],
    )
    form = DebriefForm(posted(request), scheme=scheme, today=today, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            debrief_record(scheme=scheme, by=request.user, today=today, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The debrief has been recorded")
            return redirect("monitoring:index", pk=scheme.pk)
    return render(
        request,
        "monitoring/debrief_form.html",
        {"form": form, "scheme": scheme, "has_choices": bool(choices)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def debrief_thresholds_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The scheme's debrief thresholds (the coordinator), version-checked."""
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    setting = debrief_setting(scheme)
    thresholds = debrief_thresholds(scheme, setting)
    version = setting.version if setting else 0
    form = DebriefThresholdsForm(posted(request), thresholds=thresholds, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            debrief_thresholds_set(
                scheme=scheme,
                by=request.user,
                expected_version=form.expected_version(),
                **form.service_fields(),
            )
        except StaleEditError:
            setting = debrief_setting(scheme)
            now = debrief_thresholds(scheme, setting)
            return render_conflict(
                request,
                "monitoring/debrief_thresholds.html",
                {"scheme": scheme, "custom": setting is not None},
                make_form=lambda data: DebriefThresholdsForm(data, thresholds=now, version=0),
                version=setting.version if setting else 0,
                saved=(
                    [
                        ("Within how many days", str(now.days)),
                        ("Call-outs", str(now.call_outs)),
                        ("Call-outs between midnight and 06:00", str(now.night_call_outs)),
                    ]
                    if now
                    else []
                ),
                what="scheme's debrief thresholds",
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The debrief thresholds have been saved")
            return redirect("monitoring:index", pk=scheme.pk)
    return render(
        request,
        "monitoring/debrief_thresholds.html",
        {"form": form, "scheme": scheme, "custom": setting is not None},
    )


# --- the risk register ----------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def risks_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The register. The analyst sees each risk's category, score, status and review
    date: not its title (free text) nor its owner (a person)."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    today = timezone.localdate()
    show_people = can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id)
    rows = []
    for risk in risk_register(scheme):
        words, colour = rules.score_words(risk.score)
        rows.append(
            {
                "risk": risk,
                "name": risk.title if show_people else risk.get_category_display(),
                "owner": (risk.owner.display_name if risk.owner else "No owner")
                if show_people
                else None,
                "score_words": words,
                "score_colour": colour,
                "overdue": risk.status == RiskStatus.OPEN and risk.review_on < today,
            }
        )
    return render(
        request,
        "monitoring/risks.html",
        {
            "scheme": scheme,
            "rows": rows,
            "show_people": show_people,
            "high": rules.HIGH_RISK,
            "can_change": _open(scheme) and can(request.user, Permission.CHANGE, scheme.prison_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_add_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    today = timezone.localdate()
    form = RiskForm(posted(request), scheme=scheme, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            risk = risk_create(scheme=scheme, by=request.user, today=today, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The risk has been added to the register")
            return redirect("monitoring:risk-detail", pk=scheme.pk, risk_id=risk.pk)
    return render(request, "monitoring/risk_form.html", {"form": form, "scheme": scheme})


@login_required
@require_http_methods(["GET"])
def risk_detail_view(request: AuthenticatedRequest, pk: int, risk_id: int) -> HttpResponse:
    # A risk's description, mitigations, owner and history can name people.
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW_PERSONAL)
    risk = get_object_or_404(RiskEntry.objects.select_related("owner"), pk=risk_id, scheme=scheme)
    today = timezone.localdate()
    is_confidentiality = risk.category == RiskCategory.CONFIDENTIALITY
    words, colour = rules.score_words(risk.score)
    return render(
        request,
        "monitoring/risk_detail.html",
        {
            "scheme": scheme,
            "risk": risk,
            "score_words": words,
            "score_colour": colour,
            "overdue": risk.status == RiskStatus.OPEN and risk.review_on < today,
            "history": risk_history(risk),
            "incidents": list(risk.incidents.all()) if is_confidentiality else None,
            "can_change": _open(scheme) and can(request.user, Permission.CHANGE, scheme.prison_id),
            "can_log": is_confidentiality
            and _open(scheme)
            and can(request.user, Permission.LOG, scheme.prison_id),
        },
    )


def _saved_risk_rows(risk: RiskEntry) -> list[tuple[str, str]]:
    return [
        ("Risk", risk.title),
        ("Which risk", risk.get_category_display()),
        ("Description", risk.description or "None"),
        ("Likelihood", str(risk.likelihood)),
        ("Impact", str(risk.impact)),
        ("Owner", risk.owner.display_name if risk.owner else "No owner"),
        ("Mitigations", risk.mitigations or "None"),
        ("Next review", f"{risk.review_on:%-d %B %Y}"),
        ("Status", risk.get_status_display()),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def risk_change_view(request: AuthenticatedRequest, pk: int, risk_id: int) -> HttpResponse:
    """Review or change a risk (the coordinator), unless somebody changed it since."""
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    risks = RiskEntry.objects.select_related("owner")
    risk = get_object_or_404(risks, pk=risk_id, scheme=scheme)
    risk.scheme = scheme
    today = timezone.localdate()
    form = RiskForm(posted(request), instance=risk, scheme=scheme, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            risk_update(
                risk=risk,
                by=request.user,
                expected_version=form.expected_version(),
                today=today,
                **form.service_fields(),
            )
        except StaleEditError:
            saved = get_object_or_404(risks, pk=risk_id, scheme=scheme)
            saved.scheme = scheme
            return render_conflict(
                request,
                "monitoring/risk_form.html",
                {"scheme": scheme, "risk": saved},
                make_form=lambda data: RiskForm(data, instance=saved, scheme=scheme, today=today),
                version=saved.version,
                saved=_saved_risk_rows(saved),
                what="risk",
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The risk has been changed")
            return redirect("monitoring:risk-detail", pk=scheme.pk, risk_id=risk.pk)
    return render(
        request,
        "monitoring/risk_form.html",
        {"form": form, "scheme": scheme, "risk": risk},
    )


@login_required
@require_http_methods(["GET", "POST"])
def incident_add_view(request: AuthenticatedRequest, pk: int, risk_id: int) -> HttpResponse:
    """A confidentiality incident, against the confidentiality risk only."""
    scheme = get_scheme_for_user(request.user, pk, Permission.LOG)
    risk = get_object_or_404(RiskEntry, pk=risk_id, scheme=scheme)
    if risk.category != RiskCategory.CONFIDENTIALITY:
        raise Http404("Incidents are recorded against the confidentiality risk only")
    risk.scheme = scheme
    today = timezone.localdate()
    form = IncidentForm(posted(request), scheme=scheme, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            incident_record(risk=risk, by=request.user, today=today, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The incident has been recorded")
            if can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id):
                return redirect("monitoring:risk-detail", pk=scheme.pk, risk_id=risk.pk)
            return redirect("monitoring:risks", pk=scheme.pk)
    return render(
        request, "monitoring/incident_form.html", {"form": form, "scheme": scheme, "risk": risk}
    )
