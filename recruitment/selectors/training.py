"""Reads for training and practice: what a peer supporter has passed, and the
scheme's modules with how many current peer supporters have passed each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from schemes.models import Scheme

from ..models import (
    OPEN_PLACEMENT,
    Placement,
    PlacementStatus,
    PracticeOutcome,
    PracticeSession,
    RecruitmentSettings,
    TrainingModule,
    TrainingRecord,
)
from ..rules_training import ModuleFacts, probation_problems, refreshers_due

# A refresher shows as due this long before its date.
REFRESHER_NOTICE = timedelta(days=30)
DEFAULT_PRACTICE_SESSIONS = RecruitmentSettings._meta.get_field("practice_sessions").default


def module_facts(scheme: Scheme) -> list[ModuleFacts]:
    """The scheme's modules as the rules see them (one query)."""
    return [
        ModuleFacts(id=m.pk, title=m.title, required=m.required, refresh_months=m.refresh_months)
        for m in TrainingModule.objects.filter(scheme=scheme).order_by("kind", "title", "id")
    ]


def last_passed(placement: Placement) -> dict[int, date]:
    """The latest pass of each module by the peer supporter, by module id (one query)."""
    return dict(
        TrainingRecord.objects.filter(placement=placement, passed=True)
        .values("module_id")
        .annotate(last=Max("completed_on"))
        .values_list("module_id", "last")
    )


def practice_needed(scheme: Scheme) -> int:
    """The scheme's number of practice sessions before probation (one query)."""
    needed = (
        RecruitmentSettings.objects.filter(scheme=scheme)
        .values_list("practice_sessions", flat=True)
        .first()
    )
    return DEFAULT_PRACTICE_SESSIONS if needed is None else needed


@dataclass(frozen=True)
class TrainingState:
    """A peer supporter's training and practice, and what stands before probation."""

    modules: list[ModuleFacts]
    last_passed: dict[int, date]
    practice_held: int
    practice_needed: int
    last_practice_ready: bool
    problems: list[str]
    refreshers_due: list[tuple[str, date]]

    @property
    def module_rows(self) -> list[tuple[ModuleFacts, date | None]]:
        """Each module with the date it was last passed (None: not yet)."""
        return [(module, self.last_passed.get(module.id)) for module in self.modules]


def training_state(placement: Placement, today: date) -> TrainingState:
    """Everything the rules need about one peer supporter (five queries)."""
    sessions = PracticeSession.objects.filter(placement=placement)
    latest = sessions.order_by("-held_on", "-id").values_list("outcome", flat=True).first()
    return _state(
        placement, today, last_passed(placement), sessions.count(), latest == PracticeOutcome.READY
    )


def training_state_of(
    placement: Placement,
    today: date,
    *,
    records: list[TrainingRecord],
    practice: list[PracticeSession],
) -> TrainingState:
    """The same, from the peer supporter's training records and practice sessions
    already read (practice newest first): two queries."""
    passed: dict[int, date] = {}
    for record in records:
        if record.passed and record.completed_on > passed.get(record.module_id, date.min):
            passed[record.module_id] = record.completed_on
    ready = bool(practice) and practice[0].outcome == PracticeOutcome.READY
    return _state(placement, today, passed, len(practice), ready)


def _state(
    placement: Placement, today: date, passed: dict[int, date], held: int, ready: bool
) -> TrainingState:
    scheme = placement.scheme
    modules = module_facts(scheme)
    needed = practice_needed(scheme)
    return TrainingState(
        modules=modules,
        last_passed=passed,
        practice_held=held,
        practice_needed=needed,
        last_practice_ready=ready,
        problems=probation_problems(
            modules=modules,
            last_passed=passed,
            practice_held=held,
            practice_needed=needed,
            last_practice_ready=ready,
        ),
        # Due within the next 30 days, or overdue.
        refreshers_due=refreshers_due(modules, passed, today + REFRESHER_NOTICE),
    )


def modules_with_counts(scheme: Scheme) -> list[TrainingModule]:
    """The scheme's modules, each with ``passed_count``: how many current peer
    supporters (not left) have passed it (one query)."""
    return list(
        TrainingModule.objects.filter(scheme=scheme).annotate(
            passed_count=Count(
                "records__placement",
                filter=Q(records__passed=True, records__placement__status__in=OPEN_PLACEMENT),
                distinct=True,
            )
        )
    )


@dataclass(frozen=True)
class PeerSupporterTraining:
    placement: Placement
    passed: int
    practice: int


def training_rows(scheme: Scheme) -> list[PeerSupporterTraining]:
    """Each current peer supporter with how many required modules they have passed and
    how many practice sessions they have held (one query; a scheme has tens of peer
    supporters, so the page lists them all)."""
    # Each count is a correlated subquery: joining both the records and the sessions
    # would multiply one by the other for every peer supporter before counting.
    passed = (
        TrainingRecord.objects.filter(placement=OuterRef("pk"), passed=True, module__required=True)
        .order_by()
        .values("placement")
        .annotate(n=Count("module", distinct=True))
        .values("n")
    )
    practice = (
        PracticeSession.objects.filter(placement=OuterRef("pk"))
        .order_by()
        .values("placement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    placements = (
        Placement.objects.filter(scheme=scheme, status__in=OPEN_PLACEMENT)
        .select_related("prisoner")
        .annotate(
            passed_required=Coalesce(Subquery(passed), 0),
            practice_count=Coalesce(Subquery(practice), 0),
        )
        .order_by("status", "prisoner__last_name", "prisoner__first_name", "id")
    )
    return [
        PeerSupporterTraining(
            placement=p,
            passed=p.passed_required,
            practice=p.practice_count,
        )
        for p in placements
    ]


@dataclass(frozen=True)
class TrainingFigures:
    """A scheme's current peer supporters and how far their training and practice go."""

    current: int  # placements not left or suspended
    required_modules: int
    fully_trained: int  # current peer supporters who passed every required module
    practised: int  # current peer supporters with the scheme's number of practice sessions
    practice_recorded: int  # current peer supporters with any practice session


def training_figures_many(scheme_ids: list[int]) -> dict[int, TrainingFigures]:
    """Training figures for many schemes at once (three queries)."""
    required = dict(
        TrainingModule.objects.filter(scheme_id__in=scheme_ids, required=True)
        .values("scheme_id")
        .annotate(n=Count("id"))
        .values_list("scheme_id", "n")
    )
    needed = dict(
        RecruitmentSettings.objects.filter(scheme_id__in=scheme_ids).values_list(
            "scheme_id", "practice_sessions"
        )
    )
    counts: dict[int, list[int]] = {pk: [0, 0, 0, 0] for pk in scheme_ids}
    for scheme_id, passed, practice in (
        Placement.objects.filter(
            scheme_id__in=scheme_ids,
            status__in=(
                PlacementStatus.IN_TRAINING,
                PlacementStatus.PROBATION,
                PlacementStatus.ACTIVE,
            ),
        )
        .annotate(
            passed=Count(
                "training_records__module",
                filter=Q(training_records__passed=True, training_records__module__required=True),
                distinct=True,
            ),
            practice=Count("practice_sessions", distinct=True),
        )
        .values_list("scheme_id", "passed", "practice")
    ):
        row = counts[scheme_id]
        row[0] += 1
        row[1] += passed >= required.get(scheme_id, 0)
        row[2] += practice >= needed.get(scheme_id, DEFAULT_PRACTICE_SESSIONS)
        row[3] += practice > 0
    return {
        pk: TrainingFigures(
            current=row[0],
            required_modules=required.get(pk, 0),
            fully_trained=row[1],
            practised=row[2],
            practice_recorded=row[3],
        )
        for pk, row in counts.items()
    }
