"""What every planning page shares: wording, the access check, version handling."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect

from accounts.access import AuthenticatedRequest, Permission
from schemes.models import Scheme
from schemes.selectors import get_scheme_for_user

from ..models import Plan, PlanApproval, PlanTask
from ..selectors import get_plan

PLANS_PER_PAGE = 25

APPROVAL_TAG_COLOURS = {
    PlanApproval.DRAFT: "grey",
    PlanApproval.SUBMITTED: "blue",
    PlanApproval.RETURNED: "red",
    PlanApproval.APPROVED: "green",
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
    PlanApproval.APPROVED: "The plan has been approved, so it cannot be changed unless you "
    "amend it.",
}

STALE_MESSAGE = (
    "Somebody else changed this plan after you opened this page. Your changes have not "
    "been saved. Check what is saved now, then save your changes again."
)


def plan_for_user(
    request: AuthenticatedRequest, pk: int, action: Permission
) -> tuple[Scheme, Plan]:
    """The one access check of a planning page, and the scheme's plan."""
    scheme = get_scheme_for_user(request.user, pk, action)
    return scheme, get_plan(scheme)


def locked_response(
    request: AuthenticatedRequest, plan: Plan, task: str | None = None
) -> HttpResponse:
    """A plan that cannot change now: to the task's answers, read-only (or the
    checklist), saying why."""
    message = LOCKED_MESSAGES.get(plan.approval, LOCKED_MESSAGES[PlanApproval.APPROVED])
    messages.info(request, message)
    if task is not None:
        return redirect("planning:answers", pk=plan.scheme_id, task=task)
    return redirect("planning:index", pk=plan.scheme_id)


def with_version(data: QueryDict, version: int) -> QueryDict:
    data = data.copy()
    data["version"] = str(version)
    return data
