"""The phase registry: how the shared record shows every phase without importing one.

The guidance's four areas are four phases. Each phase app (planning, recruitment,
maintenance, monitoring) registers a ``Phase`` in its ``AppConfig.ready()``; the scheme
overview, the sub navigation, the history, the lifecycle's gates, and later reminders
and dashboards, are built by iterating ``phases()``. Arrows run from the phase apps to
``schemes``, never back, so adding a phase changes no code here.

Every hook is optional: a phase registers what it has. Hooks take plain values and
return plain values (the dataclasses below), so ``schemes`` never touches a phase's
models.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

if TYPE_CHECKING:
    from accounts.access import AnyUser
    from accounts.models import User

    from .models import Scheme


@dataclass(frozen=True)
class Task:
    """One row of a phase's GOV.UK task list on the scheme overview."""

    title: str
    status: str
    colour: str = ""  # govuk-tag--<colour>; empty for plain text ("Completed")
    href: str | None = None  # only where this user may act on it now
    hint: str = ""


@dataclass(frozen=True)
class Notice:
    """Something the scheme page says above everything else.

    ``banner``: a GOV.UK notification banner ("This plan is waiting for your
    approval"); ``warning``: GOV.UK warning text ("The review meeting was due on ...").
    """

    kind: Literal["banner", "warning"]
    heading: str
    body: str = ""
    link: tuple[str, str] | None = None  # (href, text)


@dataclass
class PhaseOverview:
    """What a phase shows on the scheme overview for one user on one day."""

    tasks: list[Task] = field(default_factory=list)
    # The guidance's checklist items shown as a reminder list under the tasks.
    reminders: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    # Links in the status panel beside the phases, e.g. ("/…/print/", "Print the plan").
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class OverviewContext:
    """What every phase's overview hook gets.

    ``shared`` carries figures one phase works out and another shows: phases are
    called in order of their number, and a phase that needs another's figure reads it
    by the key the owner documents (e.g. ``OBJECTIVES``), never by importing it.
    """

    scheme: Scheme
    user: AnyUser
    today: date
    may_change: bool
    may_see_people: bool
    shared: dict[str, Any] = field(default_factory=dict)


# Keys of OverviewContext.shared.
OBJECTIVES = "objectives"  # an ObjectivesFigure, filled by planning


@dataclass(frozen=True)
class ObjectivesFigure:
    """The SMART objectives as planning judges them (read by monitoring's overview)."""

    count: int
    status: str
    colour: str
    href: str | None


@dataclass(frozen=True)
class HistoryEvent:
    """One entry on the scheme's timeline.

    ``summary`` never names a person. ``by``, ``details`` and ``link`` may (reasons and
    decisions are free text, which can name prisoners): the history selector removes
    them for a user who may not see people.
    """

    title: str
    at: datetime | date
    sort_key: tuple[date, datetime]
    by: str | None = None
    summary: str = ""
    details: list[tuple[str, str]] = field(default_factory=list)
    link: tuple[str, str] | None = None  # (href, text)

    @property
    def has_time(self) -> bool:
        return isinstance(self.at, datetime)


def moment_key(moment: datetime) -> tuple[date, datetime]:
    """A HistoryEvent's sort_key for something that happened at ``moment``: the local
    day first, so it sorts among events that have only a date."""
    return (timezone.localdate(moment), moment)


@dataclass(frozen=True)
class DueItem:
    """Something that falls due on a date, for the people who must do it (reminders)."""

    kind: str  # e.g. "review-meeting", "action", "plan-decision"
    record_id: int
    scheme_id: int
    user_ids: tuple[int, ...]
    due: date
    title: str
    href: str


@dataclass(frozen=True)
class HealthSignal:
    """A reason a scheme is not healthy (dashboards): red or amber, in plain words."""

    rating: Literal["red", "amber"]
    reason: str


@dataclass(frozen=True)
class PeerSupporter:
    """A peer supporter of a scheme, as the phase that holds them (recruitment)
    registers them: what another phase needs to record who did something (monitoring's
    activity log) without importing the phase. ``id`` is stable for the placement."""

    id: int
    name: str
    prisoner_number: str
    wing: str
    status: str  # e.g. "active", "on probation", "in training"


@dataclass(frozen=True)
class Evidence:
    """The self-assessment's judgement of one of the guidance's checklist items for a
    scheme, from what the service holds (dashboards)."""

    item: str  # the checklist item, quoted as in Phase.checklist
    rating: Literal["met", "partly met", "not met"]
    evidence: str  # in words, e.g. "9 of 10 peer supporters supervised in the last month"
    href: str | None = None  # where to act on it


# Keys of a phase's ``figures``: named numbers one phase works out and others show
# (dashboards, other phases' pages). The owner documents what each means.
HEADCOUNT = "headcount"  # int: placements active or on probation today (recruitment)
# (week start date, count): the turnover forecast's lowest week within the next 8 weeks,
# the earliest if several (recruitment)
FORECAST_LOW = "forecast_low"
# dict[date, int]: activity logged in each calendar month (key: the month's first day),
# read from the monthly summaries, never from raw activity (monitoring)
ACTIVITY_BY_MONTH = "activity_by_month"
LAST_ACTIVITY = "last_activity"  # date | None: the latest day activity was logged (monitoring)
# FeedbackFigure | None: the latest closed round of the feedback and attitude surveys,
# with satisfaction across its audiences (None under 5 responses), read from the
# rounds' per-question summaries (monitoring)
FEEDBACK_LATEST = "feedback_latest"
# (met, total) | None: the scheme's SMART objectives whose latest monthly value has
# reached the target, of all its objectives; None when it is not active or has none
# (monitoring)
OBJECTIVES_MET = "objectives_met"
# list[HighRisk]: the scheme's open risks scored high, the highest first (monitoring)
HIGH_RISKS = "high_risks"


@dataclass(frozen=True)
class FeedbackFigure:
    """The latest closed feedback round of a scheme (monitoring fills it)."""

    title: str
    closed_on: date
    responses: int
    satisfied_percent: int | None  # None: fewer than 5 responses, not shown
    href: str


@dataclass(frozen=True)
class HighRisk:
    """An open high risk of a scheme (monitoring fills it). ``owner`` names a member of
    staff: show it only to a user who may see people."""

    title: str
    score: int
    owner: str | None
    href: str


# dict[date, Decimal]: training hours peer supporters completed in each calendar month
# (key: the month's first day), the last five years (recruitment, pack_figures.py)
TRAINING_HOURS = "training_hours"
# The dashboards derive these reasons from the figures above, so a phase does not
# register them as health signals as well: headcount below the minimum now (red) or
# at the forecast low point within 8 weeks (amber), and no activity logged for 14 days
# (amber). See monitoring/dashboards/health.py.


# The dimensions of the preferential treatment check (``Phase.composition``), in the
# order the page shows them. The groups within each are the owning phase's words.
AGE_BAND = "age_band"
ETHNIC_GROUP = "ethnic_group"
RELIGION = "religion"
DISABILITY = "disability"
DIMENSIONS: tuple[tuple[str, str], ...] = (
    (AGE_BAND, "Age band"),
    (ETHNIC_GROUP, "Ethnic group"),
    (RELIGION, "Religion"),
    (DISABILITY, "Disability"),
)


@dataclass(frozen=True)
class GroupCounts:
    """How many people of one group (such as "White" or "25 to 29") are in each of the
    check's populations."""

    population: int = 0  # held at the prison on the day (from its extract)
    peer_supporters: int = 0  # in training, on probation or active in the scheme
    applied: int = 0  # applied (or were referred) in the last 12 months
    approved: int = 0  # of those, approved or placed


@dataclass(frozen=True)
class Composition:
    """Who is in the prison and who holds, asked for and was given the scheme's peer
    roles, by group, for each dimension (``DIMENSIONS``). ``groups`` lists every group
    of a dimension in the order to show it, including groups nobody is in, so another
    phase can ask for population counts by group without knowing the groups itself.
    ``population_total`` is 0 when the prison has no extract."""

    population_total: int
    groups: Mapping[str, Mapping[str, GroupCounts]]


@dataclass(frozen=True)
class ListColumn:
    """A column a phase adds to the scheme list, and the list's filter by it.

    Worked out inside the list's own query (an annotation on ``Scheme`` named
    ``phase_<key>``), so the page's query count does not grow with the rows.
    """

    key: str  # the filter's GET parameter, e.g. "plan"
    label: str  # the column's heading and the filter's label, e.g. "Plan status"
    empty_label: str  # the filter's option for every row, e.g. "All plan statuses"
    choices: tuple[tuple[str, str], ...]  # the filter's options: (value, words)
    annotation: Callable[[], Any]  # a query expression on Scheme: the cell's value
    filter: Callable[[str], Any]  # a Q on Scheme: the schemes matching a chosen option
    cell: Callable[[Any], tuple[str, str]]  # the annotated value -> (words, tag colour)

    @property
    def annotation_name(self) -> str:
        return f"phase_{self.key}"


@dataclass(frozen=True)
class Phase:
    """A phase of the guidance as a phase app registers it."""

    number: int
    slug: str
    title: str
    summary: str
    # The guidance's checklist for the phase, quoted as the guidance words it.
    checklist: tuple[str, ...]
    # The phase's page in the scheme's sub navigation: (label, URL name taking pk).
    nav: tuple[str, str] | None = None
    overview: Callable[[OverviewContext], PhaseOverview] | None = None
    # Why the scheme cannot move from one status to another (empty: nothing blocks).
    # Called inside the move's transaction with the scheme's row locked.
    gate: Callable[[Scheme, str, str], list[str]] | None = None
    history: Callable[[Scheme], Iterable[HistoryEvent]] | None = None
    # Everything of the phase that falls due on or before a date, estate-wide.
    due: Callable[[date], Iterable[DueItem]] | None = None
    health: Callable[[Scheme, date], Iterable[HealthSignal]] | None = None
    # Called inside the transaction that creates a scheme (e.g. planning makes its plan).
    scheme_created: Callable[[Scheme, User], None] | None = None
    # The scheme's peer supporters on a date (the phase that holds people: recruitment).
    roster: Callable[[Scheme, date], list[PeerSupporter]] | None = None
    # The self-assessment: this phase's judgement of its checklist items for a scheme.
    evidence: Callable[[Scheme, date], Iterable[Evidence]] | None = None
    # Named figures for a scheme (keys above: HEADCOUNT, ...).
    figures: Callable[[Scheme, date], dict[str, Any]] | None = None
    # Who is in the prison and who holds the scheme's peer roles, by group (the phase
    # that holds people: recruitment), for monitoring's preferential treatment check.
    composition: Callable[[Scheme, date], Composition] | None = None
    # Columns the phase adds to the scheme list, each with a filter.
    list_columns: tuple[ListColumn, ...] = ()
    # The estate-wide, set-based forms of health, evidence, figures and due: the same
    # answers for many schemes at once (a prison's, or the whole estate's 800), in a
    # fixed number of queries however many schemes there are: the dashboards and the
    # self-assessment read these. A phase that registers the per-scheme hook registers
    # its set-based form too (tests/schemes/test_phases.py checks it); the simplest way
    # is to write the set-based one and let the per-scheme one call it with one scheme
    # (planning/phase.py, maintenance/phase.py). Results are keyed by scheme id; a
    # scheme with nothing to say may be left out.
    health_many: Callable[[Sequence[Scheme], date], Mapping[int, list[HealthSignal]]] | None = None
    evidence_many: Callable[[Sequence[Scheme], date], Mapping[int, list[Evidence]]] | None = None
    figures_many: Callable[[Sequence[Scheme], date], Mapping[int, dict[str, Any]]] | None = None
    # The named figures ``figures`` and ``figures_many`` give (HEADCOUNT, ...), so a
    # page that wants only some asks only the phases that give them. Empty: not said,
    # and the phase is always asked.
    figure_names: tuple[str, ...] = ()
    # What falls due on or before a date at these schemes only (``due``, narrowed).
    due_many: Callable[[Sequence[Scheme], date], Iterable[DueItem]] | None = None
    # ``composition`` for many schemes at once, keyed by scheme id.
    composition_many: Callable[[Sequence[Scheme], date], Mapping[int, Composition]] | None = None


_registry: dict[int, Phase] = {}


def register(phase: Phase) -> None:
    """Add a phase (from its app's ``ready()``). Registering the same slug again
    replaces it; two phases with one number is a configuration error."""
    existing = _registry.get(phase.number)
    if existing is not None and existing.slug != phase.slug:
        raise ImproperlyConfigured(
            f"Phases {existing.slug!r} and {phase.slug!r} both claim number {phase.number}"
        )
    _registry[phase.number] = phase


def phases() -> list[Phase]:
    """The registered phases, in the guidance's order."""
    return [_registry[number] for number in sorted(_registry)]


def gate_problems(scheme: Scheme, from_status: str, to_status: str) -> list[str]:
    """What every phase says blocks the move (empty: nothing does)."""
    return [
        problem
        for phase in phases()
        if phase.gate is not None
        for problem in phase.gate(scheme, from_status, to_status)
    ]


def scheme_created(scheme: Scheme, by: User) -> None:
    """Let every phase set up its records for a new scheme."""
    for phase in phases():
        if phase.scheme_created is not None:
            phase.scheme_created(scheme, by)


def due_items(day: date) -> list[DueItem]:
    """Everything that falls due on or before ``day``, from every phase."""
    return [item for phase in phases() if phase.due is not None for item in phase.due(day)]


def health_signals(scheme: Scheme, today: date) -> list[HealthSignal]:
    """Every phase's reasons the scheme is not healthy today."""
    return [
        signal
        for phase in phases()
        if phase.health is not None
        for signal in phase.health(scheme, today)
    ]


def roster(scheme: Scheme, day: date) -> list[PeerSupporter]:
    """The scheme's peer supporters on ``day``, from whichever phase holds them."""
    return [
        person
        for phase in phases()
        if phase.roster is not None
        for person in phase.roster(scheme, day)
    ]


def evidence(scheme: Scheme, day: date) -> list[Evidence]:
    """Every phase's self-assessment evidence for the scheme."""
    return [
        item
        for phase in phases()
        if phase.evidence is not None
        for item in phase.evidence(scheme, day)
    ]


def figures(scheme: Scheme, day: date) -> dict[str, Any]:
    """Every phase's named figures for the scheme, merged (keys are owned by one phase)."""
    merged: dict[str, Any] = {}
    for phase in phases():
        if phase.figures is not None:
            merged.update(phase.figures(scheme, day))
    return merged


def composition(scheme: Scheme, day: date) -> Composition | None:
    """The scheme's composition by group on ``day``, from the phase that holds people;
    None where no phase does."""
    for phase in phases():
        if phase.composition is not None:
            return phase.composition(scheme, day)
    return None


def list_columns() -> list[ListColumn]:
    """Every phase's columns for the scheme list, in the guidance's order."""
    return [column for phase in phases() for column in phase.list_columns]


# --- one reading: a read shared by the hooks of one page --------------------------------
#
# A page that asks several hooks for the same schemes (health and evidence, say) may make
# a phase read the same records twice. Within ``one_reading()`` a phase's ``read_once``
# makes each such read once and hands the same answer to every hook that asks. The memo
# lives in a context variable for that block only (one page's reads, or one task's), so
# nothing outlives it: outside the block every read is made afresh.

_readings: ContextVar[dict[Hashable, Any] | None] = ContextVar("phase_readings", default=None)


@contextmanager
def one_reading() -> Iterator[None]:
    """Share the phases' reads (``read_once``) until the block ends. Nested blocks share
    the outermost one's. Only for reads: a write inside the block is not seen by a read
    already made."""
    if _readings.get() is not None:
        yield
        return
    token = _readings.set({})
    try:
        yield
    finally:
        _readings.reset(token)


def read_once[T](key: Hashable, read: Callable[[], T]) -> T:
    """``read()``, made once per ``key`` within ``one_reading()``; outside it, every
    time. The key names the read and all it depends on (which schemes, which day)."""
    memo = _readings.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    found: T = memo[key]
    return found


def scheme_ids_key(schemes: Iterable[Scheme]) -> tuple[int, ...]:
    """The schemes as part of a ``read_once`` key: their ids, in order, once each."""
    return tuple(sorted({scheme.pk for scheme in schemes}))


# --- the set-based readers (dashboards) ------------------------------------------------
#
# Each asks every phase for many schemes at once. A phase that has only the per-scheme
# hook is still asked, scheme by scheme, so nothing it says is lost; but then the
# page's query count grows with the schemes, which the query budget tests catch.


def health_signals_many(schemes: Sequence[Scheme], today: date) -> dict[int, list[HealthSignal]]:
    """Every phase's reasons each scheme is not healthy today, by scheme id."""
    signals: dict[int, list[HealthSignal]] = {scheme.pk: [] for scheme in schemes}
    for phase in phases():
        if phase.health_many is not None:
            for scheme_id, found in phase.health_many(schemes, today).items():
                signals[scheme_id].extend(found)
        elif phase.health is not None:
            for scheme in schemes:
                signals[scheme.pk].extend(phase.health(scheme, today))
    return signals


def evidence_many(schemes: Sequence[Scheme], day: date) -> dict[int, list[Evidence]]:
    """Every phase's self-assessment evidence for each scheme, by scheme id."""
    found: dict[int, list[Evidence]] = {scheme.pk: [] for scheme in schemes}
    for phase in phases():
        if phase.evidence_many is not None:
            for scheme_id, items in phase.evidence_many(schemes, day).items():
                found[scheme_id].extend(items)
        elif phase.evidence is not None:
            for scheme in schemes:
                found[scheme.pk].extend(phase.evidence(scheme, day))
    return found


def figures_many(
    schemes: Sequence[Scheme], day: date, names: Collection[str] | None = None
) -> dict[int, dict[str, Any]]:
    """Every phase's named figures for each scheme, merged, by scheme id. With
    ``names``, only the phases that give one of them are asked (their other figures come
    too)."""
    merged: dict[int, dict[str, Any]] = {scheme.pk: {} for scheme in schemes}
    for phase in phases():
        if names is not None and phase.figure_names and not set(phase.figure_names) & set(names):
            continue
        if phase.figures_many is not None:
            for scheme_id, named in phase.figures_many(schemes, day).items():
                merged[scheme_id].update(named)
        elif phase.figures is not None:
            for scheme in schemes:
                merged[scheme.pk].update(phase.figures(scheme, day))
    return merged


def due_items_for(schemes: Sequence[Scheme], day: date) -> list[DueItem]:
    """What falls due on or before ``day`` at these schemes, from every phase."""
    ids = {scheme.pk for scheme in schemes}
    items: list[DueItem] = []
    for phase in phases():
        if phase.due_many is not None:
            items.extend(phase.due_many(schemes, day))
        elif phase.due is not None:
            items.extend(item for item in phase.due(day) if item.scheme_id in ids)
    return items


def composition_many(schemes: Sequence[Scheme], day: date) -> dict[int, Composition]:
    """Each scheme's composition by group on ``day``, by scheme id, from the phase that
    holds people (empty where none does)."""
    for phase in phases():
        if phase.composition_many is not None:
            return dict(phase.composition_many(schemes, day))
        if phase.composition is not None:
            return {scheme.pk: phase.composition(scheme, day) for scheme in schemes}
    return {}
