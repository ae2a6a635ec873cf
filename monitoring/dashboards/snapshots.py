"""Each running scheme's health, figures, due items, evidence and equality flags,
worked out once and stored (``SchemeSnapshot``), so that a dashboard reads one row a
scheme instead of asking every phase on every request.

``compute`` asks the phase registry's set-based hooks for many schemes at once (the
answers are never stored by a read). ``refresh`` stores them: the task
``monitoring.refresh_scheme_snapshots`` runs it every few minutes
(``DASHBOARD_REFRESH_SECONDS``), for the schemes whose snapshot is missing, from an
earlier day, or older than a change the audit trail records. ``read`` gives a page what
it needs:

- ``exact=True`` (a prison's dashboard and self-assessment): a stored snapshot is used
  only when it is from today and the audit trail records no change to the scheme (or to
  its prison's people and memberships) since it was worked out; anything else is worked
  out afresh for the page. So a governor who approves a plan sees it gone at once.
- ``exact=False`` (the national dashboard): today's stored snapshots are used as they
  are, and the page says when they were worked out; only schemes without one are worked
  out afresh. An analyst comparing 800 schemes is told the figures are a few minutes
  old, rather than waiting while all 800 are rated again.

Nothing but this module reads or writes the JSON (``_encode`` and ``_decode``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone

from accounts.models import AuditEvent
from schemes import phases
from schemes.models import Scheme, SchemeStatus
from schemes.phases import (
    ACTIVITY_BY_MONTH,
    FEEDBACK_LATEST,
    FORECAST_LOW,
    HEADCOUNT,
    HIGH_RISKS,
    OBJECTIVES_MET,
    DueItem,
    Evidence,
    FeedbackFigure,
    HealthSignal,
    HighRisk,
)

from ..selectors_equality import equality_flags_many
from .health import SchemeHealth, figure_signals, scheme_health
from .models import SchemeSnapshot

# What a page may ask for (``parts``): health and the figures, what falls due, the
# self-assessment's evidence, the equality check's flags.
HEALTH = "health"
DUE = "due"
EVIDENCE = "evidence"
EQUALITY = "equality"
PARTS: frozenset[str] = frozenset({HEALTH, DUE, EVIDENCE, EQUALITY})

ACTIVITY_MONTHS = 3
# Schemes refreshed together: each batch asks every phase once.
BATCH_SIZE = 200
# A change the trail records a little out of order (a long transaction committing
# after a later one) is caught by the next refresh: it looks this far back as well.
LATE_COMMIT = timedelta(minutes=10)


def activity_months(today: date, count: int = ACTIVITY_MONTHS) -> list[date]:
    """The first days of the ``count`` complete calendar months before ``today``'s,
    oldest first: the months whose summaries are final."""
    months: list[date] = []
    year, month = today.year, today.month
    for _ in range(count):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        months.append(date(year, month, 1))
    return months[::-1]


@dataclass(frozen=True)
class Snapshot:
    """One scheme as the dashboards show it on one day. A part a page did not ask for
    is left empty. ``as_at``: when it was stored (None: worked out for this page)."""

    health: SchemeHealth
    headcount: int | None = None
    forecast_low: tuple[date, int] | None = None
    activity: tuple[int, ...] | None = None  # one count per month of ``activity_months``
    high_risks: tuple[HighRisk, ...] = ()
    feedback: FeedbackFigure | None = None
    objectives_met: tuple[int, int] | None = None
    due: tuple[DueItem, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    equality_flags: int | None = None
    as_at: datetime | None = None


NOT_RATED = Snapshot(health=SchemeHealth(""))


# --- working it out --------------------------------------------------------------------


@phases.one_reading()
def compute(
    schemes: Sequence[Scheme], today: date, parts: Collection[str] = PARTS
) -> dict[int, Snapshot]:
    """The parts asked for of each scheme, from every phase at once (a fixed number of
    queries however many schemes), within one ``phases.one_reading()``: a read two hooks
    share (recruitment's supervision, for health and evidence) is made once. Closed
    schemes are not rated and ask nothing."""
    running = [scheme for scheme in schemes if scheme.status != SchemeStatus.CLOSED]
    found: dict[int, Snapshot] = {scheme.pk: NOT_RATED for scheme in schemes}
    if not running:
        return found
    signals = phases.health_signals_many(running, today) if HEALTH in parts else {}
    figures = phases.figures_many(running, today) if HEALTH in parts else {}
    due: dict[int, list[DueItem]] = {scheme.pk: [] for scheme in running}
    if DUE in parts:
        for item in sorted(phases.due_items_for(running, today), key=lambda item: item.due):
            due[item.scheme_id].append(item)
    evidence = phases.evidence_many(running, today) if EVIDENCE in parts else {}
    flags = equality_flags_many(running, today) if EQUALITY in parts else {}
    months = activity_months(today)
    for scheme in running:
        named: dict[str, Any] = figures.get(scheme.pk, {})
        by_month = named.get(ACTIVITY_BY_MONTH)
        found[scheme.pk] = Snapshot(
            health=scheme_health(
                scheme.status,
                [
                    *signals.get(scheme.pk, []),
                    *figure_signals(
                        status=scheme.status,
                        minimum=scheme.minimum_peer_supporters,
                        launched_on=scheme.launched_on,
                        figures=named,
                        today=today,
                    ),
                ],
            ),
            headcount=named.get(HEADCOUNT),
            forecast_low=named.get(FORECAST_LOW),
            activity=None
            if by_month is None
            else tuple(by_month.get(month, 0) for month in months),
            high_risks=tuple(named.get(HIGH_RISKS) or ()),
            feedback=named.get(FEEDBACK_LATEST),
            objectives_met=named.get(OBJECTIVES_MET),
            due=tuple(due[scheme.pk]),
            evidence=tuple(evidence.get(scheme.pk, ())),
            equality_flags=flags.get(scheme.pk),
        )
    return found


# --- reading ---------------------------------------------------------------------------

_COLUMNS: dict[str, str] = {
    HEALTH: "health",
    DUE: "due",
    EVIDENCE: "evidence",
    EQUALITY: "equality_flags",
}


class Stored(NamedTuple):
    """When a scheme's snapshot for today was stored, and the audit trail's last event
    then (its mark)."""

    scheme_id: int
    computed_at: datetime
    audit_id: int
    prison_id: int


def with_stored(schemes: QuerySet[Scheme], today: date) -> tuple[list[Scheme], list[Stored]]:
    """These schemes, and when each running one's snapshot for today was stored (for
    ``holding``), read in the same query."""
    found: list[Scheme] = []
    stored: list[Stored] = []
    for scheme in schemes.annotate(
        snapshot_on=F("dashboard_snapshot__computed_on"),
        snapshot_at=F("dashboard_snapshot__computed_at"),
        snapshot_mark=F("dashboard_snapshot__audit_id"),
    ):
        found.append(scheme)
        if scheme.status != SchemeStatus.CLOSED and scheme.snapshot_on == today:
            stored.append(
                Stored(scheme.pk, scheme.snapshot_at, scheme.snapshot_mark, scheme.prison_id)
            )
    return found, stored


def holding(
    schemes: Sequence[Scheme], today: date, stored: Sequence[Stored] | None = None
) -> dict[int, datetime]:
    """When each running scheme's stored snapshot was worked out, for those whose
    snapshot holds today (from today, and nothing newer in the audit trail), keyed by
    scheme id: what a page needs to name what it would show (``stored_generation``)
    before reading any snapshot's content. ``stored``: what ``with_stored`` read with
    the schemes. Two queries, one with ``stored`` (none without running schemes)."""
    running = {scheme.pk for scheme in schemes if scheme.status != SchemeStatus.CLOSED}
    if not running:
        return {}
    if stored is None:
        stored = _stored(
            SchemeSnapshot.objects.filter(scheme_id__in=list(running), computed_on=today)
        )
    changed = _changed(stored)
    return {
        row.scheme_id: row.computed_at
        for row in stored
        if row.scheme_id in running and row.scheme_id not in changed
    }


def read(
    schemes: Sequence[Scheme],
    today: date,
    parts: Collection[str] = PARTS,
    *,
    exact: bool = True,
    held: Mapping[int, datetime] | None = None,
) -> dict[int, Snapshot]:
    """Each scheme's snapshot for ``today``, keyed by scheme id: the stored one where it
    holds (see the module's docstring for ``exact``), otherwise worked out afresh, and
    never written. ``held``: what ``holding`` said already. Three queries when every
    stored snapshot holds (one without ``exact``), plus the phases' own when some do
    not."""
    running = [scheme for scheme in schemes if scheme.status != SchemeStatus.CLOSED]
    found: dict[int, Snapshot] = {scheme.pk: NOT_RATED for scheme in schemes}
    if not running:
        return found
    stored = SchemeSnapshot.objects.filter(computed_on=today).only(
        "scheme_id", "computed_at", *(_COLUMNS[part] for part in parts)
    )
    if exact:
        held = holding(running, today) if held is None else held
        stored = stored.filter(scheme_id__in=list(held))
    else:
        stored = stored.filter(scheme_id__in=[scheme.pk for scheme in running])
    for row in stored:
        found[row.scheme_id] = _decode(row, parts)
    missing = [scheme for scheme in running if found[scheme.pk].as_at is None]
    if missing:
        found.update(compute(missing, today, parts))
    return found


def _stored(rows: QuerySet[SchemeSnapshot]) -> list[Stored]:
    return [
        Stored(*row)
        for row in rows.values_list("scheme_id", "computed_at", "audit_id", "scheme__prison_id")
    ]


def _changed(stored: Sequence[Stored]) -> set[int]:
    """The schemes among these stored snapshots the audit trail records a change to
    since: to the scheme's records, or to its prison's (its people and memberships).
    One query over the trail's newest events."""
    marks = {row.scheme_id: row.audit_id for row in stored}
    prison_of = {row.scheme_id: row.prison_id for row in stored}
    if not marks:
        return set()
    latest = (
        AuditEvent.objects.filter(pk__gt=min(marks.values()))
        .filter(
            Q(scheme_id__in=list(marks))
            | Q(scheme_id__isnull=True, prison_id__in=set(prison_of.values()))
        )
        .values_list("scheme_id", "prison_id")
        .annotate(last=Max("pk"))
        .order_by()
    )
    by_scheme: dict[int, int] = {}
    by_prison: dict[int, int] = {}
    for scheme_id, prison_id, last in latest:
        if scheme_id is not None:
            by_scheme[scheme_id] = max(last, by_scheme.get(scheme_id, 0))
        elif prison_id is not None:
            by_prison[prison_id] = max(last, by_prison.get(prison_id, 0))
    return {
        scheme_id
        for scheme_id, mark in marks.items()
        if max(by_scheme.get(scheme_id, 0), by_prison.get(prison_of[scheme_id], 0)) > mark
    }


def estate_generation(today: date) -> str | None:
    """A name for the estate's stored snapshots on ``today``: it changes whenever the
    refresh stores one, or a scheme opens or closes. None while a running scheme has
    none for today: its figures are then worked out for the page, and a page built from
    them must not be kept (``views._kept``). One query."""
    today_q = Q(dashboard_snapshot__computed_on=today)
    stats = Scheme.objects.exclude(status=SchemeStatus.CLOSED).aggregate(
        schemes=Count("pk"),
        stored=Count("dashboard_snapshot", filter=today_q),
        last=Max("dashboard_snapshot__computed_at", filter=today_q),
    )
    if stats["schemes"] != stats["stored"]:
        return None
    last = stats["last"]
    return f"{today.isoformat()}/{stats['schemes']}/{last.timestamp() if last else 0}"


def stored_generation(schemes: Sequence[Scheme], held: Mapping[int, datetime]) -> str | None:
    """A name for what a page built from the stored snapshots ``held`` (``holding``)
    shows of these schemes: every one's status and, for a running one, when its stored
    snapshot was worked out. None if any has none that holds: the page works it out
    afresh, and such a page cannot be kept."""
    names: list[str] = []
    for scheme in schemes:
        if scheme.status == SchemeStatus.CLOSED:
            names.append(f"{scheme.pk}:closed")
            continue
        as_at = held.get(scheme.pk)
        if as_at is None:
            return None
        names.append(f"{scheme.pk}:{scheme.status}:{as_at.timestamp()}")
    return ",".join(names)


# --- storing ---------------------------------------------------------------------------


def stale_scheme_ids(today: date, *, since: datetime | None = None) -> list[int]:
    """The running schemes whose snapshot is missing, from before ``today``, or older
    than a change in the audit trail; and, with ``since``, those with any change the
    trail records from then on (a transaction that committed late)."""
    running = Scheme.objects.exclude(status=SchemeStatus.CLOSED)
    ids = set(
        running.exclude(
            pk__in=SchemeSnapshot.objects.filter(computed_on=today).values("scheme_id")
        ).values_list("pk", flat=True)
    )
    ids |= _changed(_stored(SchemeSnapshot.objects.filter(computed_on=today, scheme__in=running)))
    if since is not None:
        recent = AuditEvent.objects.filter(at__gte=since)
        ids |= set(
            running.filter(
                Q(pk__in=recent.filter(scheme_id__isnull=False).values("scheme_id"))
                | Q(prison_id__in=recent.filter(scheme_id__isnull=True).values("prison_id"))
            ).values_list("pk", flat=True)
        )
    return sorted(ids)


def refresh(today: date, scheme_ids: Sequence[int]) -> int:
    """Work out and store the snapshots of these schemes (closed ones are skipped), in
    batches; returns how many were stored. The audit trail's last event is read first,
    so a change made while the work runs leaves the snapshot marked as older than it."""
    stored = 0
    for start in range(0, len(scheme_ids), BATCH_SIZE):
        batch = scheme_ids[start : start + BATCH_SIZE]
        mark = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
        schemes = list(
            Scheme.objects.filter(pk__in=batch)
            .exclude(status=SchemeStatus.CLOSED)
            .select_related("prison")
        )
        worked_out = compute(schemes, today)
        now = timezone.now()
        rows = [
            SchemeSnapshot(
                scheme_id=scheme.pk,
                computed_on=today,
                computed_at=now,
                audit_id=mark,
                **_encode(worked_out[scheme.pk]),
            )
            for scheme in schemes
        ]
        with transaction.atomic():
            SchemeSnapshot.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["scheme"],
                update_fields=[
                    "computed_on",
                    "computed_at",
                    "audit_id",
                    "health",
                    "due",
                    "evidence",
                    "equality_flags",
                ],
            )
        stored += len(rows)
    return stored


# --- the JSON --------------------------------------------------------------------------


def _encode(snapshot: Snapshot) -> dict[str, Any]:
    feedback = snapshot.feedback
    return {
        "health": {
            "rating": snapshot.health.rating,
            "reasons": [[signal.rating, signal.reason] for signal in snapshot.health.reasons],
            "headcount": snapshot.headcount,
            "forecast_low": None
            if snapshot.forecast_low is None
            else [snapshot.forecast_low[0].isoformat(), snapshot.forecast_low[1]],
            "activity": None if snapshot.activity is None else list(snapshot.activity),
            "high_risks": [
                [risk.title, risk.score, risk.owner, risk.href] for risk in snapshot.high_risks
            ],
            "feedback": None
            if feedback is None
            else [
                feedback.title,
                feedback.closed_on.isoformat(),
                feedback.responses,
                feedback.satisfied_percent,
                feedback.href,
            ],
            "objectives_met": None
            if snapshot.objectives_met is None
            else list(snapshot.objectives_met),
        },
        "due": [
            [
                item.kind,
                item.record_id,
                item.scheme_id,
                list(item.user_ids),
                item.due.isoformat(),
                item.title,
                item.href,
            ]
            for item in snapshot.due
        ],
        "evidence": [
            [item.item, item.rating, item.evidence, item.href] for item in snapshot.evidence
        ],
        "equality_flags": snapshot.equality_flags,
    }


def _decode(row: SchemeSnapshot, parts: Collection[str]) -> Snapshot:
    snapshot = replace(NOT_RATED, as_at=row.computed_at)
    if HEALTH in parts:
        health = row.health
        low = health["forecast_low"]
        feedback = health["feedback"]
        met = health["objectives_met"]
        snapshot = replace(
            snapshot,
            health=SchemeHealth(
                health["rating"],
                tuple(HealthSignal(rating, reason) for rating, reason in health["reasons"]),
            ),
            headcount=health["headcount"],
            forecast_low=None if low is None else (date.fromisoformat(low[0]), low[1]),
            activity=None if health["activity"] is None else tuple(health["activity"]),
            high_risks=tuple(HighRisk(*risk) for risk in health["high_risks"]),
            feedback=None
            if feedback is None
            else FeedbackFigure(
                feedback[0], date.fromisoformat(feedback[1]), feedback[2], feedback[3], feedback[4]
            ),
            objectives_met=None if met is None else (met[0], met[1]),
        )
    if DUE in parts:
        snapshot = replace(
            snapshot,
            due=tuple(
                DueItem(
                    kind, record_id, scheme_id, tuple(users), date.fromisoformat(due), title, href
                )
                for kind, record_id, scheme_id, users, due, title, href in row.due
            ),
        )
    if EVIDENCE in parts:
        snapshot = replace(snapshot, evidence=tuple(Evidence(*item) for item in row.evidence))
    if EQUALITY in parts:
        snapshot = replace(snapshot, equality_flags=row.equality_flags)
    return snapshot
