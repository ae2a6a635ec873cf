"""Reading schemes: every read goes through the user's access (accounts.access)."""

from __future__ import annotations

from dataclasses import replace

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.access import AnyUser, Permission, can, prison_ids_where
from accounts.audit.describe import describe, user_ids_named
from accounts.models import AuditAction, AuditEvent, Prison, User

from . import lifecycle, phases
from .models import Scheme, SchemeQuerySet, SchemeTransition
from .phases import HistoryEvent, moment_key


def get_scheme_for_user(user: AnyUser, pk: int, action: Permission = Permission.VIEW) -> Scheme:
    """The scheme, if the user may see it and do ``action`` to it.

    A scheme at a prison the user does not belong to is a 404, so its existence is not
    disclosed; one they may see but not change is a 403.
    """
    scheme = Scheme.objects.select_related("prison", "coordinator").filter(pk=pk).first()
    if scheme is None or not can(user, Permission.VIEW, scheme.prison_id):
        raise Http404("No such scheme")
    if not can(user, action, scheme.prison_id):
        raise PermissionDenied
    return scheme


def prisons_for_user(user: AnyUser, action: Permission = Permission.VIEW) -> QuerySet[Prison]:
    """The prisons at which the user may do ``action`` (all of them for an analyst)."""
    ids = prison_ids_where(user, action)
    prisons = Prison.objects.order_by("name")
    return prisons if ids is None else prisons.filter(pk__in=ids)


def scheme_list(
    *,
    user: AnyUser,
    prison: Prison | None = None,
    scheme_type: str = "",
    status: str = "",
    phase_filters: dict[str, str] | None = None,
) -> SchemeQuerySet:
    """The schemes the user may see, narrowed by the list page's filters, with each
    phase's list columns worked out in the same query (``phases.list_columns``);
    ``phase_filters`` maps a column's key to the option chosen."""
    schemes = Scheme.objects.visible_to(user).for_list(user)
    for column in phases.list_columns():
        schemes = schemes.annotate(**{column.annotation_name: column.annotation()})
        chosen = (phase_filters or {}).get(column.key)
        if chosen:
            schemes = schemes.filter(column.filter(chosen))
    if prison is not None:
        schemes = schemes.filter(prison=prison)
    if scheme_type:
        schemes = schemes.filter(scheme_type=scheme_type)
    if status:
        schemes = schemes.filter(status=status)
    return schemes


def _changes_from_the_trail(trail: list[AuditEvent], names: dict[int, str]) -> list[HistoryEvent]:
    """Every change and deletion of the scheme's records in the audit trail (``trail``),
    in words, with ``names`` for the people the changes name (``user_ids_named``).
    Creations are left out: each phase's own events tell them (a review recorded, an
    action raised)."""
    events: list[HistoryEvent] = []
    for entry in trail:
        described = describe(entry, names)
        if described is None:
            continue
        author = entry.user.display_name if entry.user is not None else entry.username
        events.append(
            HistoryEvent(
                title=described.title,
                at=entry.at,
                sort_key=moment_key(entry.at),
                by=author or None,
                summary=described.summary,
                details=described.details,
            )
        )
    return events


def scheme_history(scheme: Scheme, user: AnyUser) -> list[HistoryEvent]:
    """Everything that happened to the scheme, newest first: its creation and moves,
    then every phase's events (the registry). A fixed number of queries, whatever the
    number of events: the scheme's creator and the people the trail's changes name are
    read in one.

    For a user who may not see people, the events carry no name, free text or link:
    names are removed here, so no page or export built on this can show one.
    """
    trail = list(
        AuditEvent.objects.filter(
            scheme_id=scheme.pk, action__in=[AuditAction.UPDATE, AuditAction.DELETE]
        ).select_related("user")
    )
    wanted = user_ids_named(trail)
    if scheme.created_by_id:
        wanted.add(scheme.created_by_id)
    names = (
        {person.pk: person.display_name for person in User.objects.filter(pk__in=wanted)}
        if wanted
        else {}
    )
    events: list[HistoryEvent] = [
        HistoryEvent(
            title="Scheme created",
            at=scheme.created_at,
            sort_key=moment_key(scheme.created_at),
            by=names.get(scheme.created_by_id) if scheme.created_by_id else None,
            summary="Planning started",
        )
    ]
    for move in SchemeTransition.objects.filter(scheme=scheme).select_related("by"):
        events.append(
            HistoryEvent(
                title=lifecycle.move_wording(move.from_status, move.to_status).history,
                at=move.at,
                sort_key=moment_key(move.at),
                by=move.by.display_name if move.by else None,
                summary=(
                    f"Status changed from {move.get_from_status_display().lower()} "
                    f"to {move.get_to_status_display().lower()}"
                ),
                details=[("Reason", move.reason)] if move.reason else [],
            )
        )
    for phase in phases.phases():
        if phase.history is not None:
            events.extend(phase.history(scheme))
    events.extend(_changes_from_the_trail(trail, names))
    if not can(user, Permission.VIEW_PERSONAL, scheme.prison_id):
        events = [replace(event, by=None, details=[], link=None) for event in events]
    events.sort(key=lambda event: event.sort_key, reverse=True)
    return events
