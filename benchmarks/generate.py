"""A national-scale data set for the benchmark, built in a few seconds with bulk inserts.

``build_dataset(Scale.national())`` makes what the service holds once every prison in
England and Wales uses it: 125 prisons, 800 schemes, 2,000 prison staff with a realistic
mix of roles, and a few national analysts. Every scheme has a plan and a
history that agree with its status: a launched scheme's plan is complete and approved,
with resources, stakeholders, SMART objectives, review meetings, actions and the
lifecycle's moves; a scheme in planning has an empty, part-done, complete, submitted or
returned plan. Three schemes at the busiest prison are made the same at every scale
(``Dataset.featured``): the measured pages look at them. ``Scale.small()`` makes the
same shape in miniature, for the tests and for the query-count comparison.

It writes through the current default database connection, so it works in the
benchmark's own database and inside pytest-django's test database alike. The same scale
always gives the same records: every random choice comes from a generator seeded by the
scale's seed and the step's name.

Adding a kind of record (a later issue's planning checklists, referrals, supervision
sessions...):

1. Write a step ``def add_<records>(dataset: Dataset) -> None`` that bulk-creates the
   records from what earlier steps made (``dataset.prisons``, ``dataset.schemes``...),
   drawing every random choice from ``dataset.rng``.
2. If later steps or measurements need the new records, add a list for them to
   ``Dataset`` and fill it in the step. If their number is a design figure, add it to
   ``Scale`` with its national and small values, and scale it in ``Scale.times``.
3. Append the step to ``STEPS`` (order matters: a step sees only what runs before it).
4. Add the expected count to ``tests/test_benchmark.py``.

Because each step has its own seeded generator, adding a step never changes the records
the existing steps make.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from accounts.access import Permission
from accounts.models import Membership, Prison, Role, User
from maintenance.models import ReviewAction, ReviewMeeting
from planning.models import (
    Pay,
    Plan,
    PlanApproval,
    PlanDecision,
    PlanDecisionKind,
    PlanSubmission,
    PlanTask,
    Resource,
    SupervisionFrequency,
)
from schemes import lifecycle
from schemes.models import (
    Action,
    ActionSource,
    ActionStatus,
    Scheme,
    SchemeStatus,
    SchemeTransition,
    SchemeType,
    SmartObjective,
    Stakeholder,
    StakeholderKind,
)
from schemes.rules import add_months

from . import activity, dashboards, people, wording
from .reminders import add_reminders

BATCH_SIZE = 500


@dataclass(frozen=True)
class Scale:
    """How many of each record to make."""

    prisons: int
    schemes: int
    staff_users: int
    national_analysts: int = 3
    # Share of staff who also work at a second prison (cross-site and area roles).
    second_prison_share: float = 0.05
    seed: int = 2026
    label: str = field(default="custom", compare=False)

    def __post_init__(self) -> None:
        if self.prisons < 1 or self.schemes < 0 or self.national_analysts < 1:
            raise ValueError("A scale needs a prison and a national analyst at least")
        if self.staff_users < 2 * self.prisons:
            raise ValueError("A scale needs two staff users a prison: a coordinator, a governor")

    @classmethod
    def national(cls) -> Scale:
        """Every prison in England and Wales using the service."""
        return cls(
            prisons=125, schemes=800, staff_users=2000, national_analysts=5, label="national"
        )

    @classmethod
    def small(cls) -> Scale:
        """The same shape in miniature: fast enough for a unit test."""
        return cls(prisons=3, schemes=6, staff_users=12, national_analysts=2, label="small")

    def times(self, factor: int) -> Scale:
        """This scale with ``factor`` times as many of every record."""
        return replace(
            self,
            prisons=self.prisons * factor,
            schemes=self.schemes * factor,
            staff_users=self.staff_users * factor,
            national_analysts=self.national_analysts * factor,
            label=f"{self.label} x{factor}",
        )


@dataclass(frozen=True)
class SchemeStory:
    """When a generated scheme reached each stage, for the steps after ``add_plans``.

    The scheme and its plan hold the rest (status, launch date, approval, answers).
    """

    created: datetime
    # The planning tasks with answers (complete or in progress).
    answered: frozenset[str]
    submitted: datetime | None = None
    # A governor's return: the latest decision of a returned plan, or one that came
    # before the approval of an approved plan.
    returned: datetime | None = None
    approved: datetime | None = None
    # The lifecycle's moves, in order: (from status, to status, when).
    moves: tuple[tuple[str, str, datetime], ...] = ()

    @property
    def launched(self) -> bool:
        return self.approved is not None

    @property
    def closed_on(self) -> date | None:
        last = self.moves[-1] if self.moves else None
        return last[2].date() if last and last[1] == SchemeStatus.CLOSED else None


@dataclass(frozen=True)
class FeaturedSchemes:
    """Three schemes at the busiest prison, made the same at every scale.

    The measured pages look at these, so the small data set shows them the same shapes
    of data as the national one and only the sizes around them differ.
    """

    big: Scheme  # active; a complete, approved plan and BIG_SCHEME's numbers of records
    # Both in planning, their plans as big as the big scheme's:
    draft: Scheme  # every task complete, not submitted yet ("check your answers")
    submitted: Scheme  # complete, waiting for a governor
    coordinator: User  # coordinates all three
    governor: User  # a governor of their prison


@dataclass
class Dataset:
    """What the steps made, for later steps and for the measurements to pick from."""

    scale: Scale
    rng: random.Random = field(default_factory=random.Random)
    # Every date the steps make is relative to the day the data set is built.
    today: date = field(default_factory=timezone.localdate)
    prisons: list[Prison] = field(default_factory=list)
    staff: list[User] = field(default_factory=list)
    analysts: list[User] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    coordinators_by_prison: dict[int, list[User]] = field(default_factory=dict)
    schemes: list[Scheme] = field(default_factory=list)
    # Everyone with a membership at the prison (second-prison staff too), and its governors.
    members_by_prison: dict[int, list[User]] = field(default_factory=dict)
    governors_by_prison: dict[int, list[User]] = field(default_factory=dict)
    featured_schemes: FeaturedSchemes | None = None
    stories: dict[int, SchemeStory] = field(default_factory=dict)  # by scheme id
    plans: list[Plan] = field(default_factory=list)  # in the order of ``schemes``
    resources: list[Resource] = field(default_factory=list)
    stakeholders: list[Stakeholder] = field(default_factory=list)
    objectives: list[SmartObjective] = field(default_factory=list)
    decisions: list[PlanDecision] = field(default_factory=list)
    submissions: list[PlanSubmission] = field(default_factory=list)
    transitions: list[SchemeTransition] = field(default_factory=list)
    reviews: list[ReviewMeeting] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    @property
    def featured(self) -> FeaturedSchemes:
        if self.featured_schemes is None:
            raise RuntimeError("The featured schemes are made by the add_plans step")
        return self.featured_schemes

    def schemes_at(self, prison: Prison) -> list[Scheme]:
        return [scheme for scheme in self.schemes if scheme.prison_id == prison.pk]

    @property
    def busiest_prison(self) -> Prison:
        """The prison with the most schemes: the heaviest page for its staff."""
        return max(self.prisons, key=lambda prison: (len(self.schemes_at(prison)), -prison.pk))

    @property
    def busiest_coordinator(self) -> User:
        return self.coordinators_by_prison[self.busiest_prison.pk][0]

    @property
    def analyst(self) -> User:
        return self.analysts[0]


Step = Callable[[Dataset], None]

# Names to draw from; the generated ones only need to look like the real thing.
_PLACE_STARTS = [
    "Ash", "Black", "Brook", "Cold", "Deer", "Elm", "Fern", "Glen", "Hazel", "High", "Iron",
    "Kings", "Lang", "Long", "Marsh", "New", "North", "Oak", "Pen", "Red", "Rye", "Stone",
    "Thorn", "West", "Wood",
]  # fmt: skip
_PLACE_ENDS = ["bury", "field", "ford", "ham", "ley", "moor", "ton", "wood"]
_FIRST_NAMES = [
    "Aisha", "Ben", "Cara", "Dev", "Ella", "Finn", "Grace", "Hassan", "Isla", "Jack", "Kemi",
    "Liam", "Maya", "Noah", "Olu", "Priya", "Quinn", "Rosa", "Sam", "Tom", "Uma", "Vik",
    "Wen", "Yusuf", "Zoe",
]  # fmt: skip
_LAST_NAMES = [
    "Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal",
    "Jones", "Khan", "Lewis", "Morgan", "Nowak", "Okafor", "Patel", "Quinn", "Roberts",
    "Singh", "Taylor", "Usman", "Walker", "Young",
]  # fmt: skip
_SCHEME_NAMES: dict[str, str] = {
    SchemeType.LISTENERS: "Listeners",
    SchemeType.INSIDERS: "Insiders",
    SchemeType.READING: "Reading mentors",
    SchemeType.HEALTH: "Health trainers",
    SchemeType.EDUCATION: "Education mentors",
    SchemeType.RESETTLEMENT: "Resettlement peers",
    SchemeType.ADVOCACY: "Prisoner council",
    SchemeType.OTHER: "Peer support",
}
_PARTNERS: dict[str, str] = {
    SchemeType.LISTENERS: "Samaritans",
    SchemeType.READING: "Shannon Trust",
    SchemeType.RESETTLEMENT: "St Giles Trust",
}
# Listeners and Insiders run in most prisons; the others less often.
_SCHEME_TYPE_WEIGHTS: dict[str, int] = {
    SchemeType.LISTENERS: 5,
    SchemeType.INSIDERS: 4,
    SchemeType.READING: 3,
    SchemeType.HEALTH: 2,
    SchemeType.EDUCATION: 2,
    SchemeType.RESETTLEMENT: 2,
    SchemeType.ADVOCACY: 1,
    SchemeType.OTHER: 1,
}
_STATUS_WEIGHTS: dict[str, int] = {
    SchemeStatus.PLANNING: 2,
    SchemeStatus.RECRUITING: 2,
    SchemeStatus.ACTIVE: 6,
    SchemeStatus.PAUSED: 1,
    SchemeStatus.CLOSED: 1,
}


def _prison_code(index: int) -> str:
    """AAA, AAB, ... : three capitals, unique for the first 17,576 prisons."""
    letters = []
    for _ in range(3):
        index, digit = divmod(index, 26)
        letters.append(chr(ord("A") + digit))
    return "".join(reversed(letters))


def add_prisons(dataset: Dataset) -> None:
    """The prisons, with made-up but plausible names (HMP Ashford, HMP Stoneley...)."""
    places = [start + end for start in _PLACE_STARTS for end in _PLACE_ENDS]
    dataset.rng.shuffle(places)
    prisons = []
    for index in range(dataset.scale.prisons):
        # Past the list of places (200), a number keeps the names unique.
        lap = index // len(places)
        name = f"HMP {places[index % len(places)]}" + (f" {lap + 1}" if lap else "")
        prisons.append(Prison(name=name, code=_prison_code(index)))
    dataset.prisons = Prison.objects.bulk_create(prisons, batch_size=BATCH_SIZE)


def _new_user(username: str, rng: random.Random) -> User:
    first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
    # Unusable passwords: hashing 2,000 real ones would take minutes, and the benchmark
    # signs its users in with Client.force_login.
    return User(
        username=username,
        first_name=first,
        last_name=last,
        email=f"{username}@example.justice.gov.uk",
        password=make_password(None),
    )


def _roles_for(headcount: int) -> list[Role]:
    """A prison's roles: about 1 in 8 coordinates a scheme, 1 in 16 is a governor."""
    coordinators = max(1, round(headcount / 8))
    governors = max(1, round(headcount / 16))
    staff = headcount - coordinators - governors
    return [Role.COORDINATOR] * coordinators + [Role.GOVERNOR] * governors + [Role.STAFF] * staff


def add_staff(dataset: Dataset) -> None:
    """Prison staff, spread evenly over the prisons, each with a role at their prison.

    A few also hold a staff role at a second prison, as cross-site and area staff do.
    """
    scale, rng, prisons = dataset.scale, dataset.rng, dataset.prisons
    users = [_new_user(f"staff{n:05d}", rng) for n in range(1, scale.staff_users + 1)]
    dataset.staff = User.objects.bulk_create(users, batch_size=BATCH_SIZE)

    memberships = []
    home: dict[int, int] = {}  # user id -> index of their prison
    for here, prison in enumerate(prisons):
        people = dataset.staff[here :: len(prisons)]
        for user, role in zip(people, _roles_for(len(people)), strict=True):
            memberships.append(Membership(user=user, prison=prison, role=role))
            home[user.pk] = here
            if role == Role.COORDINATOR:
                dataset.coordinators_by_prison.setdefault(prison.pk, []).append(user)
    if len(prisons) > 1:
        movers = rng.sample(dataset.staff, round(len(dataset.staff) * scale.second_prison_share))
        for user in movers:
            elsewhere = (home[user.pk] + rng.randrange(1, len(prisons))) % len(prisons)
            memberships.append(Membership(user=user, prison=prisons[elsewhere], role=Role.STAFF))
    dataset.memberships += Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)


def add_national_analysts(dataset: Dataset) -> None:
    """The national analysts: one membership each, with no prison."""
    users = [
        _new_user(f"analyst{n:02d}", dataset.rng)
        for n in range(1, dataset.scale.national_analysts + 1)
    ]
    dataset.analysts = User.objects.bulk_create(users)
    dataset.memberships += Membership.objects.bulk_create(
        Membership(user=user, prison=None, role=Role.NATIONAL_ANALYST) for user in dataset.analysts
    )


def add_schemes(dataset: Dataset) -> None:
    """The schemes, unevenly spread: big prisons run more of them."""
    rng = dataset.rng
    # A prison's size decides its share of the schemes (from 1 to 4 times the smallest).
    weights = [rng.uniform(1, 4) for _ in dataset.prisons]
    hosts = rng.choices(dataset.prisons, weights=weights, k=dataset.scale.schemes)
    types, type_weights = list(_SCHEME_TYPE_WEIGHTS), list(_SCHEME_TYPE_WEIGHTS.values())
    statuses, status_weights = list(_STATUS_WEIGHTS), list(_STATUS_WEIGHTS.values())
    names_used: dict[tuple[int, str], int] = {}
    schemes = []
    for prison in hosts:
        scheme_type = rng.choices(types, weights=type_weights)[0]
        base = _SCHEME_NAMES[scheme_type]
        seen = names_used[prison.pk, base] = names_used.get((prison.pk, base), 0) + 1
        target = rng.randint(6, 24)
        # One scheme in ten has no coordinator chosen yet.
        coordinator = (
            rng.choice(dataset.coordinators_by_prison[prison.pk]) if rng.random() > 0.1 else None
        )
        schemes.append(
            Scheme(
                prison=prison,
                name=base if seen == 1 else f"{base} {seen}",
                scheme_type=scheme_type,
                purpose=f"{base} at {prison.name}: peer support for the prisoners who need it.",
                target_group="Prisoners across the establishment, especially new arrivals.",
                partner_organisation=_PARTNERS.get(scheme_type, ""),
                coordinator=coordinator,
                created_by=coordinator,
                target_peer_supporters=target,
                minimum_peer_supporters=math.ceil(target / 2),
                status=rng.choices(statuses, weights=status_weights)[0],
            )
        )
    dataset.schemes = Scheme.objects.bulk_create(schemes, batch_size=BATCH_SIZE)


# --- plans, their records and the schemes' histories -----------------------------------

# How many records an ordinary scheme has (inclusive ranges).
RESOURCES_PER_PLAN = (2, 8)
STAKEHOLDERS_PER_SCHEME = (2, 10)
OBJECTIVES_PER_SCHEME = (1, 4)
MOST_REVIEWS = 12  # a launched scheme's review meetings: 0 to this
MOST_ACTIONS = 30  # a scheme's actions: 0 to this


@dataclass(frozen=True)
class BigScheme:
    """The featured big scheme's records: the pages are measured at this size."""

    resources: int = 40
    stakeholders: int = 40
    objectives: int = 4
    actions: int = 40
    reviews: int = 20


# The featured draft and submitted plans are as big (resources, stakeholders, objectives).
BIG_SCHEME = BigScheme()

# Where a plan is. A launched scheme's plan is always approved; one in planning is at
# one of the other stages, in these proportions.
EMPTY, PARTIAL, DRAFT, SUBMITTED, RETURNED, APPROVED = (
    "empty", "partial", "draft", "submitted", "returned", "approved",
)  # fmt: skip
_PLANNING_STAGE_WEIGHTS = {EMPTY: 3, PARTIAL: 7, DRAFT: 3, SUBMITTED: 4, RETURNED: 3}
# A closed scheme was launched first, or closed while it was still being planned.
_CLOSED_AFTER_LAUNCH = 0.8
_CLOSED_IN_PLANNING_STAGES = {EMPTY: 1, PARTIAL: 3, DRAFT: 1}
# Approved plans that a governor returned once before approving them.
_RETURNED_BEFORE_APPROVAL = 0.2
_LAUNCHED = {SchemeStatus.RECRUITING, SchemeStatus.ACTIVE, SchemeStatus.PAUSED}


def _days(count: int) -> timedelta:
    return timedelta(days=count)


def _moment(day: date, rng: random.Random) -> datetime:
    """A time in the working day of ``day``, and never in the future."""
    at = datetime.combine(
        day, time(8 + rng.randrange(9), rng.randrange(60)), tzinfo=timezone.get_current_timezone()
    )
    return min(at, timezone.now() - timedelta(minutes=1))


def _save_scheme_fields(schemes: list[Scheme], names: list[str]) -> None:
    """Save the fields ``names`` of every scheme: one UPDATE statement, run once a row.

    ``bulk_update`` does the same with a CASE expression a field, which takes Django
    seconds to build for the national data set's 800 schemes.
    """
    concrete = {field.name: field for field in Scheme._meta.concrete_fields}
    fields = [concrete[name] for name in names]
    quote = connection.ops.quote_name
    columns = [field.column for field in [*fields, Scheme._meta.pk]]
    assert None not in columns  # concrete fields all have one
    *assigned, key = (quote(str(column)) for column in columns)
    assignments = ", ".join(f"{column} = %s" for column in assigned)
    table = quote(Scheme._meta.db_table)
    sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608
    rows = [
        [field.get_db_prep_save(getattr(scheme, field.attname), connection) for field in fields]
        + [scheme.pk]
        for scheme in schemes
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _index_people(dataset: Dataset) -> None:
    for membership in dataset.memberships:
        if membership.prison_id is None:
            continue
        dataset.members_by_prison.setdefault(membership.prison_id, []).append(membership.user)
        if membership.role == Role.GOVERNOR:
            dataset.governors_by_prison.setdefault(membership.prison_id, []).append(membership.user)


def _feature(dataset: Dataset) -> FeaturedSchemes:
    """The busiest prison's first three schemes, made the same at every scale."""
    prison = dataset.busiest_prison
    schemes = dataset.schemes_at(prison)
    if len(schemes) < 3:
        raise ValueError("The busiest prison needs three schemes at least, for the measurements")
    coordinator = dataset.coordinators_by_prison[prison.pk][0]
    big, draft, submitted = schemes[:3]
    for scheme, status in [
        (big, SchemeStatus.ACTIVE),
        (draft, SchemeStatus.PLANNING),
        (submitted, SchemeStatus.PLANNING),
    ]:
        scheme.status = status
        scheme.coordinator = scheme.created_by = coordinator
    return FeaturedSchemes(
        big=big,
        draft=draft,
        submitted=submitted,
        coordinator=coordinator,
        governor=dataset.governors_by_prison[prison.pk][0],
    )


def _stage(scheme: Scheme, featured: FeaturedSchemes, rng: random.Random) -> str:
    if scheme.pk == featured.big.pk:
        return APPROVED
    if scheme.pk == featured.draft.pk:
        return DRAFT
    if scheme.pk == featured.submitted.pk:
        return SUBMITTED
    if scheme.status in _LAUNCHED:
        return APPROVED
    if scheme.status == SchemeStatus.CLOSED:
        if rng.random() < _CLOSED_AFTER_LAUNCH:
            return APPROVED
        weights = _CLOSED_IN_PLANNING_STAGES
    else:
        weights = _PLANNING_STAGE_WEIGHTS
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _answered_tasks(stage: str, rng: random.Random) -> tuple[frozenset[str], list[str]]:
    """The tasks with answers, and those marked complete (in the checklist's order)."""
    tasks = list(PlanTask.values)
    if stage == EMPTY:
        return frozenset(), []
    if stage != PARTIAL:
        return frozenset(tasks), tasks
    # Coordinators work down the checklist: the first few complete, maybe one started.
    done = rng.randint(0, len(tasks) - 1)
    started = done + 1 if done == 0 or rng.random() < 0.6 else done
    return frozenset(tasks[:started]), tasks[:done]


def _launched_moves(
    status: str, launched: date, today: date, rng: random.Random
) -> tuple[tuple[str, str, datetime], ...]:
    """The moves from planning to ``status``, the first on the launch day."""
    S = SchemeStatus
    if status == S.RECRUITING:
        path = [S.RECRUITING]
    elif status == S.ACTIVE:
        # Some active schemes were paused once and restarted.
        path = [S.RECRUITING, S.ACTIVE] + ([S.PAUSED, S.ACTIVE] if rng.random() < 0.15 else [])
    elif status == S.PAUSED:
        path = [S.RECRUITING, S.ACTIVE, S.PAUSED]
    else:
        path = rng.choice(
            [[S.RECRUITING, S.ACTIVE, S.CLOSED]] * 3
            + [[S.RECRUITING, S.CLOSED], [S.RECRUITING, S.ACTIVE, S.PAUSED, S.CLOSED]]
        )
    offsets = sorted(rng.sample(range(1, (today - launched).days), len(path) - 1))
    days = [launched, *(launched + _days(offset) for offset in offsets)]
    statuses = [S.PLANNING.value, *path]
    return tuple((statuses[i], statuses[i + 1], _moment(day, rng)) for i, day in enumerate(days))


def _story(
    scheme: Scheme, stage: str, answered: frozenset[str], dataset: Dataset, big: bool
) -> SchemeStory:
    rng, today = dataset.rng, dataset.today
    if stage == APPROVED:
        if big:
            # Launched long enough ago for a monthly review every month since.
            launched = add_months(today, -(BIG_SCHEME.reviews + 1))
        else:
            launched = today - _days(rng.randint(40, 1100))
        submitted = launched - _days(rng.randint(1, 20))
        returned = None
        if not big and rng.random() < _RETURNED_BEFORE_APPROVAL:
            returned = _moment(submitted - _days(rng.randint(3, 15)), rng)
        return SchemeStory(
            created=_moment(submitted - _days(rng.randint(30, 150)), rng),
            answered=answered,
            submitted=_moment(submitted, rng),
            returned=returned,
            approved=_moment(launched, rng),
            moves=_launched_moves(scheme.status, launched, today, rng),
        )
    if stage == SUBMITTED:
        submitted = today - _days(rng.randint(0, 40))
        return SchemeStory(
            created=_moment(submitted - _days(rng.randint(20, 150)), rng),
            answered=answered,
            submitted=_moment(submitted, rng),
        )
    if stage == RETURNED:
        returned_on = today - _days(rng.randint(1, 30))
        submitted = returned_on - _days(rng.randint(1, 14))
        return SchemeStory(
            created=_moment(submitted - _days(rng.randint(20, 150)), rng),
            answered=answered,
            submitted=_moment(submitted, rng),
            returned=_moment(returned_on, rng),
        )
    if scheme.status == SchemeStatus.CLOSED:
        closed = today - _days(rng.randint(1, 300))
        return SchemeStory(
            created=_moment(closed - _days(rng.randint(30, 200)), rng),
            answered=answered,
            moves=((SchemeStatus.PLANNING, SchemeStatus.CLOSED, _moment(closed, rng)),),
        )
    return SchemeStory(created=_moment(today - _days(rng.randint(1, 240)), rng), answered=answered)


def _plan_answers(scheme: Scheme, answered: frozenset[str], rng: random.Random) -> dict[str, Any]:
    """The plan's fields for the answered tasks, worded for the scheme's type."""
    answers: dict[str, Any] = {}
    need, evidence, outcomes = wording.NEEDS[scheme.scheme_type]
    if PlanTask.NEED in answered:
        answers.update(
            need=need,
            need_evidence=evidence.format(n=rng.randint(12, 60)),
            intended_outcomes=outcomes,
        )
    if PlanTask.TARGET_GROUP in answered:
        answers.update(
            target_group_who=scheme.target_group,
            target_group_size=rng.randrange(40, 600, 10),
            target_group_needs="Someone to talk to in confidence, and help to find their way.",
        )
    if PlanTask.AVAILABILITY in answered:
        days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        answers.update(
            available_days=days if rng.random() < 0.4 else days[:5],
            available_hours=rng.choice(wording.HOURS),
            locations=rng.choice(wording.LOCATIONS),
            access_routes=sorted(rng.sample(["application", "referral", "call-out", "drop-in"], 2)),
        )
    if PlanTask.PEER_SUPPORTERS in answered:
        paid = rng.random() < 0.6
        answers.update(
            selection_route=rng.choice(wording.SELECTION),
            training_provider=scheme.partner_organisation or rng.choice(wording.TRAINERS),
            training_hours=rng.choice([6, 12, 20, 30, 40]),
            supervision_frequency=rng.choice(SupervisionFrequency.values),
            pay=Pay.PAID if paid else Pay.UNPAID,
            pay_band=f"Band {rng.randint(2, 4)}" if paid else "",
        )
    if PlanTask.IMPACT in answered:
        answers["impact_evidence"] = rng.choice(wording.IMPACT_EVIDENCE)
    return answers


def add_plans(dataset: Dataset) -> None:
    """A plan for every scheme, at a stage its status allows, and the scheme's dates.

    A launched scheme (recruiting, active, paused, and most closed ones) has a complete,
    approved plan and a launch date; one in planning has an empty, part-done, complete,
    submitted or returned plan. Picks the featured schemes first.
    """
    rng = dataset.rng
    _index_people(dataset)
    featured = dataset.featured_schemes = _feature(dataset)
    plans = []
    for scheme in dataset.schemes:
        big = scheme.pk == featured.big.pk
        stage = _stage(scheme, featured, rng)
        answered, completed = _answered_tasks(stage, rng)
        story = dataset.stories[scheme.pk] = _story(scheme, stage, answered, dataset, big)
        scheme.created_at = story.created
        scheme.launched_on = story.approved.date() if story.approved else None
        if PlanTask.IMPACT in completed or (PlanTask.IMPACT in answered and rng.random() < 0.5):
            scheme.review_cadence_months = 1 if big else rng.choice([1, 2, 3, 3, 3, 6, 6, 12])
        approval = {
            APPROVED: PlanApproval.APPROVED,
            SUBMITTED: PlanApproval.SUBMITTED,
            RETURNED: PlanApproval.RETURNED,
        }.get(stage, PlanApproval.DRAFT)
        plans.append(
            Plan(
                scheme=scheme,
                **_plan_answers(scheme, answered, rng),
                completed_tasks=completed,
                approval=approval,
                approved_version=1 if approval == PlanApproval.APPROVED else 0,
                submitted_at=story.submitted,
                submitted_by=(
                    scheme.coordinator or dataset.coordinators_by_prison[scheme.prison_id][0]
                    if story.submitted
                    else None
                ),
            )
        )
    # The featured schemes' status and coordinator, and every scheme's dates.
    _save_scheme_fields(
        dataset.schemes,
        [
            "status",
            "coordinator",
            "created_by",
            "review_cadence_months",
            "launched_on",
            "created_at",
        ],
    )
    dataset.plans = Plan.objects.bulk_create(plans, batch_size=BATCH_SIZE)


def _resource(plan: Plan, rng: random.Random) -> Resource:
    kind = rng.choice(list(wording.RESOURCES))
    description, unit, least, most = rng.choice(wording.RESOURCES[kind])
    return Resource(
        plan=plan,
        kind=kind,
        description=description,
        amount=Decimal(rng.randint(least, most)),
        unit=unit,
        confirmed=rng.random() < 0.7,
    )


def _stakeholder(scheme: Scheme, index: int) -> Stakeholder:
    lap, which = divmod(index, len(wording.STAKEHOLDERS))
    name, kind, interest, engagement = wording.STAKEHOLDERS[which]
    if kind == StakeholderKind.PARTNER and scheme.partner_organisation:
        name = scheme.partner_organisation
    if lap:
        # The big schemes list the same kinds of people again, wing by wing.
        name = f"{name}, {wording.WINGS[lap % len(wording.WINGS)]}"
    return Stakeholder(
        scheme=scheme, name=name, kind=kind, interest=interest, engagement=engagement
    )


def _objective(scheme: Scheme, index: int, today: date, rng: random.Random) -> SmartObjective:
    """An objective that passes the SMART check (schemes.rules.smart_problems)."""
    choices = wording.OBJECTIVES[scheme.scheme_type]
    indicator, unit, relevance, goes_down = choices[index % len(choices)]
    baseline = rng.randint(10, 80)
    factor = rng.uniform(0.4, 0.85) if goes_down else rng.uniform(1.2, 2.5)
    return SmartObjective(
        scheme=scheme,
        indicator=indicator,
        relevance=relevance,
        baseline=Decimal(baseline),
        target=Decimal(round(baseline * factor)),
        unit=unit,
        deadline=today + _days(rng.randint(60, 900)),
    )


def _records_for(
    plan: Plan, task: str, answered: frozenset[str], many: tuple[int, int], rng: random.Random
) -> int:
    """How many records a list task has: a few if complete, one to three if started."""
    if task not in answered:
        return 0
    return rng.randint(*many) if plan.is_complete(task) else rng.randint(1, 3)


def add_plan_records(dataset: Dataset) -> None:
    """The plans' resources, stakeholders and SMART objectives.

    A complete list task has a few (the featured schemes, BIG_SCHEME's numbers); one in
    progress has one to three; an unanswered one has none.
    """
    rng, featured = dataset.rng, dataset.featured
    resources: list[Resource] = []
    stakeholders: list[Stakeholder] = []
    objectives: list[SmartObjective] = []
    for scheme, plan in zip(dataset.schemes, dataset.plans, strict=True):
        answered = dataset.stories[scheme.pk].answered
        big = scheme.pk in (featured.big.pk, featured.draft.pk, featured.submitted.pk)
        count = _records_for(plan, PlanTask.RESOURCES, answered, RESOURCES_PER_PLAN, rng)
        count = BIG_SCHEME.resources if big else count
        resources += [_resource(plan, rng) for _ in range(count)]
        count = _records_for(plan, PlanTask.STAKEHOLDERS, answered, STAKEHOLDERS_PER_SCHEME, rng)
        count = BIG_SCHEME.stakeholders if big else count
        stakeholders += [_stakeholder(scheme, index) for index in range(count)]
        count = _records_for(plan, PlanTask.IMPACT, answered, OBJECTIVES_PER_SCHEME, rng)
        count = BIG_SCHEME.objectives if big else count
        objectives += [_objective(scheme, index, dataset.today, rng) for index in range(count)]
    dataset.resources = Resource.objects.bulk_create(resources, batch_size=BATCH_SIZE)
    dataset.stakeholders = Stakeholder.objects.bulk_create(stakeholders, batch_size=BATCH_SIZE)
    dataset.objectives = SmartObjective.objects.bulk_create(objectives, batch_size=BATCH_SIZE)


def add_decisions_and_moves(dataset: Dataset) -> None:
    """Governors' decisions on the plans, and the lifecycle's moves, as the stories say.

    Approving the plan and closing a scheme are a governor's moves; the others the
    coordinator's.
    """
    rng = dataset.rng
    decisions: list[PlanDecision] = []
    moves: list[SchemeTransition] = []
    for scheme, plan in zip(dataset.schemes, dataset.plans, strict=True):
        story = dataset.stories[scheme.pk]
        governor = rng.choice(dataset.governors_by_prison[scheme.prison_id])
        coordinator = scheme.coordinator or dataset.coordinators_by_prison[scheme.prison_id][0]
        if story.returned:
            decisions.append(
                PlanDecision(
                    plan=plan,
                    decision=PlanDecisionKind.RETURNED,
                    reason=rng.choice(wording.RETURN_REASONS),
                    decided_by=governor,
                    decided_at=story.returned,
                )
            )
        if story.approved:
            decisions.append(
                PlanDecision(
                    plan=plan,
                    decision=PlanDecisionKind.APPROVED,
                    decided_by=governor,
                    decided_at=story.approved,
                )
            )
        for from_status, to_status, at in story.moves:
            if to_status == SchemeStatus.RECRUITING:
                reason = "Plan approved"  # what approving the plan records
            elif to_status == SchemeStatus.PAUSED:
                reason = rng.choice(wording.PAUSE_REASONS)
            elif to_status == SchemeStatus.CLOSED:
                reason = rng.choice(wording.CLOSE_REASONS)
            elif from_status == SchemeStatus.PAUSED:
                reason = rng.choice(wording.RESTART_REASONS)
            else:
                reason = ""
            by_governor = lifecycle.TRANSITIONS[from_status, to_status] == Permission.APPROVE
            moves.append(
                SchemeTransition(
                    scheme=scheme,
                    from_status=from_status,
                    to_status=to_status,
                    by=governor if by_governor else coordinator,
                    at=at,
                    reason=reason,
                )
            )
    dataset.decisions = PlanDecision.objects.bulk_create(decisions, batch_size=BATCH_SIZE)
    dataset.transitions = SchemeTransition.objects.bulk_create(moves, batch_size=BATCH_SIZE)


def _review_days(
    scheme: Scheme, story: SchemeStory, today: date, big: bool, rng: random.Random
) -> list[date]:
    """When the launched scheme's review meetings were held, oldest first."""
    assert scheme.launched_on is not None
    assert scheme.review_cadence_months is not None
    until = story.closed_on or today
    due: list[date] = []
    while True:
        day = add_months(scheme.launched_on, (len(due) + 1) * scheme.review_cadence_months)
        if day > until:
            break
        due.append(day)
    if big:
        return due[: BIG_SCHEME.reviews]
    if rng.random() < 0.1:
        return []  # never reviewed
    # Some are a little behind: the last one or two due are not held yet.
    behind = rng.choices([0, 1, 2], weights=[6, 3, 1])[0]
    held = due[: len(due) - behind][-MOST_REVIEWS:]
    return [
        min(until, max(scheme.launched_on + _days(1), day + _days(rng.randint(-7, 7))))
        for day in held
    ]


def add_reviews(dataset: Dataset) -> None:
    """Review meetings of the launched schemes, at about their cadence, with attendees."""
    rng, today, featured = dataset.rng, dataset.today, dataset.featured
    stakeholders: dict[int, list[Stakeholder]] = {}
    for stakeholder in dataset.stakeholders:
        stakeholders.setdefault(stakeholder.scheme_id, []).append(stakeholder)
    reviews: list[ReviewMeeting] = []
    staff: list[list[User]] = []
    attended: list[list[Stakeholder]] = []
    for scheme in dataset.schemes:
        story = dataset.stories[scheme.pk]
        if not story.launched:
            continue
        members = dataset.members_by_prison[scheme.prison_id]
        recorder = scheme.coordinator or dataset.coordinators_by_prison[scheme.prison_id][0]
        base = _SCHEME_NAMES[scheme.scheme_type]
        for held_on in _review_days(scheme, story, today, scheme.pk == featured.big.pk, rng):
            supporters = rng.randint(0, 8)
            notes = {name: rng.choice(texts) for name, texts in wording.REVIEW_NOTES.items()}
            reviews.append(
                ReviewMeeting(
                    scheme=scheme,
                    held_on=held_on,
                    peer_supporters_attending=supporters,
                    peer_supporter_roles=f"{supporters} {base}" if supporters else "",
                    decisions=rng.choice(wording.DECISIONS),
                    recorded_by=recorder,
                    **notes,
                )
            )
            staff.append(rng.sample(members, min(len(members), rng.randint(1, 4))))
            known = stakeholders.get(scheme.pk, [])
            attended.append(rng.sample(known, min(len(known), rng.randint(0, 3))))
    dataset.reviews = ReviewMeeting.objects.bulk_create(reviews, batch_size=BATCH_SIZE)
    StaffThrough = ReviewMeeting.staff_attendees.through
    StakeholderThrough = ReviewMeeting.stakeholder_attendees.through
    StaffThrough.objects.bulk_create(
        (
            StaffThrough(reviewmeeting_id=review.pk, user_id=user.pk)
            for review, users in zip(dataset.reviews, staff, strict=True)
            for user in users
        ),
        batch_size=BATCH_SIZE,
    )
    StakeholderThrough.objects.bulk_create(
        (
            StakeholderThrough(reviewmeeting_id=review.pk, stakeholder_id=stakeholder.pk)
            for review, people in zip(dataset.reviews, attended, strict=True)
            for stakeholder in people
        ),
        batch_size=BATCH_SIZE,
    )


def _between(first: date, last: date, rng: random.Random) -> date:
    return first + _days(rng.randint(0, max(0, (last - first).days)))


def _action(
    scheme: Scheme,
    owner: User,
    description: str,
    set_on: date,
    due: date,
    until: date,
    closed: bool,
    rng: random.Random,
    **extra: Any,
) -> Action:
    """An action set on ``set_on``: done (by ``until`` at the latest), or still open."""
    if closed:
        done = True  # a closed scheme's actions were finished or dropped
    elif due < until:
        done = rng.random() < 0.85  # the rest are overdue
    else:
        done = rng.random() < 0.15
    return Action(
        scheme=scheme,
        description=description,
        owner=owner,
        due_date=due,
        status=ActionStatus.DONE if done else ActionStatus.OPEN,
        completed_on=_between(set_on, min(until, due + _days(20)), rng) if done else None,
        created_by=scheme.coordinator,
        **extra,
    )


def _owner(owners: list[User], members: list[User], index: int, rng: random.Random) -> User:
    """Somebody at the prison, or every third time one of ``owners`` if there are any."""
    if owners and index % 3 == 0:
        return owners[index // 3 % len(owners)]
    return rng.choice(members)


def add_actions(dataset: Dataset) -> None:
    """Up to MOST_ACTIONS actions a scheme: from its reviews, a returned plan, or other.

    Owners are people with a membership at the scheme's prison; the featured big
    scheme's coordinator owns some of its actions. Some are overdue, some done.
    """
    rng, today, featured = dataset.rng, dataset.today, dataset.featured
    reviews: dict[int, list[ReviewMeeting]] = {}
    for review in dataset.reviews:
        reviews.setdefault(review.scheme_id, []).append(review)
    actions: list[Action] = []
    raised_at: list[tuple[Action, ReviewMeeting]] = []
    for scheme, plan in zip(dataset.schemes, dataset.plans, strict=True):
        story = dataset.stories[scheme.pk]
        big = scheme.pk == featured.big.pk
        members = dataset.members_by_prison[scheme.prison_id]
        closed_on = story.closed_on
        until = closed_on or today
        mine: list[Action] = []
        # The big scheme's coordinator owns every third of its actions.
        owners = [featured.coordinator] if big else []

        if story.returned:
            # What returning a plan does: an action for the coordinator to revise it.
            returned_on = story.returned.date()
            resubmitted = story.submitted.date() if story.approved and story.submitted else None
            mine.append(
                _action(
                    scheme,
                    scheme.coordinator or plan.submitted_by or rng.choice(members),
                    "Revise the plan and submit it again.",
                    returned_on,
                    returned_on + _days(14),
                    resubmitted or until,
                    closed_on is not None or resubmitted is not None,
                    rng,
                    source=ActionSource.PLAN_RETURNED,
                )
            )
        wanted = BIG_SCHEME.actions if big else rng.randint(len(mine), MOST_ACTIONS)
        for review in reviews.get(scheme.pk, []):
            for _ in range(rng.randint(0, 3)):
                if len(mine) >= wanted:
                    break
                raised = _action(
                    scheme,
                    _owner(owners, members, len(mine), rng),
                    rng.choice(wording.ACTION_DESCRIPTIONS),
                    review.held_on,
                    review.held_on + _days(rng.randint(14, 60)),
                    until,
                    closed_on is not None,
                    rng,
                    source=ActionSource.REVIEW,
                )
                mine.append(raised)
                raised_at.append((raised, review))
        while len(mine) < wanted:
            set_on = _between(story.created.date(), until, rng)
            mine.append(
                _action(
                    scheme,
                    _owner(owners, members, len(mine), rng),
                    rng.choice(wording.ACTION_DESCRIPTIONS),
                    set_on,
                    set_on + _days(rng.randint(7, 90)),
                    until,
                    closed_on is not None,
                    rng,
                )
            )
        actions += mine
    dataset.actions = Action.objects.bulk_create(actions, batch_size=BATCH_SIZE)
    ReviewAction.objects.bulk_create(
        [ReviewAction(review=review, action=action) for action, review in raised_at],
        batch_size=BATCH_SIZE,
    )


# Later issues append their steps here (see the module's docstring).
STEPS: list[Step] = [
    add_prisons,
    add_staff,
    add_national_analysts,
    add_schemes,
    add_plans,
    add_plan_records,
    add_decisions_and_moves,
    add_reviews,
    add_actions,
    add_reminders,
    dashboards.add_regions,
    people.add_people,
    activity.add_activity_summaries,
    dashboards.store_snapshots,  # last: the snapshots hold for everything above
]


def _plan_versions_step() -> Step:
    # Its own module (benchmarks/plan_versions.py), which imports this one.
    from .plan_versions import add_submissions_and_versions

    return add_submissions_and_versions


STEPS.insert(STEPS.index(add_decisions_and_moves) + 1, _plan_versions_step())


def build_dataset(scale: Scale, steps: list[Step] | None = None) -> Dataset:
    """Make the records for ``scale`` in the default database, in one transaction."""
    dataset = Dataset(scale=scale)
    with transaction.atomic():
        for step in STEPS if steps is None else steps:
            dataset.rng = random.Random(f"{scale.seed}:{step.__name__}")
            step(dataset)
    return dataset
