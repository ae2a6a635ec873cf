"""Reads for supervision: who is overdue, for one scheme or many at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from schemes import phases
from schemes.models import Scheme

from ..models import (
    Placement,
    PlacementStatus,
    RecruitmentSettings,
    SupervisionKind,
    SupervisionSession,
)
from ..rules_supervision import (
    staff_supervision_overdue,
    supervision_due_on,
    supervision_overdue,
)

DEFAULT_WEEKS: int = RecruitmentSettings._meta.get_field("supervision_weeks").default

# Who is supervised: everyone in a placement that is not suspended or ended.
SUPERVISED = (PlacementStatus.IN_TRAINING, PlacementStatus.PROBATION, PlacementStatus.ACTIVE)


def supervision_weeks(scheme_ids: list[int]) -> dict[int, int]:
    """Each scheme's supervision interval in weeks (one query; the default where a
    scheme has no recruitment settings)."""
    found = dict(
        RecruitmentSettings.objects.filter(scheme_id__in=scheme_ids).values_list(
            "scheme_id", "supervision_weeks"
        )
    )
    return {pk: found.get(pk, DEFAULT_WEEKS) for pk in scheme_ids}


@dataclass(frozen=True)
class Overdue:
    placement: Placement
    last: date | None
    due_on: date


def overdue_peer_supporters(scheme: Scheme, today: date, weeks: int | None = None) -> list[Overdue]:
    """The scheme's peer supporters overdue for supervision, longest overdue first
    (one query, two without the scheme's interval in ``weeks``)."""
    if weeks is None:
        weeks = supervision_weeks([scheme.pk])[scheme.pk]
    rows = []
    for placement in (
        Placement.objects.filter(scheme=scheme, status__in=SUPERVISED)
        .select_related("prisoner")
        .annotate(last=Max("supervision_sessions__held_on"))
    ):
        last: date | None = placement.last
        if supervision_overdue(last, placement.started_on, weeks, today):
            rows.append(
                Overdue(placement, last, supervision_due_on(last, placement.started_on, weeks))
            )
    return sorted(rows, key=lambda row: (row.due_on, row.placement.pk))


def _latest_staff_session() -> Subquery:
    """The date of the outer scheme's latest supervision of its staff, as a column."""
    return Subquery(
        SupervisionSession.objects.filter(scheme=OuterRef("pk"), kind=SupervisionKind.STAFF)
        .order_by("-held_on")
        .values("held_on")[:1]
    )


def staff_supervision_facts(scheme: Scheme) -> tuple[int, date | None]:
    """The scheme's supervision interval in weeks (the default where it has no
    recruitment settings) and the date of its staff's latest supervision (one query)."""
    every, last = (
        Scheme.objects.filter(pk=scheme.pk)
        .values_list("recruitment_settings__supervision_weeks", _latest_staff_session())
        .get()
    )
    return (DEFAULT_WEEKS if every is None else every), last


@dataclass(frozen=True)
class SupervisionFigures:
    """A scheme's supervision at a glance, for health and the self-assessment."""

    supervised: int  # peer supporters who should be supervised
    overdue: int  # of them, overdue
    staff_overdue: bool


def supervision_figures_many(schemes: list[Scheme], today: date) -> dict[int, SupervisionFigures]:
    """Supervision figures for many schemes at once (two queries). Health and the
    self-assessment both ask: within ``phases.one_reading()`` they are read once for the
    same schemes and day."""
    return phases.read_once(
        ("recruitment.supervision_figures", phases.scheme_ids_key(schemes), today),
        lambda: _supervision_figures_many(schemes, today),
    )


def _supervision_figures_many(schemes: list[Scheme], today: date) -> dict[int, SupervisionFigures]:
    """``supervision_figures_many``, read. The schemes' own dates are read here, with
    their staff's latest supervision: a dashboard's schemes may come without them."""
    ids = [s.pk for s in schemes]
    launched: dict[int, date | None] = {}
    weeks: dict[int, int] = {}
    staff_last: dict[int, date | None] = {}
    for pk, launched_on, every, last in Scheme.objects.filter(pk__in=ids).values_list(
        "pk", "launched_on", "recruitment_settings__supervision_weeks", _latest_staff_session()
    ):
        launched[pk] = launched_on
        weeks[pk] = DEFAULT_WEEKS if every is None else every
        staff_last[pk] = last
    counts: dict[int, list[int]] = {pk: [0, 0] for pk in ids}
    for scheme_id, started_on, last in (
        Placement.objects.filter(scheme_id__in=ids, status__in=SUPERVISED)
        .annotate(last=Max("supervision_sessions__held_on"))
        .values_list("scheme_id", "started_on", "last")
    ):
        counts[scheme_id][0] += 1
        if supervision_overdue(last, started_on, weeks[scheme_id], today):
            counts[scheme_id][1] += 1
    return {
        s.pk: SupervisionFigures(
            supervised=counts[s.pk][0],
            overdue=counts[s.pk][1],
            staff_overdue=staff_supervision_overdue(
                staff_last[s.pk], launched[s.pk], weeks[s.pk], today
            ),
        )
        for s in schemes
    }


def _attendees(through: Any) -> Coalesce:
    """A correlated count of a session's rows in the ``through`` table, as a column: no
    join or grouping on the sessions, so a page's count of them stays a plain count."""
    return Coalesce(
        Subquery(
            through.objects.filter(supervisionsession_id=OuterRef("pk"))
            .order_by()
            .values("supervisionsession_id")
            .annotate(count=Count("pk"))
            .values("count")
        ),
        0,
    )


def sessions_for(scheme: Scheme) -> QuerySet[SupervisionSession]:
    """The scheme's sessions, newest first, with their number of attendees."""
    return (
        SupervisionSession.objects.filter(scheme=scheme)
        .select_related("supervisor")
        .annotate(
            peer_count=_attendees(SupervisionSession.peer_supporters.through),
            staff_count=_attendees(SupervisionSession.staff.through),
        )
        .order_by("-held_on", "-id")
    )
