"""A national-scale data set for the benchmark, built in a few seconds with bulk inserts.

``build_dataset(Scale.national())`` makes what the service holds once every prison in
England and Wales uses it: 125 prisons, 800 schemes, 2,000 prison staff with a realistic
mix of roles, and a few national analysts. ``Scale.small()`` makes the same shape in
miniature, for the tests and for the query-count comparison.

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

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import Membership, Prison, Role, User
from schemes.models import Scheme, SchemeStatus, SchemeType

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


@dataclass
class Dataset:
    """What the steps made, for later steps and for the measurements to pick from."""

    scale: Scale
    rng: random.Random = field(default_factory=random.Random)
    prisons: list[Prison] = field(default_factory=list)
    staff: list[User] = field(default_factory=list)
    analysts: list[User] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    coordinators_by_prison: dict[int, list[User]] = field(default_factory=dict)
    schemes: list[Scheme] = field(default_factory=list)

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


# Later issues append their steps here (see the module's docstring).
STEPS: list[Step] = [
    add_prisons,
    add_staff,
    add_national_analysts,
    add_schemes,
]


def build_dataset(scale: Scale, steps: list[Step] | None = None) -> Dataset:
    """Make the records for ``scale`` in the default database, in one transaction."""
    dataset = Dataset(scale=scale)
    with transaction.atomic():
        for step in STEPS if steps is None else steps:
            dataset.rng = random.Random(f"{scale.seed}:{step.__name__}")
            step(dataset)
    return dataset
