"""Who is in the prison and who holds, asked for and was given a scheme's peer roles,
by age band, ethnic group, religion and disability: the registry's ``composition`` hook,
read by monitoring's preferential treatment check (which must not import this app).

Six queries whatever the number of schemes and people: the prisons' prisoners held
today, counted by group in the database (four grouped queries: age band, ethnicity,
religion, disability), the schemes' peer supporters, and their applications of the last
12 months.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from django.db.models import Case, CharField, Count, Value, When

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


def _years_before(day: date, years: int) -> date:
    """The date ``years`` before ``day``: someone born on or before it is at least that
    old on ``day`` (29 February falls back to the 28th, as ``rules.age_on`` counts)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_band_expression(day: date, field: str = "date_of_birth") -> Case:
    """``rules.age_band`` on ``day`` as a query expression, so the database can count
    by band."""
    whens = [When(**{f"{field}__isnull": True}, then=Value(rules.NOT_RECORDED))]
    whens.append(When(**{f"{field}__gt": day}, then=Value(rules.NOT_RECORDED)))
    for lowest, label in reversed(rules.AGE_BANDS):
        whens.append(When(**{f"{field}__lte": _years_before(day, lowest)}, then=Value(label)))
    return Case(*whens, default=Value("Under 15"), output_field=CharField())


def _population(prison_ids: list[int], day: date) -> dict[int, dict[str, Counter[str]]]:
    """Each prison's prisoners held today, counted by group: four grouped queries (a
    prison holds up to about 2,000 people; the estate about 90,000)."""
    counts: dict[int, dict[str, Counter[str]]] = {
        pk: {key: Counter() for key in (AGE_BAND, ETHNIC_GROUP, RELIGION, DISABILITY)}
        for pk in prison_ids
    }
    held = Prisoner.objects.filter(prison_id__in=prison_ids, in_prison=True).order_by()
    grouped = (
        (AGE_BAND, held.annotate(group=age_band_expression(day)), "group", str),
        (ETHNIC_GROUP, held, "ethnicity", rules.ethnicity_group),
        (RELIGION, held, "religion", religion_group),
        (DISABILITY, held, "disability", disability_group),
    )
    for key, rows, column, to_group in grouped:
        for prison_id, value, count in (
            rows.values("prison_id", column)
            .annotate(count=Count("id"))
            .values_list("prison_id", column, "count")
        ):
            counts[prison_id][key][to_group(value)] += count
    return counts


def composition_many(schemes: Sequence[Scheme], day: date) -> dict[int, Composition]:
    """``composition`` for many schemes at once (the dashboards): six queries, whatever
    the number of schemes."""
    ids = [scheme.pk for scheme in schemes]
    population = _population(sorted({scheme.prison_id for scheme in schemes}), day)
    supporters: dict[int, list[Person]] = {pk: [] for pk in ids}
    for scheme_id, *person in (
        Placement.objects.filter(scheme_id__in=ids, status__in=HOLDING_ROLE)
        .order_by()
        .values_list("scheme_id", *(f"prisoner__{name}" for name in _PERSON))
    ):
        born, ethnicity, religion, disability = person
        supporters[scheme_id].append((born, ethnicity, religion, disability))
    # A person who applied twice in the year counts once: approved if either was.
    applicants: dict[int, dict[int, tuple[Person, bool]]] = {pk: {} for pk in ids}
    for scheme_id, prisoner_id, status, *person in (
        Application.objects.filter(
            scheme_id__in=ids, applied_on__gt=day - APPLIED_WITHIN, applied_on__lte=day
        )
        .order_by()
        .values_list(
            "scheme_id", "prisoner_id", "status", *(f"prisoner__{name}" for name in _PERSON)
        )
    ):
        _, was_approved = applicants[scheme_id].get(prisoner_id, (None, False))
        born, ethnicity, religion, disability = person
        applicants[scheme_id][prisoner_id] = (
            (born, ethnicity, religion, disability),
            was_approved or status in APPROVED,
        )
    found: dict[int, Composition] = {}
    for scheme in schemes:
        held = population[scheme.prison_id]
        peers = _count(supporters[scheme.pk], day)
        people = applicants[scheme.pk].values()
        applied = _count((person for person, _ in people), day)
        approved = _count((person for person, ok in people if ok), day)
        groups: dict[str, dict[str, GroupCounts]] = {}
        for key in (AGE_BAND, ETHNIC_GROUP, RELIGION, DISABILITY):
            seen = set(held[key]) | set(peers[key]) | set(applied[key])
            groups[key] = {
                group: GroupCounts(
                    population=held[key][group],
                    peer_supporters=peers[key][group],
                    applied=applied[key][group],
                    approved=approved[key][group],
                )
                for group in _order(key, seen)
            }
        found[scheme.pk] = Composition(
            population_total=sum(held[DISABILITY].values()), groups=groups
        )
    return found


def composition(scheme: Scheme, day: date) -> Composition:
    """The prison's population and the scheme's peer supporters, applicants and approved
    applicants of the last 12 months, by group: ``composition_many`` for one scheme."""
    return composition_many([scheme], day)[scheme.pk]
