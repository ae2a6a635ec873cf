"""The dashboards' and the self-assessment's reads.

Each scheme's figures come from its stored snapshot (``snapshots.read``), or where it
has none that holds, from the phase registry's set-based readers, so each page costs a
fixed number of queries however many schemes it covers (tests/dashboards/
test_dashboard_queries.py). Nothing here reads a person's name: the national dashboard's figures are
counts, and those about people are suppressed under 5 (``rollup.suppress``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode

from accounts.models import Prison, Region
from peersupport.words import plural
from schemes import phases
from schemes.models import Scheme, SchemeStatus, SchemeType
from schemes.phases import (
    DueItem,
    FeedbackFigure,
    HighRisk,
)

from . import charts, snapshots
from .health import RATINGS, SchemeHealth
from .rollup import (
    ANSWER_TAGS,
    ANSWERS,
    NOT_ASSESSED,
    SMALL_NUMBER,
    ItemRollUp,
    per_thousand,
    roll_up,
    suppress,
)
from .snapshots import ACTIVITY_MONTHS, DUE, EQUALITY, EVIDENCE, HEALTH, Snapshot, activity_months

NOT_RECORDED = "Not recorded yet"
NO_REGION = "Region not recorded"

# What each kind of due item is called in "What needs you" (others: the kind in words).
DUE_KINDS: dict[str, str] = {
    "plan-decision": "Plans to approve or return",
    "review-meeting": "Review meetings to hold",
    "action": "Actions to do",
    "risk-review": "Risks to review",
    "monthly-return": "Monthly returns to submit",
    "monthly-return-approval": "Monthly returns to approve",
    "probation-review": "Probation reviews to hold",
    "contingency-review": "Contingency plans to review",
    "suitability-refusal": "Suitability refusals you might override",
}


def due_kind_label(kind: str) -> str:
    return DUE_KINDS.get(kind, kind.replace("-", " ").capitalize())


@dataclass(frozen=True)
class SchemeRow:
    """One scheme on a dashboard: its health and the figures the phases provide
    (None: no phase records it yet)."""

    scheme: Scheme
    health: SchemeHealth
    headcount: int | None
    forecast_low: tuple[date, int] | None
    activity: tuple[int, ...] | None  # one count per month of ``activity_months``
    high_risks: tuple[HighRisk, ...] = ()  # open high risks, the highest first
    feedback: FeedbackFigure | None = None  # the latest closed feedback round
    objectives_met: tuple[int, int] | None = None  # (met, total): active schemes only

    @property
    def activity_total(self) -> int | None:
        return None if self.activity is None else sum(self.activity)


def scheme_rows(schemes: Sequence[Scheme], found: Mapping[int, Snapshot]) -> list[SchemeRow]:
    """Each scheme's row, from its snapshot (``snapshots.read``)."""
    return [
        SchemeRow(
            scheme=scheme,
            health=snapshot.health,
            headcount=snapshot.headcount,
            forecast_low=snapshot.forecast_low,
            activity=snapshot.activity,
            high_risks=snapshot.high_risks,
            feedback=snapshot.feedback,
            objectives_met=snapshot.objectives_met,
        )
        for scheme in schemes
        for snapshot in (found[scheme.pk],)
    ]


def _health_order(row: SchemeRow) -> tuple[int, str]:
    order = {"red": 0, "amber": 1, "green": 2}
    return (order.get(row.health.rating, 3), row.scheme.name.lower())


# --- the prison dashboard (the governor's landing page) --------------------------------


@dataclass
class PrisonDashboard:
    prison: Prison
    rows: list[SchemeRow]  # the schemes not closed, red first
    closed: int
    needs_you: list[tuple[str, list[DueItem]]]  # (kind's label, items), by kind
    months: list[date]
    counts: dict[str, int]
    headcount_chart: charts.BarChart | None
    activity_chart: charts.BarChart | None
    # Groups the preferential treatment check flags, by scheme id (schemes whose
    # composition is known only).
    equality_flags: dict[int, int] = field(default_factory=dict)

    @property
    def high_risk_rows(self) -> list[SchemeRow]:
        return [row for row in self.rows if row.high_risks]

    @property
    def high_risk_count(self) -> int:
        return sum(len(row.high_risks) for row in self.rows)

    @property
    def equality_rows(self) -> list[tuple[SchemeRow, int]]:
        return [
            (row, self.equality_flags[row.scheme.pk])
            for row in self.rows
            if row.scheme.pk in self.equality_flags
        ]

    @property
    def headcount_rows(self) -> list[SchemeRow]:
        return [row for row in self.rows if row.headcount is not None]

    @property
    def activity_rows(self) -> list[SchemeRow]:
        return [row for row in self.rows if row.activity is not None]


def prison_schemes(prison: Prison, today: date) -> tuple[list[Scheme], list[snapshots.Stored]]:
    """The prison's schemes, closed ones too, in the dashboard's order, and when their
    snapshots for today were stored (``snapshots.with_stored``). One query."""
    schemes, stored = snapshots.with_stored(
        Scheme.objects.filter(prison=prison).order_by("name", "pk"), today
    )
    for scheme in schemes:
        scheme.prison = prison
    return schemes, stored


def prison_dashboard(
    prison: Prison,
    schemes: Sequence[Scheme],
    user_id: int,
    today: date,
    held: Mapping[int, datetime] | None = None,
) -> PrisonDashboard:
    """Every scheme of the prison (``prison_schemes``) with its health, what falls due
    for this user, and the people and activity figures the phases provide. ``held``:
    the stored snapshots ``snapshots.holding`` found already."""
    running = [scheme for scheme in schemes if scheme.status != SchemeStatus.CLOSED]
    found = snapshots.read(running, today, (HEALTH, DUE, EQUALITY), held=held)
    rows = sorted(scheme_rows(running, found), key=_health_order)
    due = [item for snapshot in found.values() for item in snapshot.due]
    grouped: dict[str, list[DueItem]] = defaultdict(list)
    for item in sorted(due, key=lambda item: item.due):
        if user_id in item.user_ids:
            grouped[due_kind_label(item.kind)].append(item)
    counts = dict.fromkeys(RATINGS, 0)
    for row in rows:
        counts[row.health.rating] += 1
    dashboard = PrisonDashboard(
        prison=prison,
        rows=rows,
        closed=len(schemes) - len(running),
        needs_you=list(grouped.items()),
        months=activity_months(today),
        counts=counts,
        headcount_chart=None,
        activity_chart=None,
        equality_flags={
            scheme_id: snapshot.equality_flags
            for scheme_id, snapshot in found.items()
            if snapshot.equality_flags is not None
        },
    )
    people = dashboard.headcount_rows
    if people:
        below = sum(
            1 for row in people if (row.headcount or 0) < row.scheme.minimum_peer_supporters
        )
        dashboard.headcount_chart = charts.bar_chart(
            slug="peer-supporters",
            title="Peer supporters now, against each scheme's minimum",
            summary=(
                f"{plural(len(people), 'scheme')} with peer supporters recorded; "
                f"{plural(below, 'scheme')} below the minimum."
            ),
            rows=[(row.scheme.name, [row.headcount or 0]) for row in people],
            series=[("Peer supporters", "app-chart__bar--blue")],
            markers=[row.scheme.minimum_peer_supporters for row in people],
            marker_label="Minimum",
        )
    active = dashboard.activity_rows
    if active:
        first, last = dashboard.months[0], dashboard.months[-1]
        dashboard.activity_chart = charts.bar_chart(
            slug="activity",
            title=f"Activity logged, {first:%B} to {last:%B %Y}",
            summary=(
                f"{sum(row.activity_total or 0 for row in active):,} activities logged "
                f"across {plural(len(active), 'scheme')} in the last {ACTIVITY_MONTHS} months."
            ),
            rows=[(row.scheme.name, [row.activity_total or 0]) for row in active],
            series=[("Activities", "app-chart__bar--blue")],
        )
    return dashboard


# --- the national dashboard (the analyst's landing page) -------------------------------


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    numeric: bool = False
    csv: str | None = None  # what the CSV download writes, when not ``text``

    @property
    def raw(self) -> str:
        return self.text if self.csv is None else self.csv


@dataclass(frozen=True)
class Table:
    """A table of the national dashboard, as the page shows it and its CSV download
    writes it."""

    slug: str
    caption: str
    headers: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


def _cell(value: int | str | None, href: str | None = None) -> Cell:
    if value is None:
        return Cell(NOT_RECORDED, href, numeric=False)
    if isinstance(value, int):
        return Cell(f"{value:,}", href, numeric=True, csv=str(value))
    return Cell(value, href, numeric=not value[:1].isalpha())


@dataclass
class _Group:
    """The counts of one row of a national table."""

    schemes: int = 0
    active: int = 0
    health: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RATINGS, 0))
    people: int | None = None
    activity: int | None = None
    prisons: set[int] = field(default_factory=set)
    # The latest closed feedback rounds with a satisfaction figure (5 responses or more:
    # "Schemes with results").
    feedback_schemes: int = 0
    feedback_responses: int = 0
    feedback_satisfied: float = 0.0  # responses x satisfied percent, summed
    objective_schemes: int = 0  # active schemes with objectives
    objectives: int = 0
    objectives_met: int = 0

    @property
    def satisfied_percent(self) -> int | None:
        """Satisfaction across the group's latest rounds, each weighted by its
        responses; None under 5 responses."""
        if self.feedback_responses < SMALL_NUMBER:
            return None
        return round(self.feedback_satisfied / self.feedback_responses)

    def add(self, row: SchemeRow) -> None:
        self.schemes += 1
        self.prisons.add(row.scheme.prison_id)
        self.active += row.scheme.status == SchemeStatus.ACTIVE
        if row.health.rating:
            self.health[row.health.rating] += 1
        if row.headcount is not None:
            self.people = (self.people or 0) + row.headcount
        if row.activity_total is not None:
            self.activity = (self.activity or 0) + row.activity_total
        if row.objectives_met is not None:
            self.objective_schemes += 1
            self.objectives_met += row.objectives_met[0]
            self.objectives += row.objectives_met[1]
        feedback = row.feedback
        if feedback is not None and feedback.satisfied_percent is not None:
            self.feedback_schemes += 1
            self.feedback_responses += feedback.responses
            self.feedback_satisfied += feedback.responses * feedback.satisfied_percent


def _group(rows: Iterable[SchemeRow], key: Callable[[SchemeRow], Any]) -> dict[Any, _Group]:
    groups: dict[Any, _Group] = defaultdict(_Group)
    for row in rows:
        groups[key(row)].add(row)
    return groups


FEEDBACK_HEADERS = ("Schemes with results", "Responses", "Satisfied")


def _feedback_cells(group: _Group) -> list[Cell]:
    """The latest closed feedback rounds of a row's schemes: no figure under 5
    responses (a round under 5 has no satisfaction figure and is left out)."""
    if group.feedback_schemes == 0:
        return [_cell(0), Cell("No closed rounds"), Cell("No closed rounds")]
    percent = group.satisfied_percent
    return [
        _cell(group.feedback_schemes),
        _cell(suppress(group.feedback_responses)),
        _cell(None) if percent is None else Cell(f"{percent}%", numeric=True, csv=str(percent)),
    ]


OBJECTIVES_HEADERS = ("Active schemes with objectives", "Objectives", "Met", "Met (%)")


def _objectives_cells(group: _Group) -> list[Cell]:
    """The SMART objectives of a row's active schemes whose latest value reached the
    target. Objectives are not people: no suppression."""
    if group.objectives == 0:
        return [_cell(0), _cell(0), _cell(0), Cell("No objectives")]
    percent = round(group.objectives_met * 100 / group.objectives)
    return [
        _cell(group.objective_schemes),
        _cell(group.objectives),
        _cell(group.objectives_met),
        Cell(f"{percent}%", numeric=True, csv=str(percent)),
    ]


GROUP_HEADERS = ("Schemes", "Active", "Red", "Amber", "Green", "Peer supporters")


def _group_cells(group: _Group) -> list[Cell]:
    return [
        _cell(group.schemes),
        _cell(group.active),
        *(_cell(group.health[rating]) for rating in RATINGS),
        _cell(suppress(group.people)),
    ]


@dataclass(frozen=True)
class NationalFilters:
    region: str = ""
    scheme_type: str = ""
    status: str = ""

    def query(self, **extra: str) -> str:
        values = {
            "region": self.region,
            "scheme_type": self.scheme_type,
            "status": self.status,
            **extra,
        }
        return urlencode({name: value for name, value in values.items() if value})


@dataclass
class NationalDashboard:
    filters: NationalFilters
    schemes: int
    counts: dict[str, int]
    tables: dict[str, Table]
    health_chart: charts.BarChart
    status_chart: charts.BarChart
    months: list[date]
    # When the oldest stored figures shown were worked out (None: all worked out now).
    as_at: datetime | None = None

    @property
    def feedback_types(self) -> Table:
        return self.tables["feedback-types"]

    @property
    def feedback_regions(self) -> Table:
        return self.tables["feedback-regions"]

    @property
    def objectives_types(self) -> Table:
        return self.tables["objectives-types"]

    @property
    def objectives_regions(self) -> Table:
        return self.tables["objectives-regions"]


def _population(prisons: Iterable[Prison]) -> int | None:
    known = [prison.population for prison in prisons if prison.population]
    return sum(known) if known else None


def national_dashboard(filters: NationalFilters, today: date) -> NationalDashboard:
    """The estate by region, prison and scheme type: schemes by status and health,
    peer supporters and activity (suppressed under 5), never a person's name. Every
    scheme is read once; the prisons once more (those without a scheme count too)."""
    prisons = Prison.objects.order_by("name").only("name", "code", "region", "population")
    schemes = Scheme.objects.only(
        "prison_id",
        "name",
        "status",
        "scheme_type",
        "minimum_peer_supporters",
        "review_cadence_months",
        "launched_on",
    )
    if filters.region:
        prisons = prisons.filter(region=filters.region)
        schemes = schemes.filter(prison__region=filters.region)
    if filters.scheme_type:
        schemes = schemes.filter(scheme_type=filters.scheme_type)
    if filters.status:
        schemes = schemes.filter(status=filters.status)
    all_prisons = list(prisons)
    by_id = {prison.pk: prison for prison in all_prisons}
    found = list(schemes.order_by("pk"))
    for scheme in found:
        scheme.prison = by_id[scheme.prison_id]  # read once above, not once a scheme
    found_snapshots = snapshots.read(found, today, (HEALTH,), exact=False)
    rows = scheme_rows(found, found_snapshots)
    months = activity_months(today)
    stored = [snapshot.as_at for snapshot in found_snapshots.values() if snapshot.as_at]
    schemes_list = reverse("schemes:list")
    national = reverse("dashboards:national")
    tables: dict[str, Table] = {}

    # Schemes by status and health.
    by_status = _group(rows, lambda row: row.scheme.status)
    tables["status"] = Table(
        slug="status",
        caption="Schemes by status and health",
        headers=("Status", "Schemes", "Red", "Amber", "Green"),
        rows=[
            (
                Cell(label, f"{schemes_list}?{urlencode({'status': status})}"),
                _cell(by_status[status].schemes),
                *(
                    _cell(by_status[status].health[rating])
                    if status != SchemeStatus.CLOSED
                    else Cell("Not rated")
                    for rating in RATINGS
                ),
            )
            for status, label in SchemeStatus.choices
            if not filters.status or status == filters.status
        ],
    )

    # By region.
    region_labels = dict(Region.choices)
    by_region = _group(rows, lambda row: row.scheme.prison.region)
    prisons_in: dict[str, list[Prison]] = defaultdict(list)
    for prison in all_prisons:
        prisons_in[prison.region].append(prison)
    region_keys = [key for key in [*Region.values, ""] if key in prisons_in or key in by_region]
    tables["regions"] = Table(
        slug="regions",
        caption="Schemes by region",
        headers=(
            "Region",
            "Prisons",
            *GROUP_HEADERS,
            f"Activity in the last {ACTIVITY_MONTHS} months",
            "Activity per 1,000 prisoners",
        ),
        rows=[
            (
                Cell(
                    region_labels.get(key, NO_REGION),
                    f"{national}?{filters.query(region=key)}" if key else None,
                ),
                _cell(len(prisons_in[key])),
                *_group_cells(by_region[key]),
                _cell(suppress(by_region[key].activity)),
                _cell(per_thousand(by_region[key].activity, _population(prisons_in[key]))),
            )
            for key in region_keys
        ],
    )

    # By scheme type.
    by_type = _group(rows, lambda row: row.scheme.scheme_type)
    tables["types"] = Table(
        slug="types",
        caption="Schemes by type",
        headers=(
            "Type of scheme",
            *GROUP_HEADERS,
            f"Activity in the last {ACTIVITY_MONTHS} months",
        ),
        rows=[
            (
                Cell(label, f"{national}?{filters.query(scheme_type=value)}"),
                *_group_cells(by_type[value]),
                _cell(suppress(by_type[value].activity)),
            )
            for value, label in SchemeType.choices
            if value in by_type
        ],
    )

    # Feedback: the latest closed round of each scheme, by type and by region.
    tables["feedback-types"] = Table(
        slug="feedback-types",
        caption="Feedback results by type of scheme",
        headers=("Type of scheme", *FEEDBACK_HEADERS),
        rows=[
            (
                Cell(label, f"{national}?{filters.query(scheme_type=value)}"),
                *_feedback_cells(by_type[value]),
            )
            for value, label in SchemeType.choices
            if value in by_type
        ],
    )
    tables["feedback-regions"] = Table(
        slug="feedback-regions",
        caption="Feedback results by region",
        headers=("Region", *FEEDBACK_HEADERS),
        rows=[
            (
                Cell(
                    region_labels.get(key, NO_REGION),
                    f"{national}?{filters.query(region=key)}" if key else None,
                ),
                *_feedback_cells(by_region[key]),
            )
            for key in region_keys
            if key in by_region
        ],
    )

    # Objectives met, by type and by region.
    tables["objectives-types"] = Table(
        slug="objectives-types",
        caption="Objectives met by type of scheme",
        headers=("Type of scheme", *OBJECTIVES_HEADERS),
        rows=[
            (
                Cell(label, f"{national}?{filters.query(scheme_type=value)}"),
                *_objectives_cells(by_type[value]),
            )
            for value, label in SchemeType.choices
            if value in by_type
        ],
    )
    tables["objectives-regions"] = Table(
        slug="objectives-regions",
        caption="Objectives met by region",
        headers=("Region", *OBJECTIVES_HEADERS),
        rows=[
            (
                Cell(
                    region_labels.get(key, NO_REGION),
                    f"{national}?{filters.query(region=key)}" if key else None,
                ),
                *_objectives_cells(by_region[key]),
            )
            for key in region_keys
            if key in by_region
        ],
    )

    # By prison: every prison (of the region), those without a scheme too.
    by_prison = _group(rows, lambda row: row.scheme.prison_id)
    tables["prisons"] = Table(
        slug="prisons",
        caption="Schemes by prison",
        headers=(
            "Prison",
            "Region",
            *GROUP_HEADERS,
            f"Activity in the last {ACTIVITY_MONTHS} months",
            "Activity per 1,000 prisoners",
        ),
        rows=[
            (
                Cell(prison.name, f"{schemes_list}?{urlencode({'prison': prison.pk})}"),
                Cell(region_labels.get(prison.region, NO_REGION)),
                *_group_cells(by_prison[prison.pk]),
                _cell(suppress(by_prison[prison.pk].activity)),
                _cell(per_thousand(by_prison[prison.pk].activity, prison.population)),
            )
            for prison in all_prisons
        ],
    )

    counts = dict.fromkeys(RATINGS, 0)
    for row in rows:
        if row.health.rating:
            counts[row.health.rating] += 1
    regions_shown = [key for key in region_keys if key in by_region]
    health_chart = charts.bar_chart(
        slug="health-by-region",
        title="Scheme health in each region",
        summary=(
            f"Of {plural(sum(counts.values()), 'scheme')} rated, {counts['red']} red, "
            f"{counts['amber']} amber and {counts['green']} green."
        ),
        rows=[
            (
                region_labels.get(key, NO_REGION),
                [by_region[key].health[rating] for rating in RATINGS],
            )
            for key in regions_shown
        ],
        series=[
            ("Red", "app-chart__bar--red"),
            ("Amber", "app-chart__bar--amber"),
            ("Green", "app-chart__bar--green"),
        ],
    )
    statuses = [(label, by_status[status].schemes) for status, label in SchemeStatus.choices]
    status_chart = charts.bar_chart(
        slug="status",
        title="Schemes by status",
        summary=", ".join(f"{count} {label.lower()}" for label, count in statuses) + ".",
        rows=[(label, [count]) for label, count in statuses],
        series=[("Schemes", "app-chart__bar--blue")],
    )
    return NationalDashboard(
        filters=filters,
        schemes=len(rows),
        counts=counts,
        tables=tables,
        health_chart=health_chart,
        status_chart=status_chart,
        months=months,
        as_at=min(stored) if stored else None,
    )


# --- the guidance self-assessment ------------------------------------------------------


@dataclass(frozen=True)
class AssessedItem:
    number: int  # 1 to 25, in the guidance's order
    item: str
    answer: str  # met, partly met, not met, or not assessed yet
    evidence: str
    href: str | None

    @property
    def tag(self) -> str:
        return ANSWER_TAGS[self.answer]


@dataclass(frozen=True)
class PhaseItems:
    number: int
    title: str
    items: list[Any]  # AssessedItem (a scheme) or PrisonItem (a prison)


def _assess(scheme: Scheme, found: Iterable[phases.Evidence]) -> list[PhaseItems]:
    by_item = {evidence.item: evidence for evidence in found}
    number = 0
    result: list[PhaseItems] = []
    for phase in phases.phases():
        judged = phase.evidence_many is not None or phase.evidence is not None
        items: list[AssessedItem] = []
        for item in phase.checklist:
            number += 1
            evidence = by_item.get(item)
            if evidence is not None:
                items.append(
                    AssessedItem(number, item, evidence.rating, evidence.evidence, evidence.href)
                )
                continue
            if not judged:
                why = "The service does not hold the records to judge this yet"
            elif scheme.status == SchemeStatus.PLANNING:
                why = "Judged once the scheme is running"
            else:
                why = "Nothing recorded to judge this by yet"
            items.append(AssessedItem(number, item, NOT_ASSESSED, why, None))
        result.append(PhaseItems(phase.number, phase.title, items))
    return result


def answer_counts(sections: Iterable[PhaseItems]) -> dict[str, int]:
    counts = dict.fromkeys(ANSWERS, 0)
    for section in sections:
        for item in section.items:
            counts[item.answer] += 1
    return counts


def scheme_self_assessment(
    scheme: Scheme, today: date, held: Mapping[int, datetime] | None = None
) -> list[PhaseItems]:
    """The guidance's checklist for one scheme, each item judged by the phase that
    holds its records, or "not assessed yet". ``held``: the stored snapshot
    ``snapshots.holding`` found."""
    found = snapshots.read([scheme], today, (EVIDENCE,), held=held)
    return _assess(scheme, found[scheme.pk].evidence)


@dataclass(frozen=True)
class PrisonItem:
    number: int
    item: str
    roll_up: ItemRollUp

    @property
    def answer(self) -> str:
        return self.roll_up.answer


@dataclass(frozen=True)
class SchemeAnswers:
    scheme: Scheme
    counts: dict[str, int]


def prison_self_assessment(
    schemes: Sequence[Scheme], today: date, held: Mapping[int, datetime] | None = None
) -> tuple[list[PhaseItems], list[SchemeAnswers]]:
    """The checklist rolled up across the prison's schemes (not closed), and each
    scheme's own counts. ``held``: the stored snapshots ``snapshots.holding`` found."""
    found = snapshots.read(schemes, today, (EVIDENCE,), held=held)
    assessed = {scheme.pk: _assess(scheme, found[scheme.pk].evidence) for scheme in schemes}
    sections: list[PhaseItems] = []
    template = _assess(Scheme(status=SchemeStatus.ACTIVE), [])
    for index, section in enumerate(template):
        items = [
            PrisonItem(
                item.number,
                item.item,
                roll_up(assessed[scheme.pk][index].items[position].answer for scheme in schemes),
            )
            for position, item in enumerate(section.items)
        ]
        sections.append(PhaseItems(section.number, section.title, items))
    answers = [SchemeAnswers(scheme, answer_counts(assessed[scheme.pk])) for scheme in schemes]
    return sections, answers
