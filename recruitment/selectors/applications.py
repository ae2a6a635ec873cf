"""Reads for recruitment rounds, applications and the waitlist. Each runs a fixed
number of queries, whatever the number of rounds or applications."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from accounts.models import AuditAction, AuditEvent
from schemes.models import Scheme

from ..models import (
    LIVE_APPLICATION,
    Application,
    ApplicationStatus,
    DecisionReason,
    RecruitmentRound,
)

PENDING = (ApplicationStatus.APPLIED, ApplicationStatus.SHORTLISTED, ApplicationStatus.ASSESSED)


def rounds_with_counts(scheme: Scheme) -> QuerySet[RecruitmentRound]:
    """The scheme's rounds, newest first, each with its applications counted in the
    same query (``application_count``, ``live_count``, ``approved_count``)."""
    return (
        RecruitmentRound.objects.filter(scheme=scheme)
        .annotate(
            application_count=Count("applications"),
            live_count=Count("applications", filter=Q(applications__status__in=LIVE_APPLICATION)),
            approved_count=Count(
                "applications", filter=Q(applications__status=ApplicationStatus.APPROVED)
            ),
        )
        .order_by("-opens_on", "-id")
    )


def status_counts(
    applications: QuerySet[Application], statuses: Sequence[str] = tuple(ApplicationStatus)
) -> list[tuple[str, int]]:
    """How many applications are in each of ``statuses`` (by default every one), by its
    label, each listed even when none are (one query)."""
    return status_labels(status_numbers(applications), statuses)


def status_numbers(applications: QuerySet[Application]) -> dict[str, int]:
    """How many applications are in each status, by status (those with none left out;
    one query)."""
    return dict(
        applications.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )


def status_labels(numbers: dict[str, int], statuses: Sequence[str]) -> list[tuple[str, int]]:
    """``numbers`` for ``statuses``, by label, each listed even when none are."""
    return [(str(ApplicationStatus(s).label), numbers.get(s, 0)) for s in statuses]


def application_list(
    scheme: Scheme, *, status: str = "", round_id: int | None = None
) -> QuerySet[Application]:
    """The scheme's applications, newest first, with the prisoner and round joined."""
    applications = Application.objects.filter(scheme=scheme).select_related("prisoner", "round")
    if status:
        applications = applications.filter(status=status)
    if round_id is not None:
        applications = applications.filter(round_id=round_id)
    return applications.order_by("-applied_on", "-id")


def waitlist(scheme: Scheme) -> QuerySet[Application]:
    """Approved applications waiting for a place: first approved, first placed (then by
    when they applied)."""
    return (
        Application.objects.filter(scheme=scheme, status=ApplicationStatus.APPROVED)
        .select_related("prisoner", "round")
        .order_by("decided_on", "applied_on", "id")
    )


def pending_applications(scheme: Scheme) -> QuerySet[Application]:
    """Applications not yet decided, the furthest along first, then oldest first."""
    return (
        Application.objects.filter(scheme=scheme, status__in=PENDING)
        .select_related("prisoner", "round")
        .order_by("applied_on", "id")
    )


@dataclass(frozen=True)
class DecisionEvent:
    """One decision on an application, as the audit trail recorded it."""

    at: datetime
    by: str
    from_status: str
    to_status: str
    reason: str
    criteria_met: dict[str, bool]
    on: date | None


def _label(choices: Any, value: object) -> str:
    return str(dict(choices).get(value, value or ""))


def decision_history(application: Application) -> list[DecisionEvent]:
    """Every decision made on the application, oldest first, from the audit trail (which
    the database writes on every change: one query). A column a decision left as it was
    is not in its change, so each event carries the values on from the one before. The
    decision's written note is kept on the application only (the trail hides free text).
    """
    events = (
        AuditEvent.objects.filter(
            model="recruitment.application",
            object_id=str(application.pk),
            action=AuditAction.UPDATE,
        )
        .select_related("user")
        .order_by("at", "id")
    )
    history: list[DecisionEvent] = []
    reason: object = ""
    criteria: object = {}
    decided_on: object = None
    for event in events:
        changes = event.changes or {}
        reason = changes.get("decision_reason", [None, reason])[1]
        criteria = changes.get("criteria_met", [None, criteria])[1]
        decided_on = changes.get("decided_on", [None, decided_on])[1]
        status = changes.get("status")
        if not status:
            continue
        by = event.user.display_name if event.user else (event.username or "Not known")
        history.append(
            DecisionEvent(
                at=event.at,
                by=by,
                from_status=_label(ApplicationStatus.choices, status[0]),
                to_status=_label(ApplicationStatus.choices, status[1]),
                reason=_label(DecisionReason.choices, reason),
                criteria_met=dict(criteria) if isinstance(criteria, dict) else {},
                on=date.fromisoformat(decided_on) if isinstance(decided_on, str) else None,
            )
        )
    return history
