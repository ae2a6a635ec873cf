"""Planning pages: the checklist, one form per task, the list records, submitting the
plan, the governor's decision, the printable summary and the governors' list.

Every view starts with one access check (``get_scheme_for_user``, or the user's
prisons for the governors' list). A plan that is waiting for approval or approved
cannot change: its forms are not offered, and asking for one goes back to the
checklist with a banner saying why (not a 403: the coordinator may change the plan,
just not now).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.access import Action, AuthenticatedRequest, can, prison_ids_where

from .. import rules
from ..forms.planning import (
    REVIEW_CADENCES,
    PlanDecisionForm,
    ResourceForm,
    SmartObjectiveForm,
    StakeholderForm,
    TaskForm,
    task_form,
)
from ..models import (
    AccessRoute,
    Day,
    Pay,
    Plan,
    PlanApproval,
    PlanDecision,
    PlanDecisionKind,
    PlanTask,
    Resource,
    Scheme,
    SmartObjective,
    Stakeholder,
)
from ..selectors import get_plan, get_scheme_for_user, plan_counts
from ..services.planning import (
    PlanLockedError,
    objective_remove,
    objective_save,
    plan_approve,
    plan_return,
    plan_save_task,
    plan_submit,
    resource_remove,
    resource_save,
    stakeholder_remove,
    stakeholder_save,
)
from ..services.versioning import StaleEditError

PLANS_PER_PAGE = 25

APPROVAL_TAG_COLOURS = {
    PlanApproval.DRAFT: "grey",
    PlanApproval.SUBMITTED: "blue",
    PlanApproval.RETURNED: "red",
    PlanApproval.APPROVED: "green",
}

# GOV.UK task list: "Completed" is plain text, the others are tags.
TASK_STATUS_TAGS = {
    rules.TaskStatus.NOT_STARTED: "govuk-tag--blue",
    rules.TaskStatus.IN_PROGRESS: "govuk-tag--light-blue",
    rules.TaskStatus.COMPLETED: "",
    rules.TaskStatus.CANNOT_START: "",
}

# What the guidance says about each task, shown under its question.
TASK_GUIDANCE = {
    PlanTask.NEED: "Peer support “should have a clearly defined purpose, and be targeted to "
    "specific needs”.",
    PlanTask.TARGET_GROUP: "Schemes should have “outcomes which are clearly defined by the needs "
    "of the people being supported by the scheme”.",
    PlanTask.RESOURCES: "List what the scheme has or needs: budget, staff hours, rooms, "
    "materials and partner organisations' time. Later the guidance asks you to “plan future "
    "recruitment, resources and need”.",
    PlanTask.AVAILABILITY: "Peer support “can be provided during induction and/or later in "
    "sentences” and “should last for as long as the support is required”.",
    PlanTask.PEER_SUPPORTERS: "“Recruit transparently”, “train peer supporters with core skills” "
    "and “set up supervision for staff and peer supporters”.",
    PlanTask.STAKEHOLDERS: "Include prison governors, staff and current or potential peer "
    "workers, and say how you will engage each of them.",
    PlanTask.IMPACT: "“Ensure objectives are SMART” and “use management information or "
    "feedback” to “understand if it is working, and adjust”.",
}

LOCKED_MESSAGES: dict[str, str] = {
    PlanApproval.SUBMITTED: "The plan is waiting for a governor's approval, so it cannot be "
    "changed now. If it is returned, you can change it again.",
    PlanApproval.APPROVED: "The plan has been approved, so it cannot be changed.",
}

STALE_MESSAGE = (
    "Somebody else changed this plan after you opened this page. Your changes have not "
    "been saved. Check what is saved now, then save your changes again."
)


# --- what the pages show ----------------------------------------------------------------


@dataclass(frozen=True)
class TaskItem:
    """A row of the GOV.UK task list."""

    task: str
    title: str
    status: rules.TaskStatus
    tag_class: str
    href: str


@dataclass(frozen=True)
class Answer:
    question: str
    value: str


@dataclass(frozen=True)
class TaskSummary:
    """A task's saved answers, for the summary lists of the check and print pages."""

    task: str
    title: str
    status: rules.TaskStatus
    answers: list[Answer] = field(default_factory=list)


@dataclass(frozen=True)
class ObjectiveItem:
    objective: SmartObjective
    problems: list[str]


NOT_ANSWERED = "Not answered yet"


def _labels(values: list[str], choices: dict[str, str]) -> str:
    return ", ".join(choices.get(value, value) for value in values) or NOT_ANSWERED


def task_answers(plan: Plan, task: str) -> list[Answer]:
    """The task's answers in words (the list tasks' records are shown as tables)."""

    def answer(name: str, shown: object = None) -> Answer:
        value = getattr(plan, name) if shown is None else shown
        label = str(getattr(Plan._meta.get_field(name), "verbose_name", name))
        return Answer(label, NOT_ANSWERED if value in (None, "", []) else str(value))

    if task == PlanTask.NEED:
        return [answer("need"), answer("need_evidence"), answer("intended_outcomes")]
    if task == PlanTask.TARGET_GROUP:
        return [
            answer("target_group_who"),
            answer("target_group_size"),
            answer("target_group_needs"),
        ]
    if task == PlanTask.AVAILABILITY:
        return [
            answer("available_days", _labels(plan.available_days, dict(Day.choices))),
            answer("available_hours"),
            answer("locations"),
            answer("access_routes", _labels(plan.access_routes, dict(AccessRoute.choices))),
        ]
    if task == PlanTask.PEER_SUPPORTERS:
        pay = plan.get_pay_display()
        if plan.pay == Pay.PAID and plan.pay_band:
            pay = f"{pay}: {plan.pay_band}"
        hours = plan.training_hours
        return [
            answer("selection_route"),
            answer("training_provider"),
            answer("training_hours", f"{hours} hour{'' if hours == 1 else 's'}" if hours else ""),
            answer("supervision_frequency", plan.get_supervision_frequency_display()),
            answer("pay", pay),
        ]
    if task == PlanTask.IMPACT:
        cadence = dict(REVIEW_CADENCES).get(plan.scheme.review_cadence_months or 0, "")
        return [
            Answer("How often the scheme is reviewed", cadence or NOT_ANSWERED),
            answer("impact_evidence"),
        ]
    return []


@dataclass
class PlanRecords:
    """Everything a full plan summary shows: a fixed number of queries, whatever its size."""

    counts: rules.PlanCounts
    resources: list[Resource]
    stakeholders: list[Stakeholder]
    objectives: list[ObjectiveItem]
    summaries: list[TaskSummary]
    decisions: list[PlanDecision]


def plan_records(plan: Plan, today: date) -> PlanRecords:
    counts = plan_counts(plan, today)
    return PlanRecords(
        counts=counts,
        resources=list(plan.resources.all()),
        stakeholders=list(Stakeholder.objects.filter(scheme_id=plan.scheme_id)),
        objectives=objective_items(plan, today),
        summaries=[
            TaskSummary(
                task=task.value,
                title=task.label,
                status=rules.task_status(plan, task, counts),
                answers=task_answers(plan, task),
            )
            for task in PlanTask
        ],
        decisions=list(plan.decisions.select_related("decided_by")),
    )


def objective_items(plan: Plan, today: date) -> list[ObjectiveItem]:
    """The scheme's objectives, each with the SMART check's problems today."""
    return [
        ObjectiveItem(
            objective=objective,
            problems=list(
                rules.smart_problems(
                    indicator=objective.indicator,
                    relevance=objective.relevance,
                    baseline=objective.baseline,
                    target=objective.target,
                    deadline=objective.deadline,
                    scheme_need=plan.need,
                    today=today,
                ).values()
            ),
        )
        for objective in SmartObjective.objects.filter(scheme_id=plan.scheme_id)
    ]


def _plan_for(request: AuthenticatedRequest, pk: int, action: Action) -> tuple[Scheme, Plan]:
    """The one access check of a planning page, and the scheme's plan."""
    scheme = get_scheme_for_user(request.user, pk, action)
    return scheme, get_plan(scheme)


def _locked(request: AuthenticatedRequest, plan: Plan) -> HttpResponse:
    """A plan that cannot change now: back to the checklist, saying why."""
    message = LOCKED_MESSAGES.get(plan.approval, LOCKED_MESSAGES[PlanApproval.APPROVED])
    messages.info(request, message)
    return redirect("schemes:planning", pk=plan.scheme_id)


def _with_version(data: QueryDict, version: int) -> QueryDict:
    data = data.copy()
    data["version"] = str(version)
    return data


# --- the checklist ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def planning_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme, plan = _plan_for(request, pk, Action.VIEW)
    can_change = can(request.user, Action.CHANGE, scheme.prison_id)
    show_people = can(request.user, Action.VIEW_PERSONAL, scheme.prison_id)
    editable = rules.plan_is_editable(plan)
    counts = plan_counts(plan)
    print_url = reverse("schemes:plan-print", args=[pk])
    tasks = []
    for task in PlanTask:
        if can_change and editable:
            href = reverse("schemes:plan-task", args=[pk, task.value])
        elif show_people:
            href = f"{print_url}#task-{task.value}"
        else:
            href = ""  # the analyst: statuses only
        status = rules.task_status(plan, task, counts)
        tasks.append(TaskItem(task.value, task.label, status, TASK_STATUS_TAGS[status], href))
    completed = sum(item.status == rules.TaskStatus.COMPLETED for item in tasks)
    return render(
        request,
        "schemes/planning/checklist.html",
        {
            "scheme": scheme,
            "plan": plan,
            "tasks": tasks,
            "completed": completed,
            "all_complete": completed == len(tasks),
            "can_change": can_change and editable,
            "can_decide": can(request.user, Action.APPROVE, scheme.prison_id)
            and plan.approval == PlanApproval.SUBMITTED,
            "show_people": show_people,
            "approval_colour": APPROVAL_TAG_COLOURS[PlanApproval(plan.approval)],
            "decision": plan.decisions.select_related("decided_by").first(),
        },
    )


# --- one task ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_task_view(request: AuthenticatedRequest, pk: int, task: str) -> HttpResponse:
    scheme, plan = _plan_for(request, pk, Action.CHANGE)
    if task not in PlanTask.values:
        raise Http404("No such planning task")
    if not rules.plan_is_editable(plan):
        return _locked(request, plan)
    form = task_form(task, request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        then = request.POST.get("then", "save")
        try:
            missing = plan_save_task(
                plan=plan,
                task=task,
                expected_version=form.cleaned_data.get("version") or 0,
                answers=form.answers(),
                mark_complete=then == "complete",
                **form.extra_answers(),
            )
        except StaleEditError:
            return _render_stale_task(request, scheme, task)
        except PlanLockedError:
            return _locked(request, plan)
        title = PlanTask(task).label
        if missing:
            # The answers are saved; say what the task still needs, on its questions.
            form = task_form(task, _with_version(request.POST, plan.version), plan=plan)
            form.is_valid()
            problems = form.show_missing(missing)
            return _render_task(request, scheme, plan, task, form, problems=problems, saved=True)
        if then == "add-objective":
            return redirect("schemes:objective-add", pk=pk)
        if then == "complete":
            messages.success(request, f"You have completed “{title}”")
        else:
            messages.success(request, f"Your answers to “{title}” have been saved")
        return redirect("schemes:planning", pk=pk)
    return _render_task(request, scheme, plan, task, form)


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
    return render(request, "schemes/planning/task.html", context, status=status)


def _render_stale_task(request: AuthenticatedRequest, scheme: Scheme, task: str) -> HttpResponse:
    """Somebody saved the plan after this user opened the task.

    Nothing is overwritten and nothing the user typed is lost: the form comes back
    with their answers, an error saying what happened, what is saved now beside it, and
    the new version, so saving again is a deliberate choice.
    """
    plan = get_plan(scheme)
    form = task_form(task, _with_version(request.POST, plan.version), plan=plan)
    form.is_valid()
    form.add_error(None, STALE_MESSAGE)
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


# --- resources, stakeholders and objectives ---------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def resource_form_view(
    request: AuthenticatedRequest, pk: int, resource_id: int | None = None
) -> HttpResponse:
    scheme, plan = _plan_for(request, pk, Action.CHANGE)
    resource = get_object_or_404(Resource, pk=resource_id, plan=plan) if resource_id else None
    if not rules.plan_is_editable(plan):
        return _locked(request, plan)
    form = ResourceForm(request.POST or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        try:
            resource_save(plan=plan, resource=resource, **form.fields_for_service())
        except PlanLockedError:
            return _locked(request, plan)
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
    scheme, plan = _plan_for(request, pk, Action.CHANGE)
    stakeholder = (
        get_object_or_404(Stakeholder, pk=stakeholder_id, scheme=scheme) if stakeholder_id else None
    )
    if not rules.plan_is_editable(plan):
        return _locked(request, plan)
    form = StakeholderForm(request.POST or None, instance=stakeholder)
    if request.method == "POST" and form.is_valid():
        try:
            stakeholder_save(plan=plan, stakeholder=stakeholder, **form.fields_for_service())
        except PlanLockedError:
            return _locked(request, plan)
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
    scheme, plan = _plan_for(request, pk, Action.CHANGE)
    objective = (
        get_object_or_404(SmartObjective, pk=objective_id, scheme=scheme) if objective_id else None
    )
    if not rules.plan_is_editable(plan):
        return _locked(request, plan)
    today = timezone.localdate()
    form = SmartObjectiveForm(request.POST or None, instance=objective, plan=plan, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            # The service checks SMART again: the form's check is for the messages.
            objective_save(plan=plan, objective=objective, today=today, **form.fields_for_service())
        except PlanLockedError:
            return _locked(request, plan)
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
    scheme, plan = _plan_for(request, pk, Action.CHANGE)
    resource = get_object_or_404(Resource, pk=resource_id, plan=plan)
    if not rules.plan_is_editable(plan):
        return _locked(request, plan)
    if request.method == "POST":
        resource_remove(plan=plan, resource=resource)
        messages.success(request, f"{resource.description} has been removed")
        return redirect("schemes:plan-task", pk=pk, task=PlanTask.RESOURCES)
    return _render_remove(request, scheme, PlanTask.RESOURCES, "resource", str(resource))


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_remove_view(
    request: AuthenticatedRequest, pk: int, stakeholder_id: int
) -> HttpResponse:
    scheme, plan = _plan_for(request, pk, Action.CHANGE)
    stakeholder = get_object_or_404(Stakeholder, pk=stakeholder_id, scheme=scheme)
    if not rules.plan_is_editable(plan):
        return _locked(request, plan)
    if request.method == "POST":
        stakeholder_remove(plan=plan, stakeholder=stakeholder)
        messages.success(request, f"{stakeholder.name} has been removed")
        return redirect("schemes:plan-task", pk=pk, task=PlanTask.STAKEHOLDERS)
    return _render_remove(request, scheme, PlanTask.STAKEHOLDERS, "stakeholder", stakeholder.name)


@login_required
@require_http_methods(["GET", "POST"])
def objective_remove_view(
    request: AuthenticatedRequest, pk: int, objective_id: int
) -> HttpResponse:
    scheme, plan = _plan_for(request, pk, Action.CHANGE)
    objective = get_object_or_404(SmartObjective, pk=objective_id, scheme=scheme)
    if not rules.plan_is_editable(plan):
        return _locked(request, plan)
    if request.method == "POST":
        objective_remove(plan=plan, objective=objective)
        messages.success(request, f"The objective “{objective.indicator}” has been removed")
        return redirect("schemes:plan-task", pk=pk, task=PlanTask.IMPACT)
    return _render_remove(request, scheme, PlanTask.IMPACT, "objective", objective.indicator)


def _render_remove(
    request: AuthenticatedRequest, scheme: Scheme, task: str, kind: str, name: str
) -> HttpResponse:
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


# --- check and submit -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_check_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme, plan = _plan_for(request, pk, Action.CHANGE)
    if not rules.plan_is_editable(plan):
        return _locked(request, plan)
    problems: list[str] = []
    if request.method == "POST":
        try:
            plan_submit(plan=plan, by=request.user)
        except ValidationError as error:
            problems = error.messages
        else:
            return redirect("schemes:plan-submitted", pk=pk)
    records = plan_records(plan, timezone.localdate())
    return render(
        request,
        "schemes/planning/check.html",
        {
            "scheme": scheme,
            "plan": plan,
            "records": records,
            "incomplete": rules.incomplete_tasks(plan),
            "problems": problems,
            "decision": records.decisions[0] if records.decisions else None,
        },
    )


@login_required
@require_http_methods(["GET"])
def plan_submitted_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme, plan = _plan_for(request, pk, Action.CHANGE)
    if plan.approval != PlanApproval.SUBMITTED:
        return redirect("schemes:planning", pk=pk)
    return render(request, "schemes/planning/submitted.html", {"scheme": scheme, "plan": plan})


# --- the governor's decision ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_decision_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme, plan = _plan_for(request, pk, Action.APPROVE)
    # Bound on any POST: pressing the button without choosing is an error to show.
    form = PlanDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        today = timezone.localdate()
        try:
            if form.cleaned_data["decision"] == PlanDecisionKind.APPROVED:
                plan_approve(plan=plan, by=request.user, today=today)
                message = f"You have approved the plan: {scheme.name} is now recruiting"
            else:
                plan_return(
                    plan=plan, by=request.user, reason=form.cleaned_data["reason"], today=today
                )
                message = "You have returned the plan to the coordinator with your reason"
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, message)
            return redirect("schemes:detail", pk=pk)
    return render(
        request,
        "schemes/planning/decision.html",
        {
            "scheme": scheme,
            "plan": plan,
            "form": form,
            "records": plan_records(plan, timezone.localdate()),
            "awaiting": plan.approval == PlanApproval.SUBMITTED,
            "approval_colour": APPROVAL_TAG_COLOURS[PlanApproval(plan.approval)],
        },
    )


# --- the printable summary --------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def plan_print_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    # Stakeholders may be named people: the analyst, who sees no names, cannot print it.
    scheme, plan = _plan_for(request, pk, Action.VIEW_PERSONAL)
    return render(
        request,
        "schemes/planning/print.html",
        {
            "scheme": scheme,
            "plan": plan,
            "records": plan_records(plan, timezone.localdate()),
            "approval_colour": APPROVAL_TAG_COLOURS[PlanApproval(plan.approval)],
            "printed_on": timezone.localdate(),
        },
    )


# --- plans awaiting approval ------------------------------------------------------------


def plans_awaiting_approval(prison_ids: set[int] | None) -> QuerySet[Plan]:
    """Submitted plans at the prisons (None: every prison), oldest first, in one query."""
    plans = Plan.objects.filter(approval=PlanApproval.SUBMITTED)
    if prison_ids is not None:
        plans = plans.filter(scheme__prison_id__in=prison_ids)
    return plans.select_related("scheme__prison", "submitted_by").order_by("submitted_at", "pk")


@login_required
@require_http_methods(["GET"])
def awaiting_approval_view(request: AuthenticatedRequest) -> HttpResponse:
    prison_ids = prison_ids_where(request.user, Action.APPROVE)
    if prison_ids is not None and not prison_ids:
        raise PermissionDenied
    plans = plans_awaiting_approval(prison_ids)
    page = Paginator(plans, PLANS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "schemes/planning/awaiting_approval.html",
        {"page": page, "many_prisons": prison_ids is None or len(prison_ids) > 1},
    )
