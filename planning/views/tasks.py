"""The planning checklist and one page per task."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import AuthenticatedRequest, Permission, can
from peersupport.conflicts import stale_form
from peersupport.http import require_http_methods
from schemes.models import Scheme, Stakeholder
from schemes.services.versioning import StaleEditError

from .. import rules
from ..forms import TaskForm, task_form
from ..models import Plan, PlanApproval, PlanTask
from ..plan_summary import Answer, TaskItem, objective_items, plan_records, task_answers
from ..selectors import get_plan, plan_counts
from ..services import PlanLockedError, plan_save_task
from .common import (
    STALE_MESSAGE,
    TASK_GUIDANCE,
    locked_response,
    plan_for_user,
    with_version,
)

# --- the checklist ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def planning_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme, plan = plan_for_user(request, pk, Permission.VIEW)
    can_change = can(request.user, Permission.CHANGE, scheme.prison_id)
    show_people = can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id)
    editable = rules.plan_is_editable(plan)
    counts = plan_counts(plan)
    tasks = []
    for task in PlanTask:
        if can_change and editable:
            href = reverse("planning:task", args=[pk, task.value])
        elif show_people:
            href = reverse("planning:answers", args=[pk, task.value])
        else:
            href = ""  # the analyst: statuses only
        status = rules.task_status(plan, task, counts)
        colour = rules.TASK_STATUS_TAG_COLOURS[status]
        tag_class = f"govuk-tag--{colour}" if colour else ""
        tasks.append(TaskItem(task.value, task.label, status, tag_class, href))
    completed = sum(item.status == rules.TaskStatus.COMPLETED for item in tasks)
    decisions = list(plan.decisions.select_related("decided_by"))
    return render(
        request,
        "planning/checklist.html",
        {
            "scheme": scheme,
            "plan": plan,
            "tasks": tasks,
            "completed": completed,
            "all_complete": completed == len(tasks),
            "can_change": can_change and editable,
            "coordinator": can_change,
            "can_amend": can_change
            and plan.approval == PlanApproval.APPROVED
            and not rules.amendment_problems(plan, scheme.status),
            "plan_state": rules.plan_state_label(plan.approval, plan.approved_version),
            "versions": [d for d in decisions if d.version_number is not None],
            "version_numbers": [d.version_number for d in decisions if d.version_number],
            "can_decide": can(request.user, Permission.APPROVE, scheme.prison_id)
            and plan.approval == PlanApproval.SUBMITTED,
            "show_people": show_people,
            "approval_colour": rules.PLAN_STATE_COLOURS[
                rules.plan_state(plan.approval, plan.approved_version)
            ],
            "decision": decisions[0] if decisions else None,
        },
    )


# --- one task ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_task_view(request: AuthenticatedRequest, pk: int, task: str) -> HttpResponse:
    scheme, plan = plan_for_user(request, pk, Permission.CHANGE)
    if task not in PlanTask.values:
        raise Http404("No such planning task")
    if not rules.plan_is_editable(plan):
        return locked_response(request, plan, task)
    form = task_form(task, request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        then = request.POST.get("then", "save")
        try:
            missing = plan_save_task(
                plan=plan,
                by=request.user,
                task=task,
                expected_version=form.cleaned_data.get("version") or 0,
                answers=form.answers(),
                mark_complete=then == "complete",
                **form.extra_answers(),
            )
        except StaleEditError:
            return _render_stale_task(request, scheme, task)
        except PlanLockedError:
            return locked_response(request, plan, task)
        title = PlanTask(task).label
        if missing:
            # The answers are saved; say what the task still needs, on its questions.
            form = task_form(task, with_version(request.POST, plan.version), plan=plan)
            form.is_valid()
            problems = form.show_missing(missing)
            return _render_task(request, scheme, plan, task, form, problems=problems, saved=True)
        if then == "add-objective":
            return redirect("planning:objective-add", pk=pk)
        if then == "complete":
            messages.success(request, f"You have completed “{title}”")
        else:
            messages.success(request, f"Your answers to “{title}” have been saved")
        return redirect("planning:index", pk=pk)
    return _render_task(request, scheme, plan, task, form)


@login_required
@require_http_methods(["GET"])
def plan_answers_view(request: AuthenticatedRequest, pk: int, task: str) -> HttpResponse:
    """A task's answers, read-only: for a plan that cannot change now, or a reader who
    may not change it. Stakeholders are named, so not for the analyst."""
    scheme, plan = plan_for_user(request, pk, Permission.VIEW_PERSONAL)
    if task not in PlanTask.values:
        raise Http404("No such planning task")
    records = plan_records(plan, timezone.localdate())
    summary = next(summary for summary in records.summaries if summary.task == task)
    may_change = can(request.user, Permission.CHANGE, scheme.prison_id)
    return render(
        request,
        "planning/answers.html",
        {
            "scheme": scheme,
            "plan": plan,
            "summary": summary,
            "number": PlanTask.values.index(task) + 1,
            "records": records,
            "plan_state": rules.plan_state_label(plan.approval, plan.approved_version),
            "may_change": may_change and rules.plan_is_editable(plan),
            "may_amend": may_change
            and plan.approval == PlanApproval.APPROVED
            and not rules.amendment_problems(plan, scheme.status),
        },
    )


def _render_task(
    request: AuthenticatedRequest,
    scheme: Scheme,
    plan: Plan,
    task: str,
    form: TaskForm,
    *,
    problems: list[str] | None = None,
    saved: bool = False,
    status: int = 200,
    saved_answers: list[Answer] | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    context: dict[str, Any] = {
        "scheme": scheme,
        "plan": plan,
        "task": task,
        "title": PlanTask(task).label,
        "guidance": TASK_GUIDANCE[PlanTask(task)],
        "form": form,
        "problems": problems or [],
        "problem_anchor": f"#{task}-list",
        "saved": saved,
        "saved_answers": saved_answers,
    }
    if task == PlanTask.RESOURCES:
        context["resources"] = list(plan.resources.all())
    elif task == PlanTask.STAKEHOLDERS:
        context["stakeholders"] = list(Stakeholder.objects.filter(scheme_id=plan.scheme_id))
    elif task == PlanTask.IMPACT:
        context["objectives"] = objective_items(plan, today)
    return render(request, "planning/task.html", context, status=status)


def _render_stale_task(request: AuthenticatedRequest, scheme: Scheme, task: str) -> HttpResponse:
    """Somebody saved the plan after this user opened the task.

    Nothing is overwritten and nothing the user typed is lost: the form comes back
    with their answers, an error saying what happened, what is saved now beside it, and
    the new version, so saving again is a deliberate choice.
    """
    plan = get_plan(scheme)
    form = stale_form(
        request, lambda data: task_form(task, data, plan=plan), plan.version, message=STALE_MESSAGE
    )
    saved_plan = get_plan(scheme)  # the form's validation wrote the typed answers to `plan`
    return _render_task(
        request,
        scheme,
        saved_plan,
        task,
        form,
        status=409,
        saved_answers=task_answers(saved_plan, task),
    )
