"""Maintaining a scheme: review meetings, actions, the lifecycle's moves and the history.

"Maintain, support and resource the scheme" in the guidance. Every view asks
get_scheme_for_user first; people's names show only to users who may see them
(Action.VIEW_PERSONAL), never to the national analyst.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.access import Action as Permission
from accounts.access import AuthenticatedRequest, can, prison_ids_where, roles_by_prison
from accounts.models import User

from .. import lifecycle
from ..forms.maintenance import (
    ActionFilterForm,
    ActionForm,
    ReviewMeetingForm,
    StatusChangeForm,
    apply_service_errors,
)
from ..models import (
    Action,
    ActionSource,
    ActionStatus,
    Plan,
    PlanDecision,
    PlanDecisionKind,
    ReviewMeeting,
    Scheme,
    SchemeStatus,
    SchemeTransition,
)
from ..overview import ActionRow, action_rows, action_tag, review_due
from ..selectors import get_scheme_for_user
from ..services.lifecycle import scheme_transition
from ..services.maintenance import action_create, action_update, review_record
from ..services.versioning import StaleEditError

ACTIONS_PER_PAGE = 25
RECENT_REVIEWS = 5


@login_required
@require_http_methods(["GET"])
def maintenance_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    today = timezone.localdate()
    show_people = can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id)
    reviews = ReviewMeeting.objects.filter(scheme=scheme)
    review_totals = reviews.aggregate(count=Count("id"), last=Max("held_on"))
    recent_reviews = reviews.annotate(
        staff_count=Count("staff_attendees", distinct=True),
        stakeholder_count=Count("stakeholder_attendees", distinct=True),
        action_count=Count("actions", distinct=True),
    ).order_by("-held_on", "-id")[:RECENT_REVIEWS]
    actions = Action.objects.filter(scheme=scheme)
    action_totals = actions.aggregate(
        open=Count("id", filter=Q(status=ActionStatus.OPEN)),
        overdue=Count("id", filter=Q(status=ActionStatus.OPEN, due_date__lt=today)),
        done=Count("id", filter=Q(status=ActionStatus.DONE)),
    )
    page = None
    rows: list[ActionRow] = []
    if show_people:
        # Descriptions and owners can name people: only for those who may see them.
        page = Paginator(
            actions.select_related("owner").overdue_first(today), ACTIONS_PER_PAGE
        ).get_page(request.GET.get("page"))
        for action in page:
            action.scheme = scheme
        rows = action_rows(page, request.user, today)
    return render(
        request,
        "schemes/maintenance/index.html",
        {
            "scheme": scheme,
            "today": today,
            "review_due": review_due(scheme, review_totals["last"], today),
            "review_count": review_totals["count"],
            "last_review_on": review_totals["last"],
            "recent_reviews": list(recent_reviews),
            "action_totals": action_totals,
            "page": page,
            "rows": rows,
            "show_people": show_people,
            "can_change": can(request.user, Permission.CHANGE, scheme.prison_id),
        },
    )


# --- review meetings -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def review_add_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    today = timezone.localdate()
    form = ReviewMeetingForm(_posted(request), scheme=scheme, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            review = review_record(
                scheme=scheme, by=request.user, today=today, **form.service_fields()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The review meeting has been recorded")
            return redirect("schemes:review-detail", pk=scheme.pk, review_id=review.pk)
    return render(request, "schemes/maintenance/review_form.html", {"form": form, "scheme": scheme})


@login_required
@require_http_methods(["GET"])
def review_detail_view(request: AuthenticatedRequest, pk: int, review_id: int) -> HttpResponse:
    # The meeting names who attended: only for those who may see people.
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW_PERSONAL)
    review = get_object_or_404(
        ReviewMeeting.objects.select_related("recorded_by").prefetch_related(
            "staff_attendees", "stakeholder_attendees"
        ),
        pk=review_id,
        scheme=scheme,
    )
    today = timezone.localdate()
    actions = list(
        Action.objects.filter(review=review).select_related("owner").overdue_first(today)
    )
    for action in actions:
        action.scheme = scheme
    return render(
        request,
        "schemes/maintenance/review_detail.html",
        {
            "scheme": scheme,
            "review": review,
            "rows": action_rows(actions, request.user, today),
            "can_change": can(request.user, Permission.CHANGE, scheme.prison_id),
        },
    )


# --- actions -------------------------------------------------------------------------


def _review_from_query(request: AuthenticatedRequest, scheme: Scheme) -> ReviewMeeting | None:
    """The review meeting named by ``?review=<id>``: one of this scheme's, or a 404."""
    review_id = request.GET.get("review")
    if not review_id:
        return None
    if not review_id.isdigit():
        raise Http404("No such review meeting")
    return get_object_or_404(ReviewMeeting, pk=int(review_id), scheme=scheme)


@login_required
@require_http_methods(["GET", "POST"])
def action_add_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    review = _review_from_query(request, scheme)
    form = ActionForm(_posted(request), scheme=scheme)
    if request.method == "POST" and form.is_valid():
        try:
            action_create(
                scheme=scheme,
                by=request.user,
                description=form.cleaned_data["description"],
                owner=form.cleaned_data["owner"],
                due_date=form.cleaned_data["due_date"],
                source=ActionSource.REVIEW if review else ActionSource.OTHER,
                review=review,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The action has been added")
            if review is not None:
                return redirect("schemes:review-detail", pk=scheme.pk, review_id=review.pk)
            return redirect("schemes:maintenance", pk=scheme.pk)
    return render(
        request,
        "schemes/maintenance/action_form.html",
        {"form": form, "scheme": scheme, "review": review, "action": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_change_view(request: AuthenticatedRequest, pk: int, action_id: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    action = get_object_or_404(Action.objects.select_related("owner"), pk=action_id, scheme=scheme)
    action.scheme = scheme
    form = ActionForm(_posted(request), scheme=scheme, action=action)
    if request.method == "POST" and form.is_valid():
        done = form.cleaned_data["status"] == ActionStatus.DONE
        try:
            action_update(
                action=action,
                expected_version=form.cleaned_data["version"] or 0,
                today=timezone.localdate(),
                description=form.cleaned_data["description"],
                owner=form.cleaned_data["owner"],
                due_date=form.cleaned_data["due_date"],
                done=done,
            )
        except StaleEditError:
            return _render_stale_action(request, scheme, action_id)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                "The action has been marked as done" if done else "The action has been saved",
            )
            return redirect("schemes:maintenance", pk=scheme.pk)
    return render(
        request,
        "schemes/maintenance/action_form.html",
        {"form": form, "scheme": scheme, "review": None, "action": action},
    )


def _render_stale_action(
    request: AuthenticatedRequest, scheme: Scheme, action_id: int
) -> HttpResponse:
    """Somebody saved the action after this user opened the form.

    As for the scheme record: nothing is overwritten, what they typed comes back with
    an error, the values saved now beside it, and the new version, so that saving
    again is a deliberate choice.
    """
    saved = get_object_or_404(Action.objects.select_related("owner"), pk=action_id, scheme=scheme)
    saved.scheme = scheme
    data = request.POST.copy()
    data["version"] = str(saved.version)
    form = ActionForm(data, scheme=scheme, action=saved)
    form.is_valid()
    form.add_error(
        None,
        "Somebody else changed this action after you opened this page. Your changes "
        "have not been saved. Check what is saved now, then save your changes again.",
    )
    return render(
        request,
        "schemes/maintenance/action_form.html",
        {
            "form": form,
            "scheme": scheme,
            "review": None,
            "action": saved,
            "saved_action": saved,
            "saved_tag": action_tag(saved, timezone.localdate()),
        },
        status=409,
    )


# --- the lifecycle -------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """A lifecycle move as the pages word it."""

    title: str  # the button and the confirmation page's heading
    verb: str  # "Why are you <verb> the scheme?"
    done: str  # the success banner
    history: str  # the history's entry


def move_wording(from_status: str, to_status: str) -> Move:
    S = SchemeStatus
    if to_status == S.CLOSED:
        return Move("Close the scheme", "closing", "The scheme has been closed", "Scheme closed")
    if to_status == S.PAUSED:
        return Move("Pause the scheme", "pausing", "The scheme has been paused", "Scheme paused")
    if to_status == S.RECRUITING:
        return Move(
            lifecycle.TRANSITION_NAMES[(S.PLANNING, S.RECRUITING)],
            "approving",
            "The plan has been approved",
            "Recruiting started: plan approved",
        )
    if from_status == S.PAUSED:
        return Move(
            "Restart the scheme", "restarting", "The scheme has been restarted", "Scheme restarted"
        )
    return Move(
        "Start running the scheme",
        "starting",
        "The scheme is now running",
        "Scheme started running",
    )


def _permission_to_move_to(to_status: str) -> Permission:
    """The permission a move to ``to_status`` needs, whatever the scheme's status now.

    Every target but recruiting needs one permission from any status (lifecycle's
    table). Recruiting starts only when a governor approves the plan (the planning
    pages), so this page does not offer it: an unknown target is a 404.
    """
    needed = {
        permission
        for (_, to), permission in lifecycle.TRANSITIONS.items()
        if to == to_status and to != SchemeStatus.RECRUITING
    }
    if len(needed) != 1:
        raise Http404("No such status change")
    return needed.pop()


@dataclass(frozen=True)
class StatusMove:
    """A lifecycle move the user may make now, as a button."""

    to_status: str
    title: str
    warning: bool


def status_moves(user: User, scheme: Scheme) -> list[StatusMove]:
    """The moves ``user`` may make to ``scheme`` now (no queries: roles are cached)."""
    return [
        StatusMove(to, move_wording(scheme.status, to).title, to == SchemeStatus.CLOSED)
        for to in lifecycle.moves_from(scheme.status)
        if to != SchemeStatus.RECRUITING
        and can(user, lifecycle.TRANSITIONS[(scheme.status, to)], scheme.prison_id)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def status_change_view(request: AuthenticatedRequest, pk: int, to_status: str) -> HttpResponse:
    """Confirm a lifecycle move, with a reason; the service makes and records it.

    Answers 404 for an unknown target, 403 for a user who may never make a move to it,
    and 404 for a move the scheme's status does not allow now; a POST for such a move
    (from a page opened before somebody else changed the status) gets 409 and says so.
    """
    permission = _permission_to_move_to(to_status)
    scheme = get_scheme_for_user(request.user, pk, permission)
    move = (scheme.status, to_status)
    possible = move in lifecycle.TRANSITIONS
    if not possible and request.method == "GET":
        raise Http404("The scheme cannot make that move now")
    wording = move_wording(*move)
    form = StatusChangeForm(
        # An impossible move's page shows only why (bound, so it can carry the error).
        _posted(request) if possible else {},
        verb=wording.verb,
        reason_required=possible and move in lifecycle.REASON_REQUIRED,
        button=wording.title,
        warning=to_status == SchemeStatus.CLOSED,
    )
    status = 200
    if not possible:
        form.is_valid()
        form.add_error(
            None,
            f"The scheme is {scheme.get_status_display().lower()} now, so you cannot do "
            "this. Somebody may have changed its status after you opened this page.",
        )
        status = 409
    elif request.method == "POST" and form.is_valid():
        try:
            scheme_transition(
                scheme=scheme,
                to_status=to_status,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, wording.done)
            return redirect("schemes:history", pk=scheme.pk)
    return render(
        request,
        "schemes/maintenance/status_change.html",
        {
            "form": form,
            "scheme": scheme,
            "wording": wording,
            "possible": possible,
            "closing": to_status == SchemeStatus.CLOSED,
            "typed_reason": request.POST.get("reason", ""),
        },
        status=status,
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


# --- the actions of the user's prisons -----------------------------------------------


@login_required
@require_http_methods(["GET"])
def action_list_view(request: AuthenticatedRequest) -> HttpResponse:
    """Every action of the schemes at the user's prisons, overdue first.

    Actions name their owners, so the list needs Action.VIEW_PERSONAL: a user whose
    roles never allow that (the national analyst) is refused; a user with no role at
    all (an administrator) sees an empty list.
    """
    prison_ids = prison_ids_where(request.user, Permission.VIEW_PERSONAL)
    if prison_ids is not None and not prison_ids and roles_by_prison(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    filters = ActionFilterForm(request.GET or None)
    actions = Action.objects.select_related("scheme__prison", "owner")
    if prison_ids is not None:
        actions = actions.filter(scheme__prison_id__in=prison_ids)
    if filters.only_mine():
        actions = actions.filter(owner=request.user)
    page = Paginator(actions.overdue_first(today), ACTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    count = page.paginator.count
    caption = f"{count} action{'' if count == 1 else 's'}"
    if page.has_other_pages():
        caption += f", showing {page.start_index()} to {page.end_index()}"
    return render(
        request,
        "actions/list.html",
        {
            "filters": filters,
            "page": page,
            "caption": caption,
            "rows": action_rows(page, request.user, today),
            "filter_query": query.urlencode(),
            "no_prison": prison_ids is not None and not prison_ids,
        },
    )


def _posted(request: AuthenticatedRequest) -> Any:
    """The POST data on a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None
