"""Resources, stakeholders and SMART objectives: add, change, remove."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import AuthenticatedRequest, Permission
from peersupport.conflicts import render_conflict
from peersupport.http import require_http_methods
from schemes.models import Scheme, SmartObjective, Stakeholder

from .. import rules
from ..forms import ResourceForm, SmartObjectiveForm, StakeholderForm
from ..models import Plan, PlanTask, Resource
from ..services import (
    PlanLockedError,
    StaleEditError,
    objective_remove,
    objective_save,
    resource_remove,
    resource_save,
    stakeholder_remove,
    stakeholder_save,
)
from .common import locked_response, plan_for_user

# --- resources, stakeholders and objectives ---------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def resource_form_view(
    request: AuthenticatedRequest, pk: int, resource_id: int | None = None
) -> HttpResponse:
    scheme, plan = plan_for_user(request, pk, Permission.CHANGE)
    resource = get_object_or_404(Resource, pk=resource_id, plan=plan) if resource_id else None
    if not rules.plan_is_editable(plan):
        return locked_response(request, plan)
    form = ResourceForm(request.POST or None, instance=resource)
    return _save_record(
        request,
        scheme,
        plan,
        form,
        task=PlanTask.RESOURCES,
        kind="resource",
        record=resource,
        save=lambda fields, version: resource_save(
            plan=plan, by=request.user, resource=resource, expected_version=version, **fields
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_form_view(
    request: AuthenticatedRequest, pk: int, stakeholder_id: int | None = None
) -> HttpResponse:
    scheme, plan = plan_for_user(request, pk, Permission.CHANGE)
    stakeholder = (
        get_object_or_404(Stakeholder, pk=stakeholder_id, scheme=scheme) if stakeholder_id else None
    )
    if not rules.plan_is_editable(plan):
        return locked_response(request, plan)
    form = StakeholderForm(request.POST or None, instance=stakeholder)
    return _save_record(
        request,
        scheme,
        plan,
        form,
        task=PlanTask.STAKEHOLDERS,
        kind="stakeholder",
        record=stakeholder,
        save=lambda fields, version: stakeholder_save(
            plan=plan, by=request.user, stakeholder=stakeholder, expected_version=version, **fields
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_form_view(
    request: AuthenticatedRequest, pk: int, objective_id: int | None = None
) -> HttpResponse:
    scheme, plan = plan_for_user(request, pk, Permission.CHANGE)
    objective = (
        get_object_or_404(SmartObjective, pk=objective_id, scheme=scheme) if objective_id else None
    )
    if not rules.plan_is_editable(plan):
        return locked_response(request, plan)
    today = timezone.localdate()
    form = SmartObjectiveForm(request.POST or None, instance=objective, plan=plan, today=today)
    return _save_record(
        request,
        scheme,
        plan,
        form,
        task=PlanTask.IMPACT,
        kind="objective",
        record=objective,
        # The service checks SMART again: the form's check is for the messages.
        save=lambda fields, version: objective_save(
            plan=plan,
            by=request.user,
            objective=objective,
            today=today,
            expected_version=version,
            **fields,
        ),
    )


RECORD_NOUNS = {
    "resource": "a resource",
    "stakeholder": "a stakeholder",
    "objective": "an objective",
}


RecordForm = ResourceForm | StakeholderForm | SmartObjectiveForm


def _save_record(
    request: AuthenticatedRequest,
    scheme: Scheme,
    plan: Plan,
    form: RecordForm,
    *,
    task: str,
    kind: str,
    record: object | None,
    save: Callable[[dict[str, Any], int | None], object],
) -> HttpResponse:
    """Add or change one of the plan's records: the form, then the service, then back to
    the task. The service's refusals land on the form; a plan locked meanwhile says so;
    a record somebody changed meanwhile comes back with 409, what the user typed, and
    what is saved now."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.fields_for_service(), form.expected_version())
        except PlanLockedError:
            return locked_response(request, plan)
        except StaleEditError:
            return _render_stale_record(request, scheme, form, task, kind, record)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{kind.capitalize()} {'changed' if record else 'added'}")
            return redirect("planning:task", pk=scheme.pk, task=task)
    return _render_record_form(request, scheme, form, task, kind, record)


def _record_page(scheme: Scheme, task: str, kind: str, record: object | None) -> dict[str, Any]:
    return {
        "scheme": scheme,
        "task": task,
        "kind": kind,
        "heading": f"Change {kind}" if record else f"Add {RECORD_NOUNS[kind]}",
        "back_url": reverse("planning:task", args=[scheme.pk, task]),
    }


def _render_record_form(
    request: AuthenticatedRequest,
    scheme: Scheme,
    form: RecordForm,
    task: str,
    kind: str,
    record: object | None,
) -> HttpResponse:
    return render(
        request,
        "planning/record_form.html",
        {**_record_page(scheme, task, kind, record), "form": form},
    )


def _render_stale_record(
    request: AuthenticatedRequest,
    scheme: Scheme,
    form: RecordForm,
    task: str,
    kind: str,
    record: object | None,
) -> HttpResponse:
    """Somebody changed the record after this user opened the form: nothing is
    overwritten, what they typed comes back with the values saved now beside it and
    the new version, so saving again is a deliberate choice."""
    instance = form.instance
    saved = type(instance)._default_manager.filter(pk=instance.pk).first()
    if saved is None:
        messages.error(request, f"Somebody else removed this {kind} after you opened the page")
        return redirect("planning:task", pk=scheme.pk, task=task)
    return render_conflict(
        request,
        "planning/record_form.html",
        _record_page(scheme, task, kind, record),
        make_form=lambda data: type(form)(data, instance=saved, **form.extra_kwargs()),
        version=saved.version,
        # Read before the form validates: validating writes the typed values onto the
        # instance it is given.
        saved=type(form)(instance=saved, **form.extra_kwargs()).saved_values(),
        what=kind,
    )


@login_required
@require_http_methods(["GET", "POST"])
def resource_remove_view(request: AuthenticatedRequest, pk: int, resource_id: int) -> HttpResponse:
    scheme, plan = plan_for_user(request, pk, Permission.CHANGE)
    resource = get_object_or_404(Resource, pk=resource_id, plan=plan)
    return _confirm_remove(
        request,
        scheme,
        plan,
        task=PlanTask.RESOURCES,
        kind="resource",
        name=str(resource),
        done=f"{resource.description} has been removed",
        remove=lambda: resource_remove(plan=plan, by=request.user, resource=resource),
    )


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_remove_view(
    request: AuthenticatedRequest, pk: int, stakeholder_id: int
) -> HttpResponse:
    scheme, plan = plan_for_user(request, pk, Permission.CHANGE)
    stakeholder = get_object_or_404(Stakeholder, pk=stakeholder_id, scheme=scheme)
    return _confirm_remove(
        request,
        scheme,
        plan,
        task=PlanTask.STAKEHOLDERS,
        kind="stakeholder",
        name=stakeholder.name,
        done=f"{stakeholder.name} has been removed",
        remove=lambda: stakeholder_remove(plan=plan, by=request.user, stakeholder=stakeholder),
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_remove_view(
    request: AuthenticatedRequest, pk: int, objective_id: int
) -> HttpResponse:
    scheme, plan = plan_for_user(request, pk, Permission.CHANGE)
    objective = get_object_or_404(SmartObjective, pk=objective_id, scheme=scheme)
    return _confirm_remove(
        request,
        scheme,
        plan,
        task=PlanTask.IMPACT,
        kind="objective",
        name=objective.indicator,
        done=f"The objective “{objective.indicator}” has been removed",
        remove=lambda: objective_remove(plan=plan, by=request.user, objective=objective),
    )


def _confirm_remove(
    request: AuthenticatedRequest,
    scheme: Scheme,
    plan: Plan,
    *,
    task: str,
    kind: str,
    name: str,
    done: str,
    remove: Callable[[], None],
) -> HttpResponse:
    """The confirmation page (GET) and the removal (POST) of one of the plan's records."""
    if not rules.plan_is_editable(plan):
        return locked_response(request, plan)
    if request.method == "POST":
        remove()
        messages.success(request, done)
        return redirect("planning:task", pk=scheme.pk, task=task)
    return render(
        request,
        "planning/remove.html",
        {
            "scheme": scheme,
            "kind": kind,
            "name": name,
            "back_url": reverse("planning:task", args=[scheme.pk, task]),
        },
    )
