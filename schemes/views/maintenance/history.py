"""The scheme's history as an MoJ timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts.access import Action as Permission
from accounts.access import AuthenticatedRequest, can
from accounts.models import User
from peersupport.http import require_http_methods

from ...models import (
    Plan,
    PlanDecision,
    PlanDecisionKind,
    ReviewMeeting,
    Scheme,
    SchemeTransition,
)
from ...selectors import get_scheme_for_user
from .status import (
    move_wording,
    status_moves,
)

# --- the history ---------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEvent:
    """One entry on the scheme's timeline.

    ``summary`` never names a person and is shown to everyone who may see the scheme;
    ``by``, ``details`` and ``link`` only to those who may see people (reasons and
    decisions are free text, which can name prisoners).
    """

    title: str
    at: datetime | date
    sort_key: tuple[date, datetime]
    by: User | None = None
    summary: str = ""
    details: list[tuple[str, str]] = field(default_factory=list)
    link: tuple[str, str] | None = None

    @property
    def has_time(self) -> bool:
        return isinstance(self.at, datetime)


def _key(moment: datetime) -> tuple[date, datetime]:
    return (timezone.localdate(moment), moment)


def scheme_history(scheme: Scheme) -> list[HistoryEvent]:
    """Everything that happened to the scheme, newest first. Five queries, whatever
    the number of events: the creator, moves, the plan, its decisions, the reviews."""
    events: list[HistoryEvent] = []
    creator = User.objects.filter(pk=scheme.created_by_id).first() if scheme.created_by_id else None
    events.append(
        HistoryEvent(
            title="Scheme created",
            at=scheme.created_at,
            sort_key=_key(scheme.created_at),
            by=creator,
            summary="Planning started",
        )
    )
    for move in SchemeTransition.objects.filter(scheme=scheme).select_related("by"):
        details = [("Reason", move.reason)] if move.reason else []
        events.append(
            HistoryEvent(
                title=move_wording(move.from_status, move.to_status).history,
                at=move.at,
                sort_key=_key(move.at),
                by=move.by,
                summary=(
                    f"Status changed from {move.get_from_status_display().lower()} "
                    f"to {move.get_to_status_display().lower()}"
                ),
                details=details,
            )
        )
    plan = Plan.objects.filter(scheme=scheme).select_related("submitted_by").first()
    if plan is not None and plan.submitted_at is not None:
        events.append(
            HistoryEvent(
                title="Plan submitted for approval",
                at=plan.submitted_at,
                sort_key=_key(plan.submitted_at),
                by=plan.submitted_by,
                summary="Sent to the prison's governors",
            )
        )
    for decision in PlanDecision.objects.filter(plan__scheme=scheme).select_related("decided_by"):
        returned = decision.decision == PlanDecisionKind.RETURNED
        events.append(
            HistoryEvent(
                title="Plan returned" if returned else "Plan approved",
                at=decision.decided_at,
                sort_key=_key(decision.decided_at),
                by=decision.decided_by,
                summary=(
                    "The governor returned the plan to the coordinator with a reason"
                    if returned
                    else "The governor approved the plan"
                ),
                details=[("Reason", decision.reason)] if returned else [],
            )
        )
    for review in ReviewMeeting.objects.filter(scheme=scheme).select_related("recorded_by"):
        events.append(
            HistoryEvent(
                title="Review meeting held",
                at=review.held_on,
                sort_key=(review.held_on, review.created_at),
                by=review.recorded_by,
                summary="A review under the guidance's maintenance headings",
                details=[("Decisions", review.decisions)],
                link=(
                    reverse("schemes:review-detail", args=[scheme.pk, review.pk]),
                    f"View the review meeting of {review.held_on:%-d %B %Y}",
                ),
            )
        )
    events.sort(key=lambda event: event.sort_key, reverse=True)
    return events


@login_required
@require_http_methods(["GET"])
def history_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    return render(
        request,
        "schemes/maintenance/history.html",
        {
            "scheme": scheme,
            "events": scheme_history(scheme),
            "moves": status_moves(request.user, scheme),
            "show_people": can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id),
        },
    )
