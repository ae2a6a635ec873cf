"""Pages for indicators, monthly returns and evaluations."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.access import AuthenticatedRequest, Permission, can
from peersupport.conflicts import render_conflict
from peersupport.forms import apply_service_errors, posted
from peersupport.http import require_http_methods
from schemes.models import Scheme, SchemeStatus, SmartObjective
from schemes.selectors import get_scheme_for_user
from schemes.services.versioning import StaleEditError

from . import returns_rules
from .models_returns import (
    Evaluation,
    Measure,
    MonitoringIndicator,
    MonthlyReturn,
    ReturnStatus,
)
from .returns_forms import (
    AdjustmentForm,
    EvaluationForm,
    IndicatorForm,
    ReturnActionForm,
    ValueForm,
)
from .returns_selectors import (
    evaluation_findings,
    measure_words,
    objective_values,
)
from .returns_services import (
    adjustment_create,
    evaluation_create,
    evaluation_update,
    indicator_set,
    indicator_value_enter,
    return_approve,
    return_prepare,
    return_reopen,
    return_submit,
)

PER_PAGE = 24
STALE_RETURN = (
    "Somebody else changed this return after you opened this page, so nothing has been "
    "done. Check the return as it is now, then try again."
)
STALE_MEASURE = (
    "Somebody else changed how this objective is measured after you opened this page. "
    "Your change has not been saved. Check what is saved now, then save again."
)


def _open(scheme: Scheme) -> bool:
    return scheme.status != SchemeStatus.CLOSED


def _month(year: int, month: int, today: date) -> date:
    """The month a return is about: from two years back to this month (404 otherwise)."""
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404("No such month")
    first = date(year, month, 1)
    if first > returns_rules.month_start(today):
        raise Http404("Returns are for this month or earlier")
    return first


# --- monthly returns --------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def returns_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The scheme's monthly returns, newest first, and last month's (due on the 10th)."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    today = timezone.localdate()
    page = Paginator(
        MonthlyReturn.objects.filter(scheme=scheme).order_by("-month"), PER_PAGE
    ).get_page(request.GET.get("page"))
    last_month = returns_rules.previous_month(today)
    made = {row.month for row in page}
    return render(
        request,
        "monitoring/returns.html",
        {
            "scheme": scheme,
            "page": page,
            "this_month": returns_rules.month_start(today),
            "last_month": last_month,
            "last_month_due": returns_rules.return_due_on(last_month),
            "objectives": list(
                SmartObjective.objects.filter(scheme=scheme).order_by("deadline", "id")
            ),
            "last_month_missing": last_month not in made
            and not MonthlyReturn.objects.filter(scheme=scheme, month=last_month).exists(),
            "can_change": _open(scheme) and can(request.user, Permission.CHANGE, scheme.prison_id),
        },
    )


def _return_context(
    request: AuthenticatedRequest, scheme: Scheme, month: date, found: MonthlyReturn | None
) -> dict[str, Any]:
    today = timezone.localdate()
    may_change = _open(scheme) and can(request.user, Permission.CHANGE, scheme.prison_id)
    may_approve = _open(scheme) and can(request.user, Permission.APPROVE, scheme.prison_id)
    status = found.status if found else None
    editable = status in (None, ReturnStatus.DRAFT, ReturnStatus.REOPENED)
    figures = found.figures if found and found.figures else None
    return {
        "scheme": scheme,
        "month": month,
        "found": found,
        "figures": figures,
        "show_people": can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id),
        "due_on": returns_rules.return_due_on(month),
        "can_prepare": may_change and editable,
        "can_submit": may_change and editable and bool(figures),
        "can_approve": may_approve and status == ReturnStatus.SUBMITTED,
        "can_reopen": may_change and status in (ReturnStatus.SUBMITTED, ReturnStatus.APPROVED),
        "version": found.version if found else 0,
        "today": today,
    }


@login_required
@require_http_methods(["GET", "POST"])
def return_view(request: AuthenticatedRequest, pk: int, year: int, month: int) -> HttpResponse:
    """One month's return: its figures and, by role, prepare (or refresh), submit,
    approve and reopen. Every button carries the version it was shown with (409 when
    somebody moved the return since)."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    today = timezone.localdate()
    first = _month(year, month, today)
    found = MonthlyReturn.objects.filter(scheme=scheme, month=first).first()
    form = ReturnActionForm()
    status = 200
    error = ""
    if request.method == "POST":
        if not (
            can(request.user, Permission.CHANGE, scheme.prison_id)
            or can(request.user, Permission.APPROVE, scheme.prison_id)
        ):
            raise PermissionDenied
        form = ReturnActionForm(request.POST)
        if form.is_valid():
            action = form.cleaned_data["action"]
            version = form.cleaned_data.get("version") or 0
            try:
                _act(request, scheme, first, found, action, version, form)
            except StaleEditError:
                found = MonthlyReturn.objects.filter(scheme=scheme, month=first).first()
                error = STALE_RETURN
                status = 409
            except ValidationError as problem:
                apply_service_errors(form, problem)
            else:
                messages.success(request, _DONE[action])
                return redirect("monitoring:return", pk=scheme.pk, year=year, month=month)
    context = _return_context(request, scheme, first, found)
    context.update({"form": form, "stale": error})
    return render(request, "monitoring/return.html", context, status=status)


_DONE = {
    "prepare": "The return's figures have been prepared",
    "submit": "The return has been sent to the governors for approval",
    "approve": "The return has been approved: it is now locked",
    "reopen": "The return has been reopened: correct it and submit it again",
}


def _act(
    request: AuthenticatedRequest,
    scheme: Scheme,
    month: date,
    found: MonthlyReturn | None,
    action: str,
    version: int,
    form: ReturnActionForm,
) -> None:
    today = timezone.localdate()
    if action == "prepare":
        return_prepare(
            scheme=scheme, month=month, by=request.user, expected_version=version, today=today
        )
        return
    if found is None:
        raise ValidationError("Prepare the return first")
    found.scheme = scheme
    if action == "submit":
        return_submit(monthly_return=found, by=request.user, expected_version=version)
    elif action == "approve":
        return_approve(monthly_return=found, by=request.user, expected_version=version)
    else:
        return_reopen(
            monthly_return=found,
            by=request.user,
            expected_version=version,
            reason=form.cleaned_data.get("reason") or "",
        )


# --- an objective's values --------------------------------------------------------------


def _objective(request: AuthenticatedRequest, pk: int, objective_id: int) -> SmartObjective:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    objective = get_object_or_404(SmartObjective, pk=objective_id, scheme=scheme)
    objective.scheme = scheme
    return objective


@login_required
@require_http_methods(["GET", "POST"])
def objective_values_view(
    request: AuthenticatedRequest, pk: int, monitored_objective_id: int
) -> HttpResponse:
    """An objective's value in each recent month, and entering a month's value (the
    coordinator) unless it is read from the activity log."""
    objective = _objective(request, pk, monitored_objective_id)
    scheme = objective.scheme
    today = timezone.localdate()
    indicator = MonitoringIndicator.objects.filter(objective=objective).first()
    computed = indicator is not None and indicator.measure != Measure.ENTERED
    form = ValueForm(posted(request), today=today)
    if request.method == "POST" and form.is_valid():
        try:
            indicator_value_enter(
                objective=objective,
                by=request.user,
                month=form.month_value(),
                value=form.cleaned_data["value"],
                today=today,
            )
        except ValidationError as problem:
            apply_service_errors(form, problem)
        else:
            messages.success(request, "The value has been saved")
            return redirect(
                "monitoring:objective-values", pk=scheme.pk, monitored_objective_id=objective.pk
            )
    return render(
        request,
        "monitoring/objective_values.html",
        {
            "scheme": scheme,
            "objective": objective,
            "measure": measure_words(scheme.scheme_type, indicator),
            "computed": computed,
            "rows": objective_values(objective, today),
            "form": form,
            "can_change": _open(scheme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_measure_view(
    request: AuthenticatedRequest, pk: int, monitored_objective_id: int
) -> HttpResponse:
    """How an objective is measured: entered monthly, or a count read from the
    activity log (the coordinator). Version-checked (409)."""
    objective = _objective(request, pk, monitored_objective_id)
    scheme = objective.scheme
    indicator = MonitoringIndicator.objects.filter(objective=objective).first()
    form = IndicatorForm(posted(request), scheme=scheme, indicator=indicator)
    page = {"scheme": scheme, "objective": objective}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            indicator_set(
                objective=objective,
                by=request.user,
                measure=data["measure"],
                outcome=data.get("outcome") or "",
                expected_version=data.get("version") or 0,
            )
        except StaleEditError:
            now = MonitoringIndicator.objects.filter(objective=objective).first()
            return render_conflict(
                request,
                "monitoring/objective_measure.html",
                page,
                make_form=lambda data: IndicatorForm(data, scheme=scheme, indicator=now),
                version=now.version if now else 0,
                saved=[("How it is measured", measure_words(scheme.scheme_type, now))],
                message=STALE_MEASURE,
            )
        except ValidationError as problem:
            apply_service_errors(form, problem)
        else:
            messages.success(request, "How the objective is measured has been saved")
            return redirect(
                "monitoring:objective-values", pk=scheme.pk, monitored_objective_id=objective.pk
            )
    return render(request, "monitoring/objective_measure.html", {**page, "form": form})


# --- evaluations ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def evaluations_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The scheme's evaluations: their periods and how far each has got (no free text,
    so everyone who may see the scheme may see the list)."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    from django.db.models import Count

    page = Paginator(
        Evaluation.objects.filter(scheme=scheme)
        .annotate(adjustment_count=Count("adjustments"))
        .order_by("-period_end", "-id"),
        PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/evaluations.html",
        {
            "scheme": scheme,
            "page": page,
            "show_people": can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id),
            "can_change": _open(scheme) and can(request.user, Permission.CHANGE, scheme.prison_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_add_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    today = timezone.localdate()
    form = EvaluationForm(posted(request), today=today)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = evaluation_create(
                scheme=scheme, by=request.user, today=today, **form.service_fields()
            )
        except ValidationError as problem:
            apply_service_errors(form, problem)
        else:
            messages.success(request, "The evaluation has been saved")
            return redirect("monitoring:evaluation", pk=scheme.pk, evaluation_id=evaluation.pk)
    return render(request, "monitoring/evaluation_form.html", {"form": form, "scheme": scheme})


@login_required
@require_http_methods(["GET"])
def evaluation_view(request: AuthenticatedRequest, pk: int, evaluation_id: int) -> HttpResponse:
    # Findings are free text and can name people: not for the analyst.
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW_PERSONAL)
    evaluation = get_object_or_404(Evaluation, pk=evaluation_id, scheme=scheme)
    adjustments = list(
        evaluation.adjustments.select_related(
            "action", "action__owner", "action__owner_stakeholder"
        )
    )
    return render(
        request,
        "monitoring/evaluation.html",
        {
            "scheme": scheme,
            "evaluation": evaluation,
            "questions": [
                line.strip() for line in evaluation.own_questions.splitlines() if line.strip()
            ],
            "findings": evaluation_findings(evaluation),
            "adjustments": adjustments,
            "can_change": _open(scheme) and can(request.user, Permission.CHANGE, scheme.prison_id),
        },
    )


def _saved_evaluation_rows(evaluation: Evaluation) -> list[tuple[str, str]]:
    return [
        ("Period", str(evaluation)),
        ("Your own questions", evaluation.own_questions or "None"),
        ("Method", evaluation.method),
        ("Has it worked as intended?", evaluation.worked_as_intended or "Not answered yet"),
        ("Has it run long enough?", evaluation.long_enough or "Not answered yet"),
        ("Other findings", evaluation.findings or "None"),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_change_view(
    request: AuthenticatedRequest, pk: int, evaluation_id: int
) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    evaluation = get_object_or_404(Evaluation, pk=evaluation_id, scheme=scheme)
    evaluation.scheme = scheme
    today = timezone.localdate()
    form = EvaluationForm(posted(request), instance=evaluation, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_update(
                evaluation=evaluation,
                by=request.user,
                expected_version=form.expected_version(),
                today=today,
                **form.service_fields(),
            )
        except StaleEditError:
            saved = get_object_or_404(Evaluation, pk=evaluation_id, scheme=scheme)
            saved.scheme = scheme
            return render_conflict(
                request,
                "monitoring/evaluation_form.html",
                {"scheme": scheme, "evaluation": saved},
                make_form=lambda data: EvaluationForm(data, instance=saved, today=today),
                version=saved.version,
                saved=_saved_evaluation_rows(saved),
                what="evaluation",
            )
        except ValidationError as problem:
            apply_service_errors(form, problem)
        else:
            messages.success(request, "The evaluation has been changed")
            return redirect("monitoring:evaluation", pk=scheme.pk, evaluation_id=evaluation.pk)
    return render(
        request,
        "monitoring/evaluation_form.html",
        {"form": form, "scheme": scheme, "evaluation": evaluation},
    )


@login_required
@require_http_methods(["GET", "POST"])
def adjustment_add_view(request: AuthenticatedRequest, pk: int, evaluation_id: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    evaluation = get_object_or_404(Evaluation, pk=evaluation_id, scheme=scheme)
    evaluation.scheme = scheme
    today = timezone.localdate()
    form = AdjustmentForm(posted(request), scheme=scheme, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            adjustment = adjustment_create(
                evaluation=evaluation,
                by=request.user,
                summary=data["summary"],
                changes_design=data["changes_design"],
                owner=data["owner"],
                due_date=data["due_date"],
                today=today,
            )
        except ValidationError as problem:
            apply_service_errors(form, problem)
        else:
            if adjustment.changes_design:
                messages.success(
                    request,
                    "The adjustment is now an action. It changes the design: amend the plan.",
                )
            else:
                messages.success(request, "The adjustment is now an action")
            return redirect("monitoring:evaluation", pk=scheme.pk, evaluation_id=evaluation.pk)
    return render(
        request,
        "monitoring/adjustment_form.html",
        {"form": form, "scheme": scheme, "evaluation": evaluation},
    )
