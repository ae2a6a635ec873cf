"""Suitability sign-offs and placements: the scheme's recruitment settings and sign-off
parties, each party's check of an applicant, a governor's override, starting a
placement, the register of peer supporters, a peer supporter's page, their moves and
the probation review.

Suitability notes are confidential (Permission.VIEW_SUITABILITY: coordinators and
governors): a page that shows them logs the read (accounts.audit.record_read). Staff
see the suitability page with each party's outcome, who checked and when, but never
the notes, conditions or a governor's reasons.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Model
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import AuthenticatedRequest, Permission, can
from accounts.audit import record_read
from peersupport.conflicts import render_conflict, stale_form
from peersupport.forms import VersionedForm, apply_service_errors, posted
from peersupport.http import require_http_methods
from peersupport.pagination import page_of
from schemes.models import Scheme, SchemeStatus
from schemes.selectors import get_scheme_for_user
from schemes.services.versioning import StaleEditError

from ..forms.placements import (
    CheckForm,
    MoveForm,
    OverrideForm,
    PartyForm,
    PlaceForm,
    ProbationReviewForm,
    SettingsForm,
)
from ..models import (
    Application,
    ApplicationStatus,
    CheckOutcome,
    PlacementStatus,
    ProbationReview,
    SignOffParty,
    SuitabilityCheck,
)
from ..rules_placements import moves_from
from ..selectors.placements import (
    REGISTER_PER_PAGE,
    checks_by_party,
    get_placement,
    parties_missing,
    register,
    register_counts,
    required_parties,
    settings_for,
    sign_off_rows,
)
from ..selectors.training import training_state_of
from ..services.placements import (
    check_override,
    check_record,
    party_add,
    party_remove,
    party_rename,
    placement_move,
    placement_start,
    probation_review_record,
    settings_update,
)

FORM_TEMPLATE = "recruitment/placements/form.html"
NOTES_READ = "suitability notes"


def _application(scheme: Scheme, application_id: int) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("prisoner"), pk=application_id, scheme=scheme
    )
    application.scheme = scheme
    return application


def _party(scheme: Scheme, party_id: int, *, required: bool = True) -> SignOffParty:
    parties = SignOffParty.objects.filter(scheme=scheme)
    if required:
        parties = parties.filter(required=True)
    party = get_object_or_404(parties, pk=party_id)
    party.scheme = scheme
    return party


def _page(
    request: AuthenticatedRequest,
    scheme: Scheme,
    form: Any,
    *,
    heading: str,
    back: str,
    status: int = 200,
    saved: list[tuple[str, str]] | None = None,
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        FORM_TEMPLATE,
        {"scheme": scheme, "form": form, "heading": heading, "back": back, "saved": saved, **extra},
        status=status,
    )


def _save(form: VersionedForm, write: Callable[[], Model | bool | None]) -> tuple[bool, bool]:
    """Run a service for a valid form: (done, stale). Its refusals go on the form."""
    try:
        write()
    except StaleEditError:
        return False, True
    except ValidationError as error:
        apply_service_errors(form, error)
        return False, False
    return True, False


# --- settings and sign-off parties ------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    current = settings_for(scheme)
    initial = {
        "probation_weeks": current.probation_weeks,
        "training_weeks": current.training_weeks,
        "practice_sessions": current.practice_sessions,
        "supervision_weeks": current.supervision_weeks,
    }
    form = SettingsForm(posted(request), initial=initial, version=current.version)

    def page() -> dict[str, Any]:
        return {
            "scheme": scheme,
            "parties": required_parties(scheme),
            "closed": scheme.status == SchemeStatus.CLOSED,
        }

    if request.method == "POST" and form.is_valid():
        done, stale = _save(
            form,
            lambda: settings_update(
                scheme=scheme,
                by=request.user,
                expected_version=form.expected_version(),
                **form.service_fields(),
            ),
        )
        if done:
            messages.success(request, "The recruitment settings have been saved")
            return redirect("recruitment:settings", pk=scheme.pk)
        if stale:
            now = settings_for(scheme)
            return render_conflict(
                request,
                "recruitment/placements/settings.html",
                page(),
                make_form=lambda data: SettingsForm(data, version=now.version),
                version=now.version,
                saved=[
                    ("Probation", f"{now.probation_weeks} weeks"),
                    ("Training course", f"{now.training_weeks} weeks"),
                    ("Practice sessions before probation", str(now.practice_sessions)),
                    ("Supervision at least every", f"{now.supervision_weeks} weeks"),
                ],
            )
    return render(request, "recruitment/placements/settings.html", {**page(), "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def party_add_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    form = PartyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            party = party_add(scheme=scheme, by=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{party.name} now signs off new peer supporters")
            return redirect("recruitment:settings", pk=scheme.pk)
    return _page(
        request,
        scheme,
        form,
        heading="Add a party that signs off suitability",
        back=reverse("recruitment:settings", args=[scheme.pk]),
        intro="Every new peer supporter must be cleared by each party before their "
        "placement starts.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def party_change_view(request: AuthenticatedRequest, pk: int, party_id: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    party = _party(scheme, party_id)
    form = PartyForm(posted(request), expected_name=party.name)
    status = 200
    back = reverse("recruitment:settings", args=[scheme.pk])
    saved = None
    if request.method == "POST" and form.is_valid():
        try:
            party_rename(
                party=party,
                by=request.user,
                expected_name=form.cleaned_data.get("expected_name") or "",
                name=form.cleaned_data["name"],
            )
        except StaleEditError:
            party = _party(scheme, party_id)
            form = stale_form(
                request,
                lambda data: PartyForm(data, expected_name=party.name),
                party.name,
                field="expected_name",
            )
            saved = [("Name", party.name)]
            status = 409
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The party has been renamed")
            return redirect(back)
    return _page(
        request, scheme, form, heading=f"Rename {party.name}", back=back, saved=saved, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def party_remove_view(request: AuthenticatedRequest, pk: int, party_id: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    party = _party(scheme, party_id)
    if request.method == "POST":
        party_remove(party=party, by=request.user)
        messages.success(request, f"{party.name} no longer signs off new peer supporters")
        return redirect("recruitment:settings", pk=scheme.pk)
    return render(
        request,
        "recruitment/placements/party_remove.html",
        {"scheme": scheme, "party": party},
    )


# --- suitability ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def suitability_view(request: AuthenticatedRequest, pk: int, application_id: int) -> HttpResponse:
    # It names the applicant: not for the analyst. Staff see who checked and the
    # outcome, never the confidential notes.
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW_PERSONAL)
    application = _application(scheme, application_id)
    parties = required_parties(scheme)
    checks = checks_by_party(application)
    show_notes = can(request.user, Permission.VIEW_SUITABILITY, scheme.prison_id)
    if show_notes and checks:
        record_read(request.user, application, NOTES_READ)
    missing = parties_missing(parties, checks)
    can_change = can(request.user, Permission.CHANGE, scheme.prison_id)
    live = scheme.status != SchemeStatus.CLOSED
    return render(
        request,
        "recruitment/placements/suitability.html",
        {
            "scheme": scheme,
            "application": application,
            "rows": sign_off_rows(parties, checks),
            "missing": missing,
            "show_notes": show_notes,
            "can_record": can_change and live and application.status in _LIVE,
            "can_override": can(request.user, Permission.APPROVE, scheme.prison_id)
            and live
            and application.status in _LIVE,
            "can_place": can_change
            and live
            and application.status == ApplicationStatus.APPROVED
            and not missing,
            "not_cleared": CheckOutcome.NOT_CLEARED,
        },
    )


_LIVE = (
    ApplicationStatus.APPLIED,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.ASSESSED,
    ApplicationStatus.APPROVED,
)


@login_required
@require_http_methods(["GET", "POST"])
def check_view(
    request: AuthenticatedRequest, pk: int, application_id: int, party_id: int
) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    application = _application(scheme, application_id)
    party = _party(scheme, party_id)
    check = SuitabilityCheck.objects.filter(application=application, party=party).first()
    today = timezone.localdate()
    initial: dict[str, Any] = {}
    if check is not None:
        if request.method != "POST":
            # The form shows the saved notes: a read of the confidential record. (A
            # posted form shows what was typed instead.)
            record_read(request.user, check, NOTES_READ)
        initial = {
            "outcome": check.outcome,
            "conditions": check.conditions,
            "notes": check.notes,
            "checked_by_name": check.checked_by_name,
            "checked_on": check.checked_on,
        }
    version = check.version if check else 0
    form = CheckForm(posted(request), initial=initial, today=today, version=version)
    back = reverse("recruitment:suitability", args=[scheme.pk, application.pk])
    status = 200
    saved = None
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        done, stale = _save(
            form,
            lambda: check_record(
                application=application,
                party=party,
                by=request.user,
                expected_version=form.expected_version(),
                today=today,
                **fields,
            ),
        )
        if done:
            messages.success(request, f"The check by {party.name} has been recorded")
            return redirect(back)
        if stale:
            now = SuitabilityCheck.objects.filter(application=application, party=party).first()
            new_version = now.version if now else 0
            form = stale_form(
                request,
                lambda data: CheckForm(data, today=today, version=new_version),
                new_version,
            )
            saved = (
                [
                    ("Outcome", now.get_outcome_display()),
                    ("Who made the check", now.checked_by_name),
                    ("Date", f"{now.checked_on:%-d %B %Y}"),
                ]
                if now
                else [("Check", "Not recorded")]
            )
            status = 409
    return _page(
        request,
        scheme,
        form,
        heading=f"Suitability check by {party.name}",
        back=back,
        status=status,
        saved=saved,
        application=application,
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_override_view(
    request: AuthenticatedRequest, pk: int, application_id: int, party_id: int
) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.APPROVE)
    application = _application(scheme, application_id)
    party = _party(scheme, party_id, required=False)
    check = SuitabilityCheck.objects.filter(application=application, party=party).first()
    if check is None:
        raise Http404("No check by this party")
    check.application = application
    check.party = party
    overridable = check.outcome == CheckOutcome.NOT_CLEARED and check.overridden_at is None
    form = OverrideForm(posted(request), version=check.version)
    back = reverse("recruitment:suitability", args=[scheme.pk, application.pk])
    status = 200
    if request.method == "POST" and form.is_valid():
        version = form.expected_version()
        reason = form.cleaned_data["override_reason"]
        done, stale = _save(
            form,
            lambda: check_override(
                check=check, by=request.user, expected_version=version, reason=reason
            ),
        )
        if done:
            messages.success(request, f"The refusal by {party.name} has been overridden")
            return redirect(back)
        if stale:
            check.refresh_from_db()
            overridable = check.outcome == CheckOutcome.NOT_CLEARED and check.overridden_at is None
            form = stale_form(
                request, lambda data: OverrideForm(data, version=check.version), check.version
            )
            status = 409
    # The page shows the refusal's notes, so the governor knows what they override.
    record_read(request.user, check, NOTES_READ)
    return render(
        request,
        "recruitment/placements/override.html",
        {
            "scheme": scheme,
            "application": application,
            "party": party,
            "check": check,
            "form": form,
            "overridable": overridable,
            "back": back,
        },
        status=status,
    )


# --- placements -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def place_view(request: AuthenticatedRequest, pk: int, application_id: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    application = _application(scheme, application_id)
    today = timezone.localdate()
    form = PlaceForm(
        posted(request),
        initial={"started_on": today},
        today=today,
        version=application.version,
    )
    back = reverse("recruitment:suitability", args=[scheme.pk, application.pk])
    status = 200
    saved = None
    if request.method == "POST" and form.is_valid():
        try:
            placement = placement_start(
                application=application,
                by=request.user,
                expected_version=form.expected_version(),
                started_on=form.cleaned_data["started_on"],
            )
        except StaleEditError:
            application = _application(scheme, application_id)
            form = stale_form(
                request,
                lambda data: PlaceForm(data, today=today, version=application.version),
                application.version,
            )
            saved = [("Application", application.get_status_display())]
            status = 409
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{application.prisoner.full_name}'s placement has started")
            return redirect("recruitment:peer-supporter", pk=scheme.pk, placement_id=placement.pk)
    parties = required_parties(scheme)
    missing = parties_missing(parties, checks_by_party(application))
    training_weeks = settings_for(scheme).training_weeks
    return _page(
        request,
        scheme,
        form,
        heading=f"Start {application.prisoner.full_name}'s placement",
        back=back,
        status=status,
        saved=saved,
        application=application,
        intro=f"They start in training. Training takes {training_weeks} weeks (the "
        "scheme's recruitment settings); their probation starts after it.",
        warning=(
            "Only an approved application can become a placement."
            if application.status != ApplicationStatus.APPROVED
            else ""
        )
        or (f"Not every party has cleared them yet: {', '.join(missing)}." if missing else ""),
    )


@login_required
@require_http_methods(["GET"])
def register_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW_PERSONAL)
    status = request.GET.get("status", "")
    if status not in PlacementStatus.values:
        status = ""
    counts = register_counts(scheme)
    # The register's length is in the counts already: its paginator counts no more.
    page = page_of(
        register(scheme, status=status),
        REGISTER_PER_PAGE,
        request.GET.get("page"),
        count=counts[status]
        if status
        else sum(n for each, n in counts.items() if each != PlacementStatus.LEFT),
    )
    settings = settings_for(scheme)
    return render(
        request,
        "recruitment/placements/register.html",
        {
            "scheme": scheme,
            "page": page,
            "status": status,
            "statuses": PlacementStatus.choices,
            "counts": counts,
            "query": f"status={status}" if status else "",
            "settings": settings,
            "today": timezone.localdate(),
            "can_change": can(request.user, Permission.CHANGE, scheme.prison_id),
        },
    )


def _placement_or_404(scheme: Scheme, placement_id: int) -> Any:
    placement = get_placement(scheme, placement_id)
    if placement is None:
        raise Http404("No such placement")
    return placement


@login_required
@require_http_methods(["GET"])
def peer_supporter_view(request: AuthenticatedRequest, pk: int, placement_id: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW_PERSONAL)
    placement = _placement_or_404(scheme, placement_id)
    rows = []
    if placement.application_id is not None:
        # A summary of the sign-offs: outcomes only, never the confidential notes.
        rows = sign_off_rows(required_parties(scheme), checks_by_party(placement.application))
    can_change = (
        can(request.user, Permission.CHANGE, scheme.prison_id)
        and scheme.status != SchemeStatus.CLOSED
    )
    current = placement.status != PlacementStatus.LEFT
    today = timezone.localdate()
    records = list(
        placement.training_records.select_related("module").order_by("-completed_on", "-id")
    )
    practice = list(placement.practice_sessions.order_by("-held_on", "-id"))
    return render(
        request,
        "recruitment/placements/peer_supporter.html",
        {
            "scheme": scheme,
            "placement": placement,
            # Training, practice, supervision and availability: one record of them.
            "training": training_state_of(placement, today, records=records, practice=practice),
            "training_records": records,
            "practice": practice,
            "supervision": placement.supervision_sessions.aggregate(
                count=Count("id"), last=Max("held_on")
            ),
            "availability": list(placement.availability.all()),
            "can_record_training": can_change and current,
            "can_record_practice": current
            and scheme.status != SchemeStatus.CLOSED
            and can(request.user, Permission.LOG, scheme.prison_id),
            "moves": list(placement.moves.select_related("by").order_by("on", "id")),
            "reviews": list(
                ProbationReview.objects.filter(placement=placement)
                .select_related("by")
                .order_by("reviewed_on", "id")
            ),
            "rows": rows,
            "can_move": can_change and bool(moves_from(placement.status)),
            "can_review": can_change and placement.status == PlacementStatus.PROBATION,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement_move_view(request: AuthenticatedRequest, pk: int, placement_id: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    placement = _placement_or_404(scheme, placement_id)
    today = timezone.localdate()
    back = reverse("recruitment:peer-supporter", args=[scheme.pk, placement.pk])
    moves = moves_from(placement.status)
    form = MoveForm(
        posted(request),
        initial={"on": today},
        today=today,
        version=placement.version,
        moves=moves,
    )
    status = 200
    saved = None
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        done, stale = _save(
            form,
            lambda: placement_move(
                placement=placement,
                by=request.user,
                expected_version=form.expected_version(),
                today=today,
                **fields,
            ),
        )
        if done:
            messages.success(request, "The placement has been updated")
            return redirect(back)
        if stale:
            placement = _placement_or_404(scheme, placement_id)
            now_moves = moves_from(placement.status)
            form = stale_form(
                request,
                lambda data: MoveForm(
                    data, today=today, version=placement.version, moves=now_moves
                ),
                placement.version,
            )
            saved = [("Status", placement.get_status_display())]
            status = 409
    return _page(
        request,
        scheme,
        form,
        heading=f"Move {placement.prisoner.full_name}'s placement",
        back=back,
        status=status,
        saved=saved,
        intro=f"They are {placement.get_status_display().lower()}.",
        warning="" if moves else "This placement has ended: it cannot move.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def probation_review_view(
    request: AuthenticatedRequest, pk: int, placement_id: int
) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    placement = _placement_or_404(scheme, placement_id)
    today = timezone.localdate()
    back = reverse("recruitment:peer-supporter", args=[scheme.pk, placement.pk])
    form = ProbationReviewForm(
        posted(request), initial={"reviewed_on": today}, today=today, version=placement.version
    )
    status = 200
    saved = None
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        done, stale = _save(
            form,
            lambda: probation_review_record(
                placement=placement,
                by=request.user,
                expected_version=form.expected_version(),
                today=today,
                **fields,
            ),
        )
        if done:
            messages.success(request, "The probation review has been recorded")
            return redirect(back)
        if stale:
            placement = _placement_or_404(scheme, placement_id)
            form = stale_form(
                request,
                lambda data: ProbationReviewForm(data, today=today, version=placement.version),
                placement.version,
            )
            saved = [
                ("Status", placement.get_status_display()),
                (
                    "Probation ends",
                    f"{placement.probation_ends_on:%-d %B %Y}"
                    if placement.probation_ends_on
                    else "Not set",
                ),
            ]
            status = 409
    on_probation = placement.status == PlacementStatus.PROBATION
    ends = (
        f" Their probation ends on {placement.probation_ends_on:%-d %B %Y}."
        if placement.probation_ends_on
        else ""
    )
    return _page(
        request,
        scheme,
        form,
        heading=f"Review {placement.prisoner.full_name}'s probation",
        back=back,
        status=status,
        saved=saved,
        intro="The guidance: “Grow the scheme steadily: consider a probationary period”." + ends,
        warning="" if on_probation else "This placement is not on probation.",
    )
