"""Check and submit, the governor's decision, the printable plan, plans awaiting approval."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import AuthenticatedRequest, Permission, prison_ids_where
from peersupport.http import require_http_methods

from .. import rules
from ..forms import PlanDecisionForm
from ..models import PlanApproval, PlanDecisionKind
from ..plan_summary import changes_since_return, plan_records
from ..selectors import plans_awaiting_approval
from ..services import plan_approve, plan_return, plan_submit
from .common import APPROVAL_TAG_COLOURS, PLANS_PER_PAGE, locked_response, plan_for_user

# --- check and submit -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_check_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme, plan = plan_for_user(request, pk, Permission.CHANGE)
    if not rules.plan_is_editable(plan):
        return locked_response(request, plan)
    problems: list[str] = []
    if request.method == "POST":
        try:
            plan_submit(plan=plan, by=request.user)
        except ValidationError as error:
            problems = error.messages
        else:
            return redirect("planning:submitted", pk=pk)
    records = plan_records(plan, timezone.localdate(), compare_with_version=True)
    return render(
        request,
        "planning/check.html",
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
    scheme, plan = plan_for_user(request, pk, Permission.CHANGE)
    if plan.approval != PlanApproval.SUBMITTED:
        return redirect("planning:index", pk=pk)
    return render(request, "planning/submitted.html", {"scheme": scheme, "plan": plan})


# --- the governor's decision ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_decision_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme, plan = plan_for_user(request, pk, Permission.APPROVE)
    # Bound on any POST: pressing the button without choosing is an error to show.
    form = PlanDecisionForm(request.POST if request.method == "POST" else None)
    if plan.is_amendment:
        form.fields["decision"].help_text = (
            f"Approving the amendment makes it version {plan.approved_version + 1} of the "
            f"plan; returning it leaves version {plan.approved_version} in force"
        )
    if request.method == "POST" and form.is_valid():
        today = timezone.localdate()
        try:
            if form.cleaned_data["decision"] == PlanDecisionKind.APPROVED:
                amendment = plan.is_amendment
                decision = plan_approve(plan=plan, by=request.user, today=today)
                message = (
                    f"You have approved the amendment: version {decision.version_number} of "
                    "the plan is now in force"
                    if amendment
                    else f"You have approved the plan: {scheme.name} is now recruiting"
                )
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
    records = plan_records(plan, timezone.localdate(), compare_with_version=True)
    awaiting = plan.approval == PlanApproval.SUBMITTED
    # The re-review: what the governor said when they last returned it, and what the
    # coordinator changed since.
    returned, changes = changes_since_return(records) if awaiting else (None, [])
    return render(
        request,
        "planning/decision.html",
        {
            "scheme": scheme,
            "plan": plan,
            "form": form,
            "records": records,
            "awaiting": awaiting,
            "returned": returned,
            "changes_since_return": changes,
            "plan_state": rules.plan_state_label(plan.approval, plan.approved_version),
            "approval_colour": rules.PLAN_STATE_COLOURS[
                rules.plan_state(plan.approval, plan.approved_version)
            ],
        },
    )


# --- the printable summary --------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def plan_print_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    # Stakeholders may be named people: the analyst, who sees no names, cannot print it.
    scheme, plan = plan_for_user(request, pk, Permission.VIEW_PERSONAL)
    return render(
        request,
        "planning/print.html",
        {
            "scheme": scheme,
            "plan": plan,
            "records": plan_records(plan, timezone.localdate()),
            "plan_state": rules.plan_state_label(plan.approval, plan.approved_version),
            "approval_colour": APPROVAL_TAG_COLOURS[PlanApproval(plan.approval)],
            "printed_on": timezone.localdate(),
        },
    )


# --- plans awaiting approval ------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def awaiting_approval_view(request: AuthenticatedRequest) -> HttpResponse:
    prison_ids = prison_ids_where(request.user, Permission.APPROVE)
    if prison_ids is not None and not prison_ids:
        raise PermissionDenied
    plans = plans_awaiting_approval(prison_ids)
    page = Paginator(plans, PLANS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "planning/awaiting_approval.html",
        {"page": page, "many_prisons": prison_ids is None or len(prison_ids) > 1},
    )
