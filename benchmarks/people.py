"""Recruitment and implementation at national scale: the prisons' prisoners (60,000 in
all), the schemes' peer supporters (about 15,000), applications, training, supervision
and the cover the Listener schemes promise (a step of the generator); and their pages
(measurements).

Every record is made with bulk inserts, as the prison's extract and the services would
leave them; the featured big scheme gets the most of each, so the measured pages show
their heaviest shape at every scale.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.urls import reverse

from recruitment.models import (
    Application,
    ApplicationRoute,
    ApplicationStatus,
    Availability,
    CoverNeed,
    ModuleKind,
    Placement,
    PlacementStatus,
    PracticeOutcome,
    PracticeSession,
    Prisoner,
    RecruitmentSettings,
    SupervisionKind,
    SupervisionSession,
    TrainingModule,
    TrainingRecord,
)
from recruitment.rules import made_up_prison_number
from schemes.models import SchemeStatus, SchemeType

if TYPE_CHECKING:
    from accounts.models import User

    from .generate import Dataset
    from .measure import Measurement

BATCH_SIZE = 1000
PRISONERS_PER_PRISON = 480  # 60,000 across 125 prisons
# Peer supporters per running scheme (about 15,000 across the estate's 800 schemes).
PEER_SUPPORTERS = (12, 26)
BIG_SCHEME_PEER_SUPPORTERS = 40
APPLICATIONS_PER_SCHEME = (4, 12)
SUPERVISION_SESSIONS = (6, 20)
WINGS = ("A", "B", "C", "D", "E", "F")
ETHNICITIES = (
    "White: Eng./Welsh/Scot./N.Irish/British",
    "Black/Black British: Caribbean",
    "Asian/Asian British: Pakistani",
    "Mixed: White and Black Caribbean",
    "White: Any other white background",
)
RELIGIONS = ("No religion", "Christian", "Muslim", "Roman Catholic", "Church of England")
RUNNING = (SchemeStatus.RECRUITING, SchemeStatus.ACTIVE, SchemeStatus.PAUSED)


def add_people(dataset: Dataset) -> None:
    """Prisoners at every prison; placements, applications, training, supervision and
    cover at every running scheme."""
    rng, today = dataset.rng, dataset.today
    from .generate import _FIRST_NAMES, _LAST_NAMES  # the generator's names

    prisoners: list[Prisoner] = []
    for prison in dataset.prisons:
        for n in range(PRISONERS_PER_PRISON):
            index = len(prisoners)
            release = today + timedelta(days=rng.randint(-30, 900))
            prisoners.append(
                Prisoner(
                    prison=prison,
                    prison_number=made_up_prison_number(index),
                    first_name=rng.choice(_FIRST_NAMES),
                    last_name=rng.choice(_LAST_NAMES),
                    date_of_birth=today - timedelta(days=rng.randint(18 * 365, 70 * 365)),
                    cell_location=f"{rng.choice(WINGS)}-{rng.randint(1, 4)}-{n % 40 + 1:03d}",
                    earliest_release_date=release if release > today else None,
                    indeterminate_sentence=release <= today,
                    incentive_level=rng.choice(("Basic", "Standard", "Enhanced")),
                    gender="Male",
                    ethnicity=rng.choice(ETHNICITIES),
                    religion=rng.choice(RELIGIONS),
                )
            )
    prisoners = Prisoner.objects.bulk_create(prisoners, batch_size=BATCH_SIZE)
    by_prison: dict[int, list[Prisoner]] = {}
    for prisoner in prisoners:
        by_prison.setdefault(prisoner.prison_id, []).append(prisoner)

    big = dataset.featured.big
    running = [s for s in dataset.schemes if s.status in RUNNING or s.pk == big.pk]
    settings = [RecruitmentSettings(scheme=s) for s in dataset.schemes]
    RecruitmentSettings.objects.bulk_create(settings, batch_size=BATCH_SIZE)
    modules: list[TrainingModule] = []
    placements: list[Placement] = []
    applications: list[Application] = []
    needs: list[CoverNeed] = []
    for scheme in running:
        people = by_prison[scheme.prison_id]
        count = BIG_SCHEME_PEER_SUPPORTERS if scheme.pk == big.pk else rng.randint(*PEER_SUPPORTERS)
        chosen = rng.sample(people, count + APPLICATIONS_PER_SCHEME[1])
        for prisoner in chosen[:count]:
            started = today - timedelta(days=rng.randint(10, 700))
            status = rng.choices(
                [PlacementStatus.ACTIVE, PlacementStatus.PROBATION, PlacementStatus.IN_TRAINING],
                weights=[8, 2, 1],
            )[0]
            on_probation = status != PlacementStatus.IN_TRAINING
            placements.append(
                Placement(
                    scheme=scheme,
                    prisoner=prisoner,
                    status=status,
                    started_on=started,
                    training_ends_on=started + timedelta(weeks=4),
                    probation_started_on=started + timedelta(weeks=4) if on_probation else None,
                    probation_ends_on=started + timedelta(weeks=12) if on_probation else None,
                )
            )
        for prisoner in chosen[count : count + rng.randint(*APPLICATIONS_PER_SCHEME)]:
            stage = rng.choice(
                [
                    ApplicationStatus.APPLIED,
                    ApplicationStatus.SHORTLISTED,
                    ApplicationStatus.APPROVED,
                ]
            )
            applications.append(
                Application(
                    scheme=scheme,
                    prisoner=prisoner,
                    route=rng.choice(ApplicationRoute.values),
                    applied_on=today - timedelta(days=rng.randint(1, 60)),
                    status=stage,
                    decided_on=today if stage == ApplicationStatus.APPROVED else None,
                )
            )
        for title, kind in (
            ("Communication", ModuleKind.CORE),
            ("Problem solving", ModuleKind.CORE),
            ("The scheme's own course", ModuleKind.SCHEME),
        ):
            modules.append(
                TrainingModule(
                    scheme=scheme,
                    title=title,
                    kind=kind,
                    hours=Decimal(6),
                    delivered_by="The coordinator",
                )
            )
        if scheme.scheme_type == SchemeType.LISTENERS or scheme.pk == big.pk:
            needs += [
                CoverNeed(
                    scheme=scheme,
                    location=wing,
                    weekday=day,
                    starts=time(17),
                    ends=time(8),
                    needed=2,
                )
                for wing in WINGS[:4]
                for day in range(7)
            ]
    TrainingModule.objects.bulk_create(modules, batch_size=BATCH_SIZE)
    placements = Placement.objects.bulk_create(placements, batch_size=BATCH_SIZE)
    Application.objects.bulk_create(applications, batch_size=BATCH_SIZE)
    CoverNeed.objects.bulk_create(needs, batch_size=BATCH_SIZE)
    _add_training_and_supervision(dataset, placements, modules)


def _add_training_and_supervision(
    dataset: Dataset, placements: list[Placement], modules: list[TrainingModule]
) -> None:
    rng, today = dataset.rng, dataset.today
    modules_of: dict[int, list[TrainingModule]] = {}
    for module in modules:
        modules_of.setdefault(module.scheme_id, []).append(module)
    records: list[TrainingRecord] = []
    practice: list[PracticeSession] = []
    availability: list[Availability] = []
    people_of: dict[int, list[Placement]] = {}
    for placement in placements:
        people_of.setdefault(placement.scheme_id, []).append(placement)
        for module in modules_of[placement.scheme_id]:
            records.append(
                TrainingRecord(
                    placement=placement,
                    module=module,
                    completed_on=placement.started_on + timedelta(days=rng.randint(1, 25)),
                    hours=module.hours,
                    trainer="The coordinator",
                    passed=rng.random() > 0.05,
                )
            )
        practice += [
            PracticeSession(
                placement=placement,
                held_on=placement.started_on + timedelta(days=20 + n),
                activity="Role play of a night call-out",
                observer="The coordinator",
                outcome=PracticeOutcome.READY,
            )
            for n in range(2)
        ]
        availability += [
            Availability(placement=placement, weekday=day, starts=time(16), ends=time(9))
            for day in rng.sample(range(7), rng.randint(2, 5))
        ]
    TrainingRecord.objects.bulk_create(records, batch_size=BATCH_SIZE)
    PracticeSession.objects.bulk_create(practice, batch_size=BATCH_SIZE)
    Availability.objects.bulk_create(availability, batch_size=BATCH_SIZE)
    sessions: list[SupervisionSession] = []
    attendees: list[list[Placement]] = []
    for scheme_id, people in people_of.items():
        scheme = next(s for s in dataset.schemes if s.pk == scheme_id)
        supervisor = scheme.coordinator or dataset.coordinators_by_prison[scheme.prison_id][0]
        for _ in range(rng.randint(*SUPERVISION_SESSIONS)):
            sessions.append(
                SupervisionSession(
                    scheme_id=scheme_id,
                    held_on=today - timedelta(days=rng.randint(0, 180)),
                    kind=SupervisionKind.GROUP,
                    supervisor=supervisor,
                    notes="Talked through the month's call-outs.",
                )
            )
            attendees.append(rng.sample(people, min(len(people), rng.randint(2, 6))))
    sessions = SupervisionSession.objects.bulk_create(sessions, batch_size=BATCH_SIZE)
    Through = SupervisionSession.peer_supporters.through
    Through.objects.bulk_create(
        (
            Through(supervisionsession_id=session.pk, placement_id=placement.pk)
            for session, people in zip(sessions, attendees, strict=True)
            for placement in people
        ),
        batch_size=BATCH_SIZE,
    )


# --- the pages ----------------------------------------------------------------------


def _coordinator(dataset: Dataset) -> User:
    return dataset.featured.coordinator


def _big(name: str) -> Callable[[Dataset], str]:
    return lambda dataset: reverse(name, args=[dataset.featured.big.pk])


def _register(dataset: Dataset) -> str:
    return reverse("recruitment:prisoners", args=[dataset.featured.big.prison_id])


def _peer_supporter(dataset: Dataset) -> str:
    placement = (
        Placement.objects.filter(scheme=dataset.featured.big)
        .order_by("pk")
        .values_list("pk", flat=True)
    )[0]
    return reverse("recruitment:peer-supporter", args=[dataset.featured.big.pk, placement])


def measurements() -> list[Measurement]:
    from .measure import Measurement

    return [
        Measurement("Prisoners at the prison, coordinator", _register, _coordinator),
        Measurement(
            "Peer supporters, coordinator",
            _big("recruitment:peer-supporters"),
            _coordinator,
        ),
        Measurement("A peer supporter, coordinator", _peer_supporter, _coordinator),
        Measurement(
            "Waitlist, coordinator",
            _big("recruitment:waitlist"),
            _coordinator,
        ),
        Measurement(
            "Cover and rota, coordinator",
            _big("recruitment:cover"),
            _coordinator,
        ),
        Measurement(
            "Training and practice, coordinator",
            _big("recruitment:training"),
            _coordinator,
        ),
        Measurement(
            "Supervision, coordinator",
            _big("recruitment:supervision"),
            _coordinator,
        ),
    ]
