"""Training and practice pages: the scheme's modules, and recording what a peer
supporter completed."""

from __future__ import annotations

from copy import copy

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
from schemes.models import Scheme, SchemeStatus
from schemes.selectors import get_scheme_for_user
from schemes.services.versioning import StaleEditError

from ..forms.training import PracticeSessionForm, TrainingModuleForm, TrainingRecordForm
from ..models import Placement, PlacementStatus, TrainingModule
from ..selectors.training import modules_with_counts, practice_needed, training_rows, training_state
from ..services.training import module_create, module_update, practice_record, training_record

PEER_SUPPORTERS_PER_PAGE = 50


@login_required
@require_http_methods(["GET"])
def training_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The scheme's training modules; for those who may see people, each current peer
    supporter's progress."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    show_people = can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id)
    modules = modules_with_counts(scheme)
    page = None
    if show_people:
        page = Paginator(training_rows(scheme), PEER_SUPPORTERS_PER_PAGE).get_page(
            request.GET.get("page")
        )
    return render(
        request,
        "recruitment/training/index.html",
        {
            "scheme": scheme,
            "modules": modules,
            "required_count": sum(1 for m in modules if m.required),
            "practice_needed": practice_needed(scheme),
            "page": page,
            "show_people": show_people,
            "can_change": can(request.user, Permission.CHANGE, scheme.prison_id)
            and scheme.status != SchemeStatus.CLOSED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def module_add_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    form = TrainingModuleForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            module_create(scheme=scheme, by=request.user, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The training module has been added")
            return redirect("recruitment:training", pk=scheme.pk)
    return _module_form(request, scheme, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def module_change_view(request: AuthenticatedRequest, pk: int, module_id: int) -> HttpResponse:
    """Change a module, unless somebody changed it since the form was opened (409)."""
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    module = get_object_or_404(TrainingModule, pk=module_id, scheme=scheme)
    module.scheme = scheme
    saved_title = module.title
    form = TrainingModuleForm(posted(request), instance=module)
    if request.method == "POST" and form.is_valid():
        try:
            module_update(
                module=module,
                by=request.user,
                expected_version=form.expected_version(),
                **form.service_fields(),
            )
        except StaleEditError:
            return _stale_module(request, scheme, module_id)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{module.title} has been changed")
            return redirect("recruitment:training", pk=scheme.pk)
    module.title = saved_title
    return _module_form(request, scheme, form, module)


MODULE_FORM = "recruitment/training/module_form.html"


def _module_form(
    request: AuthenticatedRequest,
    scheme: Scheme,
    form: TrainingModuleForm,
    module: TrainingModule | None,
) -> HttpResponse:
    return render(request, MODULE_FORM, {"scheme": scheme, "form": form, "module": module})


def _stale_module(request: AuthenticatedRequest, scheme: Scheme, module_id: int) -> HttpResponse:
    """Somebody saved the module after this user opened the form: nothing is
    overwritten; what they typed comes back with what is saved now."""
    saved = get_object_or_404(TrainingModule, pk=module_id, scheme=scheme)
    rows = [
        ("Title", saved.title),
        ("Kind", saved.get_kind_display()),
        ("Hours", f"{saved.hours:g}"),
        ("Who delivers it", saved.delivered_by),
        ("Must be passed before probation", "Yes" if saved.required else "No"),
        (
            "Refresh every",
            f"{saved.refresh_months} months" if saved.refresh_months else "Never",
        ),
    ]
    # The form validates a copy: the heading names the module as saved, not as typed.
    return render_conflict(
        request,
        MODULE_FORM,
        {"scheme": scheme, "module": saved},
        make_form=lambda data: TrainingModuleForm(data, instance=copy(saved)),
        version=saved.version,
        saved=rows,
        what="module",
    )


def _placement(scheme: Scheme, placement_id: int) -> Placement:
    placement = get_object_or_404(
        Placement.objects.select_related("prisoner"), pk=placement_id, scheme=scheme
    )
    placement.scheme = scheme
    return placement


@login_required
@require_http_methods(["GET", "POST"])
def training_record_view(request: AuthenticatedRequest, pk: int, placement_id: int) -> HttpResponse:
    """Record that a peer supporter completed a module (coordinators)."""
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    placement = _placement(scheme, placement_id)
    today = timezone.localdate()
    form = TrainingRecordForm(posted(request), scheme_id=scheme.pk, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            training_record(placement=placement, by=request.user, today=today, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The training has been recorded")
            return redirect("recruitment:peer-supporter", pk=scheme.pk, placement_id=placement.pk)
    return render(
        request,
        "recruitment/training/record_form.html",
        {
            "scheme": scheme,
            "placement": placement,
            "form": form,
            "state": training_state(placement, today),
            "left": placement.status == PlacementStatus.LEFT,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_record_view(request: AuthenticatedRequest, pk: int, placement_id: int) -> HttpResponse:
    """Record a supervised practice session (staff who observed it, or coordinators)."""
    scheme = get_scheme_for_user(request.user, pk, Permission.LOG)
    placement = _placement(scheme, placement_id)
    today = timezone.localdate()
    form = PracticeSessionForm(posted(request), today=today)
    if request.method == "POST" and form.is_valid():
        try:
            practice_record(placement=placement, by=request.user, today=today, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The practice session has been recorded")
            return redirect("recruitment:peer-supporter", pk=scheme.pk, placement_id=placement.pk)
    return render(
        request,
        "recruitment/training/practice_form.html",
        {
            "scheme": scheme,
            "placement": placement,
            "form": form,
            "state": training_state(placement, today),
            "left": placement.status == PlacementStatus.LEFT,
        },
    )
