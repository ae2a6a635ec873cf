"""Resources, stakeholders and SMART objectives: add, change, remove."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.access import Action, AuthenticatedRequest

from ... import rules
from ...forms.planning import (
    ResourceForm,
    SmartObjectiveForm,
    StakeholderForm,
)
from ...models import (
    Plan,
    PlanTask,
    Resource,
    Scheme,
    SmartObjective,
    Stakeholder,
)
from ...services.planning import (
    PlanLockedError,
    objective_remove,
    objective_save,
    resource_remove,
    resource_save,
    stakeholder_remove,
    stakeholder_save,
)
from .common import (
    locked_response,
    plan_for_user,
)

# --- resources, stakeholders and objectives ---------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def resource_form_view(
    request: AuthenticatedRequest, pk: int, resource_id: int | None = None
) -> HttpResponse:
    scheme, plan = plan_for_user(request, pk, Action.CHANGE)
    resource = get_object_or_404(Resource, pk=resource_id, plan=plan) if resource_id else None
    if not rules.plan_is_editable(plan):
        return locked_response(request, plan)
    form = ResourceForm(request.POST or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        try:
            resource_save(plan=plan, resource=resource, **form.fields_for_service())
        except PlanLockedError:
            return locked_response(request, plan)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Resource changed" if resource else "Resource added")
            return redirect("schemes:plan-task", pk=pk, task=PlanTask.RESOURCES)
    return _render_record_form(request, scheme, form, PlanTask.RESOURCES, "resource", resource)


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_form_view(
    request: AuthenticatedRequest, pk: int, stakeholder_id: int | None = None
) -> HttpResponse:
    scheme, plan = plan_for_user(request, pk, Action.CHANGE)
    stakeholder = (
        get_object_or_404(Stakeholder, pk=stakeholder_id, scheme=scheme) if stakeholder_id else None
    )
    if not rules.plan_is_editable(plan):
        return locked_response(request, plan)
    form = StakeholderForm(request.POST or None, instance=stakeholder)
    if request.method == "POST" and form.is_valid():
        try:
            stakeholder_save(plan=plan, stakeholder=stakeholder, **form.fields_for_service())
        except PlanLockedError:
            return locked_response(request, plan)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Stakeholder changed" if stakeholder else "Stakeholder added")
            return redirect("schemes:plan-task", pk=pk, task=PlanTask.STAKEHOLDERS)
    return _render_record_form(
        request, scheme, form, PlanTask.STAKEHOLDERS, "stakeholder", stakeholder
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_form_view(
    request: AuthenticatedRequest, pk: int, objective_id: int | None = None
) -> HttpResponse:
    scheme, plan = plan_for_user(request, pk, Action.CHANGE)
    objective = (
        get_object_or_404(SmartObjective, pk=objective_id, scheme=scheme) if objective_id else None
    )
    if not rules.plan_is_editable(plan):
        return locked_response(request, plan)
    today = timezone.localdate()
    form = SmartObjectiveForm(request.POST or None, instance=objective, plan=plan, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            # The service checks SMART again: the form's check is for the messages.
            objective_save(plan=plan, objective=objective, today=today, **form.fields_for_service())
        except PlanLockedError:
            return locked_response(request, plan)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Objective changed" if objective else "Objective added")
            return redirect("schemes:plan-task", pk=pk, task=PlanTask.IMPACT)
    return _render_record_form(request, scheme, form, PlanTask.IMPACT, "objective", objective)


RECORD_NOUNS = {
    "resource": "a resource",
    "stakeholder": "a stakeholder",
    "objective": "an objective",
}


def _render_record_form(
    request: AuthenticatedRequest,
    scheme: Scheme,
    form: ResourceForm | StakeholderForm | SmartObjectiveForm,
    task: str,
    kind: str,
    record: object | None,
) -> HttpResponse:
    return render(
        request,
        "schemes/planning/record_form.html",
        {
            "scheme": scheme,
            "form": form,
            "task": task,
            "kind": kind,
            "heading": f"Change {kind}" if record else f"Add {RECORD_NOUNS[kind]}",
            "back_url": reverse("schemes:plan-task", args=[scheme.pk, task]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def resource_remove_view(request: AuthenticatedRequest, pk: int, resource_id: int) -> HttpResponse:
    scheme, plan = plan_for_user(request, pk, Action.CHANGE)
    resource = get_object_or_404(Resource, pk=resource_id, plan=plan)
    return _confirm_remove(
        request,
        scheme,
        plan,
        task=PlanTask.RESOURCES,
        kind="resource",
        name=str(resource),
        done=f"{resource.description} has been removed",
        remove=lambda: resource_remove(plan=plan, resource=resource),
    )


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_remove_view(
    request: AuthenticatedRequest, pk: int, stakeholder_id: int
) -> HttpResponse:
    scheme, plan = plan_for_user(request, pk, Action.CHANGE)
    stakeholder = get_object_or_404(Stakeholder, pk=stakeholder_id, scheme=scheme)
    return _confirm_remove(
        request,
        scheme,
        plan,
        task=PlanTask.STAKEHOLDERS,
        kind="stakeholder",
        name=stakeholder.name,
        done=f"{stakeholder.name} has been removed",
        remove=lambda: stakeholder_remove(plan=plan, stakeholder=stakeholder),
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_remove_view(
    request: AuthenticatedRequest, pk: int, objective_id: int
) -> HttpResponse:
    scheme, plan = plan_for_user(request, pk, Action.CHANGE)
    objective = get_object_or_404(SmartObjective, pk=objective_id, scheme=scheme)
    return _confirm_remove(
        request,
        scheme,
        plan,
        task=PlanTask.IMPACT,
        kind="objective",
        name=objective.indicator,
        done=f"The objective “{objective.indicator}” has been removed",
        remove=lambda: objective_remove(plan=plan, objective=objective),
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
        return redirect("schemes:plan-task", pk=scheme.pk, task=task)
    return render(
        request,
        "schemes/planning/remove.html",
        {
            "scheme": scheme,
            "kind": kind,
            "name": name,
            "back_url": reverse("schemes:plan-task", args=[scheme.pk, task]),
        },
    )
