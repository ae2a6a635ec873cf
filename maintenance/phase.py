"""Maintenance as the registry sees it: phase 3, "Maintain, support and resource the
scheme".

Registered in MaintenanceConfig.ready(). Shows the review cadence and the scheme's
actions on the overview, warns when a review or an action is overdue, adds review
meetings to the history, says which reviews and actions fall due (reminders) and
which make a scheme unhealthy (dashboards).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Max, Q
from django.urls import reverse

from accounts.models import Membership, Role
from schemes.models import Action, ActionStatus, Scheme, SchemeStatus
from schemes.overview import months, task
from schemes.phases import (
    DueItem,
    HealthSignal,
    HistoryEvent,
    Notice,
    OverviewContext,
    Phase,
    PhaseOverview,
    Task,
)
from schemes.rules import TaskStatus

from .models import ReviewMeeting
from .rules import next_review_due
from .selectors import last_review_on, review_due

CHECKLIST = (
    "Check ongoing communication routes / training / support for peer supporters and staff.",
    "Plan future recruitment, resources and need",
    "Involve staff and peer supporters and stakeholders in ongoing development",
)


def overview(context: OverviewContext) -> PhaseOverview:
    """The review cadence and the actions, with warnings for what is overdue. Two
    queries: the latest review, the action counts."""
    scheme, today = context.scheme, context.today
    due = review_due(scheme, last_review_on(scheme), today)
    counts = Action.objects.filter(scheme=scheme).aggregate(
        open=Count("id", filter=Q(status=ActionStatus.OPEN)),
        overdue=Count("id", filter=Q(status=ActionStatus.OPEN, due_date__lt=today)),
    )
    href = reverse("maintenance:index", args=[scheme.pk]) if context.may_see_people else None
    cadence = scheme.review_cadence_months
    title = (
        f"Review the scheme every {months(cadence)}" if cadence else "Review the scheme regularly"
    )
    if scheme.status == SchemeStatus.PLANNING:
        review_task = task(title, TaskStatus.CANNOT_START, None, hint=due.why_none)
    else:
        review_task = Task(
            title=title,
            status=due.tag.text if due.tag else "No date yet",
            colour=due.tag.colour if due.tag else "grey",
            href=href,
            hint=f"Next review due {due.due:%-d %B %Y}" if due.due else due.why_none,
        )
    actions_task = Task(
        title="Actions from reviews and decisions",
        status=f"{counts['overdue']} overdue" if counts["overdue"] else f"{counts['open']} to do",
        colour="red" if counts["overdue"] else ("blue" if counts["open"] else ""),
        href=href,
    )
    notices: list[Notice] = []
    if due.overdue and due.due is not None:
        notices.append(Notice("warning", f"The review meeting was due on {due.due:%-d %B %Y}."))
    if counts["overdue"] and href is not None:
        plural = "" if counts["overdue"] == 1 else "s"
        notices.append(
            Notice(
                "warning",
                f"{counts['overdue']} action{plural} overdue.",
                link=(href, "See the actions"),
            )
        )
    return PhaseOverview(tasks=[review_task, actions_task], notices=notices)


def history(scheme: Scheme) -> Iterable[HistoryEvent]:
    """Every review meeting. One query."""
    for review in ReviewMeeting.objects.filter(scheme=scheme).select_related("recorded_by"):
        yield HistoryEvent(
            title="Review meeting held",
            at=review.held_on,
            sort_key=(review.held_on, review.created_at),
            by=review.recorded_by.display_name if review.recorded_by else None,
            summary="A review under the guidance's maintenance headings",
            details=[("Decisions", review.decisions)],
            link=(
                reverse("maintenance:review-detail", args=[scheme.pk, review.pk]),
                f"View the review meeting of {review.held_on:%-d %B %Y}",
            ),
        )


def due(day: date) -> Iterable[DueItem]:
    """Review meetings due on or before ``day`` (for the coordinators of the prison)
    and open actions due by then (for their owners). Three queries, estate-wide."""
    schemes = list(
        Scheme.objects.exclude(status__in=[SchemeStatus.PLANNING, SchemeStatus.CLOSED])
        .filter(review_cadence_months__isnull=False)
        .annotate(last_review=Max("reviews__held_on"))
    )
    coordinators: dict[int, list[int]] = {}
    for user_id, prison_id in Membership.objects.filter(
        role=Role.COORDINATOR, prison_id__in={scheme.prison_id for scheme in schemes}
    ).values_list("user_id", "prison_id"):
        coordinators.setdefault(prison_id, []).append(user_id)
    for scheme in schemes:
        next_due = next_review_due(
            cadence_months=scheme.review_cadence_months,
            last_review_on=scheme.last_review,  # type: ignore[attr-defined]
            launched_on=scheme.launched_on,
        )
        if next_due is not None and next_due <= day:
            yield DueItem(
                kind="review-meeting",
                record_id=scheme.pk,
                scheme_id=scheme.pk,
                user_ids=tuple(sorted(coordinators.get(scheme.prison_id, []))),
                due=next_due,
                title=f"Hold the review meeting of {scheme.name}",
                href=reverse("maintenance:review-add", args=[scheme.pk]),
            )
    # A closed scheme is read-only: its open actions can no longer be done.
    open_actions = Action.objects.filter(status=ActionStatus.OPEN, due_date__lte=day).exclude(
        scheme__status=SchemeStatus.CLOSED
    )
    for action in open_actions.select_related("scheme").order_by("due_date", "pk"):
        # A stakeholder (the partner charity) has no account: the scheme's coordinator
        # is reminded to chase them.
        owner_id = action.owner_id or action.scheme.coordinator_id
        yield DueItem(
            kind="action",
            record_id=action.pk,
            scheme_id=action.scheme_id,
            user_ids=(owner_id,) if owner_id is not None else (),
            due=action.due_date,
            title=str(action),
            href=reverse("schemes:action-change", args=[action.scheme_id, action.pk]),
        )


def health(scheme: Scheme, today: date) -> Iterable[HealthSignal]:
    """An overdue review meeting (red) and overdue actions (amber)."""
    due = review_due(scheme, last_review_on(scheme), today)
    if due.overdue and due.due is not None:
        yield HealthSignal("red", f"The review meeting was due on {due.due:%-d %B %Y}")
    overdue = Action.objects.filter(
        scheme=scheme, status=ActionStatus.OPEN, due_date__lt=today
    ).count()
    if overdue:
        yield HealthSignal("amber", f"{overdue} action{'' if overdue == 1 else 's'} overdue")


MAINTENANCE = Phase(
    number=3,
    slug="maintenance",
    title="Maintain, support and resource the scheme",
    summary=(
        "Check ongoing communication routes / training / support for peer supporters "
        "and staff. Plan future recruitment, resources and need. Involve staff and peer "
        "supporters and stakeholders in ongoing development."
    ),
    checklist=CHECKLIST,
    nav=("Maintenance", "maintenance:index"),
    overview=overview,
    history=history,
    due=due,
    health=health,
)
