"""Who is in the prison and who holds, asked for and was given a scheme's peer roles,
by age band, ethnic group, religion and disability: the registry's ``composition`` hook,
read by monitoring's preferential treatment check (which must not import this app).

Three queries whatever the size of the prison: its prisoners held today (a large prison
holds about 2,000, counted here rather than grouped in the database because the age band
depends on the day), the scheme's peer supporters, and its applications of the last 12
months.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

from schemes.models import Scheme
from schemes.phases import (
    AGE_BAND,
    DISABILITY,
    ETHNIC_GROUP,
    RELIGION,
    Composition,
    GroupCounts,
)

from . import rules
from .models import Application, ApplicationStatus, Disability, Placement, PlacementStatus, Prisoner

# Peer supporters for the check: everyone holding a role (suspended and left do not).
HOLDING_ROLE = (PlacementStatus.IN_TRAINING, PlacementStatus.PROBATION, PlacementStatus.ACTIVE)
APPROVED = (ApplicationStatus.APPROVED, ApplicationStatus.PLACED)
APPLIED_WITHIN = timedelta(days=365)

# The religion groups of the 2021 Census, with the words NOMIS uses that fall in each.
NO_RELIGION = "No religion"
CHRISTIAN = "Christian"
BUDDHIST = "Buddhist"
HINDU = "Hindu"
JEWISH = "Jewish"
MUSLIM = "Muslim"
SIKH = "Sikh"
OTHER_RELIGION = "Any other religion"
RELIGIONS = (
    NO_RELIGION,
    CHRISTIAN,
    BUDDHIST,
    HINDU,
    JEWISH,
    MUSLIM,
    SIKH,
    OTHER_RELIGION,
    rules.NOT_STATED,
    rules.NOT_RECORDED,
)
_RELIGION_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("not stated", "refused", "prefer not", "not disclosed", "not given"), rules.NOT_STATED),
    (("no religion", "atheist", "agnostic", "nil religion"), NO_RELIGION),
    (("jew", "judais"), JEWISH),
    (("muslim", "islam"), MUSLIM),
    (("hindu",), HINDU),
    (("sikh",), SIKH),
    (("buddhis",), BUDDHIST),
    (
        (
            "christian",
            "church",
            "catholic",
            "anglican",
            "methodist",
            "baptist",
            "protestant",
            "orthodox",
            "pentecostal",
            "presbyterian",
            "evangelical",
            "quaker",
            "jehovah",
            "latter day",
            "mormon",
            "salvation army",
            "lutheran",
            "calvinist",
            "adventist",
        ),
        CHRISTIAN,
    ),
)


def religion_group(religion: str) -> str:
    """The Census religion group of a religion as the prison recorded it: "Church of
    England (Anglican)" is "Christian"."""
    text = " ".join(religion.lower().split())
    if not text:
        return rules.NOT_RECORDED
    if text in {"none", "no", "nil"}:
        return NO_RELIGION
    for words, group in _RELIGION_WORDS:
        if any(word in text for word in words):
            return group
    return OTHER_RELIGION


def disability_group(disability: str) -> str:
    return (
        str(Disability(disability).label) if disability in Disability.values else rules.NOT_RECORDED
    )


Person = tuple[date | None, str, str, str]  # date of birth, ethnicity, religion, disability


def groups_of(person: Person, day: date) -> dict[str, str]:
    """The person's group in each dimension on ``day``."""
    born, ethnicity, religion, disability = person
    return {
        AGE_BAND: rules.age_band(born, day),
        ETHNIC_GROUP: rules.ethnicity_group(ethnicity),
        RELIGION: religion_group(religion),
        DISABILITY: disability_group(disability),
    }


def _count(people: Iterable[Person], day: date) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {
        key: Counter() for key in (AGE_BAND, ETHNIC_GROUP, RELIGION, DISABILITY)
    }
    for person in people:
        for key, group in groups_of(person, day).items():
            counts[key][group] += 1
    return counts


def _order(key: str, seen: Iterable[str]) -> list[str]:
    """Every group of a dimension in the order to show it (groups nobody is in too)."""
    listed: list[str] = {
        AGE_BAND: [label for _, label in rules.AGE_BANDS] + [rules.NOT_RECORDED],
        ETHNIC_GROUP: list(rules.ETHNIC_GROUPS),
        RELIGION: list(RELIGIONS),
        DISABILITY: [str(Disability.YES.label), str(Disability.NO.label), rules.NOT_RECORDED],
    }[key]
    extra = sorted(set(seen) - set(listed))  # "Under 15", should an extract hold one
    return extra + listed


_PERSON = ("date_of_birth", "ethnicity", "religion", "disability")


def composition(scheme: Scheme, day: date) -> Composition:
    """The prison's population and the scheme's peer supporters, applicants and approved
    applicants of the last 12 months, by group. Three queries."""
    population = _count(
        Prisoner.objects.filter(prison_id=scheme.prison_id, in_prison=True)
        .order_by()
        .values_list(*_PERSON),
        day,
    )
    supporters = _count(
        Placement.objects.filter(scheme=scheme, status__in=HOLDING_ROLE)
        .order_by()
        .values_list(*(f"prisoner__{name}" for name in _PERSON)),
        day,
    )
    # A person who applied twice in the year counts once: approved if either was.
    applicants: dict[int, tuple[Person, bool]] = {}
    for prisoner_id, status, *person in (
        Application.objects.filter(
            scheme=scheme, applied_on__gt=day - APPLIED_WITHIN, applied_on__lte=day
        )
        .order_by()
        .values_list("prisoner_id", "status", *(f"prisoner__{name}" for name in _PERSON))
    ):
        _, was_approved = applicants.get(prisoner_id, (None, False))
        born, ethnicity, religion, disability = person
        applicants[prisoner_id] = (
            (born, ethnicity, religion, disability),
            was_approved or status in APPROVED,
        )
    applied = _count((person for person, _ in applicants.values()), day)
    approved = _count((person for person, ok in applicants.values() if ok), day)
    groups: dict[str, dict[str, GroupCounts]] = {}
    for key in (AGE_BAND, ETHNIC_GROUP, RELIGION, DISABILITY):
        seen = set(population[key]) | set(supporters[key]) | set(applied[key])
        groups[key] = {
            group: GroupCounts(
                population=population[key][group],
                peer_supporters=supporters[key][group],
                applied=applied[key][group],
                approved=approved[key][group],
            )
            for group in _order(key, seen)
        }
    return Composition(population_total=sum(population[DISABILITY].values()), groups=groups)
