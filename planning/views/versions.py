"""Amending an approved plan, and each approved version of the plan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import AuthenticatedRequest, Permission
from peersupport.http import require_http_methods
from schemes.services.versioning import StaleEditError

from .. import rules
from ..models import PlanDecision, PlanDecisionKind
from ..plan_summary import contents_records
from ..services import plan_amendment_start
from ..versions import snapshot_contents
from .common import STALE_MESSAGE, plan_for_user


@login_required
@require_http_methods(["GET", "POST"])
def plan_amend_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Start amending the approved plan: a confirmation page, then the checklist."""
    scheme, plan = plan_for_user(request, pk, Permission.CHANGE)
    problems = rules.amendment_problems(plan, scheme.status)
    status = 200
    if request.method == "POST" and not problems:
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = 0
        try:
            plan_amendment_start(plan=plan, by=request.user, expected_version=version)
        except ValidationError as error:
            problems = error.messages
        except StaleEditError:
            problems, status = [STALE_MESSAGE], 409
            plan.refresh_from_db()
        else:
            messages.success(
                request,
                f"You are amending the plan. Approved version {plan.approved_version} stays "
                "in force until a governor approves the amendment.",
            )
            return redirect("planning:index", pk=pk)
    return render(
        request,
        "planning/amend.html",
        {
            "scheme": scheme,
            "plan": plan,
            "problems": problems,
            "can_start": not rules.amendment_problems(plan, scheme.status),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def plan_version_view(request: AuthenticatedRequest, pk: int, number: int) -> HttpResponse:
    """An approved version of the plan, as it was approved, to read and print."""
    scheme, plan = plan_for_user(request, pk, Permission.VIEW_PERSONAL)
    approval = (
        PlanDecision.objects.filter(
            plan=plan,
            decision=PlanDecisionKind.APPROVED,
            version_number=number,
            submission__isnull=False,
        )
        .select_related("decided_by", "submission__submitted_by")
        .first()
    )
    if approval is None or approval.submission is None:
        raise Http404("No such version of the plan")
    records = contents_records(snapshot_contents(approval.submission.answers, scheme))
    return render(
        request,
        "planning/version.html",
        {
            "scheme": scheme,
            "plan": plan,
            "approval": approval,
            "submission": approval.submission,
            "records": records,
            "in_force": number == plan.approved_version,
            "printed_on": timezone.localdate(),
        },
    )
