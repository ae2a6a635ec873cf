"""Maintenance as the registry sees it: phase 3, "Maintain, support and resource the
scheme".

Registered in MaintenanceConfig.ready(). Shows the review cadence and the scheme's
actions on the overview, warns when a review or an action is overdue, adds review
meetings to the history, says which reviews and actions fall due (reminders) and
which make a scheme unhealthy (dashboards).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.db.models import Count, Max, QuerySet
from django.urls import reverse

from accounts.models import Membership, Role
from peersupport.words import plural
from schemes.counting import Figure, as_date, figures_per_scheme
from schemes.models import Action, ActionStatus, Scheme, SchemeStatus
from schemes.overview import months, task
from schemes.phases import (
    DueItem,
    Evidence,
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
from .rules import ReviewFacts, next_review_due, review_evidence
from .selectors import review_due

CHECKLIST = (
    "Check ongoing communication routes / training / support for peer supporters and staff.",
    "Plan future recruitment, resources and need",
    "Involve staff and peer supporters and stakeholders in ongoing development",
)


def overview(context: OverviewContext) -> PhaseOverview:
    """The review cadence and the actions, with warnings for what is overdue. One query
    (``schemes.counting``): the latest review and the action counts."""
    scheme, today = context.scheme, context.today
    counts = figures_per_scheme(
        [scheme.pk],
        {
            "last_review": Figure(ReviewMeeting, value="MAX({held_on})", convert=as_date),
            "open": Figure(Action, "{status} = %s", [ActionStatus.OPEN.value]),
            "overdue": Figure(
                Action,
                "{status} = %s AND {due_date} < %s",
                [ActionStatus.OPEN.value, today],
            ),
        },
    )[scheme.pk]
    due = review_due(scheme, counts["last_review"], today)
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
        notices.append(
            Notice(
                "warning",
                f"{plural(counts['overdue'], 'action')} overdue.",
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


def _review_items(schemes: Iterable[Scheme], day: date) -> Iterable[DueItem]:
    """Review meetings due on or before ``day`` at ``schemes`` (each annotated with
    ``last_review``), for the coordinators of their prison. One query."""
    schemes = list(schemes)
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


def _action_items(actions: QuerySet[Action]) -> Iterable[DueItem]:
    """Open actions, for their owners. One query."""
    for action in actions.select_related("scheme").order_by("due_date", "pk"):
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


def _reviewed() -> QuerySet[Scheme]:
    """Schemes that hold review meetings (running, with a cadence), with their last."""
    return (
        Scheme.objects.exclude(status__in=[SchemeStatus.PLANNING, SchemeStatus.CLOSED])
        .filter(review_cadence_months__isnull=False)
        .annotate(last_review=Max("reviews__held_on"))
    )


def _open_by(day: date) -> QuerySet[Action]:
    # A closed scheme is read-only: its open actions can no longer be done.
    return Action.objects.filter(status=ActionStatus.OPEN, due_date__lte=day).exclude(
        scheme__status=SchemeStatus.CLOSED
    )


def due(day: date) -> Iterable[DueItem]:
    """Review meetings due on or before ``day`` (for the coordinators of the prison)
    and open actions due by then (for their owners). Three queries, estate-wide."""
    yield from _review_items(_reviewed(), day)
    yield from _action_items(_open_by(day))


def due_many(schemes: Sequence[Scheme], day: date) -> Iterable[DueItem]:
    """``due`` at these schemes only. Three queries."""
    ids = [scheme.pk for scheme in schemes]
    yield from _review_items(_reviewed().filter(pk__in=ids), day)
    yield from _action_items(_open_by(day).filter(scheme_id__in=ids))


def health_many(schemes: Sequence[Scheme], today: date) -> dict[int, list[HealthSignal]]:
    """An overdue review meeting (red) and overdue actions (amber). Two grouped
    queries (at the national dashboard's 800 schemes, faster than one query with a
    correlated subquery per scheme)."""
    ids = [scheme.pk for scheme in schemes]
    last = dict(
        ReviewMeeting.objects.filter(scheme_id__in=ids)
        .order_by()
        .values("scheme_id")
        .annotate(last=Max("held_on"))
        .values_list("scheme_id", "last")
    )
    overdue = dict(
        Action.objects.filter(scheme_id__in=ids, status=ActionStatus.OPEN, due_date__lt=today)
        .order_by()
        .values("scheme_id")
        .annotate(count=Count("id"))
        .values_list("scheme_id", "count")
    )
    signals: dict[int, list[HealthSignal]] = {}
    for scheme in schemes:
        found = signals.setdefault(scheme.pk, [])
        due = review_due(scheme, last.get(scheme.pk), today)
        if due.overdue and due.due is not None:
            found.append(HealthSignal("red", f"The review meeting was due on {due.due:%-d %B %Y}"))
        count = overdue.get(scheme.pk, 0)
        if count:
            found.append(HealthSignal("amber", f"{plural(count, 'action')} overdue"))
    return signals


def health(scheme: Scheme, today: date) -> Iterable[HealthSignal]:
    """``health_many`` for one scheme."""
    return health_many([scheme], today).get(scheme.pk, [])


def evidence_many(schemes: Sequence[Scheme], day: date) -> dict[int, list[Evidence]]:
    """The self-assessment of the three maintenance items, from each running scheme's
    review meetings (a scheme in planning is not judged on them yet). One query."""
    running = [
        scheme
        for scheme in schemes
        if scheme.status != SchemeStatus.PLANNING and scheme.launched_on is not None
    ]
    reviews: dict[int, list[ReviewFacts]] = {}
    for review in (
        ReviewMeeting.objects.filter(scheme_id__in=[scheme.pk for scheme in running])
        .annotate(
            staff=Count("staff_attendees", distinct=True),
            stakeholders=Count("stakeholder_attendees", distinct=True),
        )
        .order_by("-held_on", "-id")
    ):
        reviews.setdefault(review.scheme_id, []).append(
            ReviewFacts(
                held_on=review.held_on,
                communication=bool(review.communication_routes.strip()),
                training=bool(review.training_and_support.strip()),
                recruitment=bool(review.future_recruitment.strip()),
                resources=bool(review.resources_and_need.strip()),
                involvement=bool(review.involvement.strip()),
                staff=review.staff,
                stakeholders=review.stakeholders,
                peer_supporters=review.peer_supporters_attending,
            )
        )
    found: dict[int, list[Evidence]] = {}
    for scheme in running:
        held = reviews.get(scheme.pk, [])
        due = review_due(scheme, held[0].held_on if held else None, day)
        href = reverse("maintenance:index", args=[scheme.pk])
        found[scheme.pk] = [
            Evidence(item, rating, words, href)
            for item, (rating, words) in zip(
                CHECKLIST, review_evidence(held, overdue=due.overdue), strict=True
            )
        ]
    return found


def evidence(scheme: Scheme, day: date) -> Iterable[Evidence]:
    """``evidence_many`` for one scheme."""
    return evidence_many([scheme], day).get(scheme.pk, [])


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
    evidence=evidence,
    health_many=health_many,
    evidence_many=evidence_many,
    due_many=due_many,
)
