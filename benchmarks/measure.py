"""What the benchmark measures, and how: query counts and median response times.

Every page is fetched through ``django.test.Client`` (the whole middleware stack, no
network) by a user signed in with ``force_login``, next to a trivial view fetched the
same way in the same process, so the ratio says what the page itself costs.

Adding a page (a later issue's recruitment page, evaluation...): append a
``Measurement`` to ``MEASUREMENTS``, with a function that builds its URL from the data
set and one that picks the user who views it (add what they need to ``Dataset`` in
``benchmarks.generate``). A page about one scheme should look at one of
``Dataset.featured``'s schemes, which are the same at every scale: the query counts
compared are then those of the same page over the same shapes of data.
``tests/test_benchmark.py`` then checks it answers 200 and that its query count does not
change with the size of the data.
"""

from __future__ import annotations

import statistics
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from schemes.views.scheme import SCHEMES_PER_PAGE

from . import activity, dashboards, people, prisoners, reminders
from .generate import Dataset, Scale, build_dataset

# The target: no page costs more than ten trivial views.
MAX_RATIO = 10.0
WARMUP = 5


@dataclass(frozen=True)
class Measurement:
    """A page to measure: its URL and the user who views it, both taken from the data set."""

    name: str
    url: Callable[[Dataset], str]
    user: Callable[[Dataset], User]
    max_ratio: float = MAX_RATIO  # a page's own target, where its issue sets a tighter one


def _busiest_coordinator(dataset: Dataset) -> User:
    return dataset.busiest_coordinator


def _analyst(dataset: Dataset) -> User:
    return dataset.analyst


def _scheme_list(dataset: Dataset) -> str:
    return reverse("schemes:list")


def _scheme_list_middle_page(dataset: Dataset) -> str:
    # The analyst sees every scheme.
    pages = max(1, -(-len(dataset.schemes) // SCHEMES_PER_PAGE))
    return f"{reverse('schemes:list')}?page={(pages + 1) // 2}"


def _featured_coordinator(dataset: Dataset) -> User:
    return dataset.featured.coordinator


def _featured_governor(dataset: Dataset) -> User:
    return dataset.featured.governor


def _big_scheme_page(name: str) -> Callable[[Dataset], str]:
    """A page of the big scheme: launched, its plan complete and approved."""
    return lambda dataset: reverse(name, args=[dataset.featured.big.pk])


def _check_your_answers(dataset: Dataset) -> str:
    # Only an editable plan has the page: the draft one, every task complete.
    return reverse("planning:check", args=[dataset.featured.draft.pk])


def _submitted_scheme_page(name: str) -> Callable[[Dataset], str]:
    """A page of the scheme whose complete plan waits for a governor."""
    return lambda dataset: reverse(name, args=[dataset.featured.submitted.pk])


def _actions(dataset: Dataset) -> str:
    return reverse("actions:list")


def _my_actions(dataset: Dataset) -> str:
    return f"{reverse('actions:list')}?show=mine"


def _plans_awaiting_approval(dataset: Dataset) -> str:
    return reverse("approvals:list")


# What every page is compared with: the middleware stack (session, user, CSP...) and
# nothing else. The view is in benchmarks/urls.py, which only the benchmark uses.
BASELINE = Measurement(
    "Trivial view", lambda dataset: reverse("benchmark-trivial"), _busiest_coordinator
)

# Later issues append their pages here.
MEASUREMENTS: list[Measurement] = [
    Measurement("Scheme list, coordinator", _scheme_list, _busiest_coordinator),
    Measurement("Scheme list, analyst, page 1", _scheme_list, _analyst),
    Measurement("Scheme list, analyst, middle page", _scheme_list_middle_page, _analyst),
    # The featured schemes (benchmarks.generate.FeaturedSchemes) are at the busiest
    # prison; its first coordinator (the busiest coordinator) coordinates them.
    Measurement(
        "Scheme page, complete plan, coordinator",
        _big_scheme_page("schemes:detail"),
        _featured_coordinator,
    ),
    Measurement(
        "Scheme page, plan awaiting approval, governor",
        _submitted_scheme_page("schemes:detail"),
        _featured_governor,
    ),
    Measurement(
        "Planning checklist, coordinator",
        _big_scheme_page("planning:index"),
        _featured_coordinator,
    ),
    Measurement("Your reminders, governor", reminders.reminders_page, reminders.featured_governor),
    Measurement("Check your answers, coordinator", _check_your_answers, _featured_coordinator),
    Measurement(
        "Plan to print, coordinator", _big_scheme_page("planning:print"), _featured_coordinator
    ),
    Measurement(
        "Plan decision, governor",
        _submitted_scheme_page("planning:decision"),
        _featured_governor,
    ),
    Measurement(
        "Maintenance, coordinator", _big_scheme_page("maintenance:index"), _featured_coordinator
    ),
    Measurement("History, coordinator", _big_scheme_page("schemes:history"), _featured_coordinator),
    Measurement("Actions, coordinator", _actions, _busiest_coordinator),
    Measurement("Actions, only mine, coordinator", _my_actions, _busiest_coordinator),
    Measurement("Plans awaiting approval, governor", _plans_awaiting_approval, _featured_governor),
    # The approved plan's pages (benchmarks/plan_versions.py gives it version 1).
    Measurement(
        "Task answers, stakeholders, governor",
        lambda dataset: reverse("planning:answers", args=[dataset.featured.big.pk, "stakeholders"]),
        _featured_governor,
    ),
    Measurement(
        "Plan version 1 to print, coordinator",
        lambda dataset: reverse("planning:version", args=[dataset.featured.big.pk, 1]),
        _featured_coordinator,
    ),
    Measurement(
        "Amend the plan, coordinator", _big_scheme_page("planning:amend"), _featured_coordinator
    ),
    # Recruitment's own pages (the peer supporters themselves come with the register's
    # step in benchmarks/generate.py).
    Measurement(
        "Recruitment, coordinator", _big_scheme_page("recruitment:index"), _featured_coordinator
    ),
    Measurement(
        "Turnover forecast, coordinator",
        _big_scheme_page("recruitment:forecast"),
        _featured_coordinator,
    ),
    Measurement(
        "Contingency plans, coordinator",
        _big_scheme_page("recruitment:contingency"),
        _featured_coordinator,
    ),
    *dashboards.measurements(),
    *people.measurements(),
    *activity.measurements(),
]


def benchmark_settings() -> dict[str, Any]:
    """The project's settings differ in these only, for the benchmark and its test."""
    return {
        # The project's URLs plus the trivial view.
        "ROOT_URLCONF": "benchmarks.urls",
        # Production's manifest storage needs `collectstatic` first; the plain storage
        # makes the same {% static %} URLs minus the hash, at the same cost.
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    }


class PageError(Exception):
    """A measured page did not answer 200: its figures would mean nothing."""


def _fetch(client: Client, url: str) -> None:
    status = client.get(url).status_code
    if status != 200:
        raise PageError(f"GET {url} answered {status}, not 200")


class _Requests:
    """Each measurement's URL, and a client signed in as its user (one per user)."""

    def __init__(self, dataset: Dataset, measurements: list[Measurement]) -> None:
        clients: dict[int, Client] = {}
        self.items: list[tuple[str, Client, str]] = []
        for measurement in measurements:
            user = measurement.user(dataset)
            if user.pk not in clients:
                clients[user.pk] = Client()
                clients[user.pk].force_login(user)
            self.items.append((measurement.name, clients[user.pk], measurement.url(dataset)))


def count_queries(dataset: Dataset, measurements: list[Measurement]) -> dict[str, int]:
    """The number of queries each page makes (after one warm-up request)."""
    counts = {}
    for name, client, url in _Requests(dataset, measurements).items:
        _fetch(client, url)
        with CaptureQueriesContext(connection) as queries:
            _fetch(client, url)
        counts[name] = len(queries)
    return counts


def median_times(
    dataset: Dataset, measurements: list[Measurement], repeat: int, warmup: int = WARMUP
) -> dict[str, float]:
    """Each page's median time in milliseconds over ``repeat`` requests.

    The pages take turns, so a slow spell of the machine falls on all of them alike.
    """
    requests = _Requests(dataset, measurements).items
    for _ in range(warmup):
        for _name, client, url in requests:
            _fetch(client, url)
    samples: dict[str, list[float]] = {name: [] for name, _client, _url in requests}
    for _ in range(repeat):
        for name, client, url in requests:
            started = time.perf_counter()
            _fetch(client, url)
            samples[name].append(time.perf_counter() - started)
    return {name: statistics.median(times) * 1000 for name, times in samples.items()}


def query_counts_at(scale: Scale, measurements: list[Measurement]) -> dict[str, int]:
    """Each page's query count over a data set of ``scale``, which is then rolled back."""
    with transaction.atomic():
        counts = count_queries(build_dataset(scale), measurements)
        transaction.set_rollback(True)
    return counts


def reference_scale_for(scale: Scale) -> Scale:
    """The data set whose query counts ``scale``'s must equal: a smaller one, or a larger."""
    return Scale.small() if scale != Scale.small() else Scale.small().times(2)


@dataclass(frozen=True)
class PageResult:
    name: str
    median_ms: float
    ratio: float
    reference_queries: int
    queries: int
    max_ratio: float = MAX_RATIO

    @property
    def queries_change(self) -> bool:
        return self.queries != self.reference_queries

    @property
    def too_slow(self) -> bool:
        return self.ratio > self.max_ratio

    @property
    def verdict(self) -> str:
        problems = []
        if self.queries_change:
            problems.append("query count changes with the data")
        if self.too_slow:
            problems.append(f"slower than {self.max_ratio:g}x trivial")
        return "; ".join(problems) or "ok"


@dataclass
class Report:
    scale: Scale
    reference: Scale
    repeat: int
    database: str
    records: dict[str, int]
    pages: list[PageResult]
    # Seconds each phase took, in order.
    phases: dict[str, float] = field(default_factory=dict)
    estate: reminders.EstateResult | None = None
    prisoner_import: prisoners.ImportResult | None = None
    activity_export: activity.ExportResult | None = None

    @property
    def ok(self) -> bool:
        pages_ok = all(page.verdict == "ok" for page in self.pages)
        return (
            pages_ok
            and (self.estate is None or self.estate.ok)
            and (self.prisoner_import is None or self.prisoner_import.ok)
            and (self.activity_export is None or self.activity_export.ok)
        )

    def render(self) -> str:
        records = ", ".join(f"{count:,} {name}" for name, count in self.records.items())
        heading = textwrap.wrap(
            f"Peer Support Planner benchmark: {self.scale.label} data set ({records})",
            width=100,
            subsequent_indent="  ",
        )
        headers = [
            "Page",
            "Median ms",
            "x trivial",
            f"Queries ({self.reference.label})",
            f"Queries ({self.scale.label})",
            "Verdict",
        ]
        rows = [
            [
                page.name,
                f"{page.median_ms:.2f}",
                f"{page.ratio:.1f}",
                str(page.reference_queries),
                str(page.queries),
                page.verdict,
            ]
            for page in self.pages
        ]
        widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

        def line(cells: list[str]) -> str:
            return "  ".join(
                cell.ljust(width) if i in (0, 5) else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
            ).rstrip()

        missed = sum(page.verdict != "ok" for page in self.pages)
        own = ", ".join(
            sorted({f"{page.max_ratio:g}x" for page in self.pages if page.max_ratio != MAX_RATIO})
        )
        return "\n".join(
            [
                *heading,
                f"{self.database}; median of {self.repeat} requests a page after {WARMUP} warm-up",
                "",
                line(headers),
                line(["-" * width for width in widths]),
                *(line(row) for row in rows),
                "",
                f"Targets: no query count grows with the data; every page within "
                f"{MAX_RATIO:g}x the trivial view, or its own tighter target ({own}).",
                *(
                    [self.estate.render(self.reference.label, self.scale.label)]
                    if self.estate
                    else []
                ),
                *([self.prisoner_import.render()] if self.prisoner_import else []),
                *([self.activity_export.render()] if self.activity_export else []),
                "All targets met." if self.ok else f"{missed} page(s) missed a target.",
                "Time taken: "
                + ", ".join(f"{phase} {seconds:.1f} s" for phase, seconds in self.phases.items()),
            ]
        )


def dataset_records(dataset: Dataset) -> dict[str, int]:
    """How many of each record the data set holds, for the report's heading."""
    return {
        "prisons": len(dataset.prisons),
        "schemes": len(dataset.schemes),
        "staff users": len(dataset.staff),
        "national analysts": len(dataset.analysts),
        "memberships": len(dataset.memberships),
        "plans": len(dataset.plans),
        "resources": len(dataset.resources),
        "stakeholders": len(dataset.stakeholders),
        "SMART objectives": len(dataset.objectives),
        "plan decisions": len(dataset.decisions),
        "status changes": len(dataset.transitions),
        "review meetings": len(dataset.reviews),
        "actions": len(dataset.actions),
    }


class _Stopwatch:
    def __init__(self, phases: dict[str, float]) -> None:
        self.phases = phases
        self.started = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases[phase] = now - self.started
        self.started = now


def _describe_database() -> str:
    version = ".".join(map(str, connection.get_database_version()))
    return f"{connection.display_name} {version}"


def _refresh_planner_statistics() -> None:
    # After a bulk load the query planner knows nothing of the tables' sizes.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run_benchmark(
    scale: Scale,
    repeat: int,
    measurements: list[Measurement] | None = None,
    extras: bool = True,
) -> Report:
    """Build ``scale``'s data set in the default database and measure every page on it
    (or those of ``measurements``), and, with ``extras``, the estate's reminders, the
    prisoner import and the activity export.

    The query counts are compared with those over a reference data set of another size,
    built first and rolled back.
    """
    pages = [BASELINE, *(MEASUREMENTS if measurements is None else measurements)]
    reference = reference_scale_for(scale)
    phases: dict[str, float] = {}
    stopwatch = _Stopwatch(phases)
    reference_counts = query_counts_at(reference, pages)
    estate_reference = reminders.estate_queries_at(reference) if extras else None
    stopwatch.lap(f"{reference.label} data set and its query counts")
    dataset = build_dataset(scale)
    _refresh_planner_statistics()
    stopwatch.lap(f"building the {scale.label} data set")
    counts = count_queries(dataset, pages)
    medians = median_times(dataset, pages, repeat)
    estate, prisoner_import, activity_export = None, None, None
    if estate_reference is not None:
        estate = reminders.measure_estate(estate_reference)
        prisoner_import = prisoners.measure_import(prisoners.rows_for(scale.prisons))
        activity_export = activity.measure_export(dataset, *activity.export_rows_for(scale.prisons))
    stopwatch.lap("measuring")
    baseline = medians[BASELINE.name]
    return Report(
        scale=scale,
        reference=reference,
        repeat=repeat,
        database=_describe_database(),
        records=dataset_records(dataset),
        pages=[
            PageResult(
                name=page.name,
                median_ms=medians[page.name],
                ratio=medians[page.name] / baseline,
                reference_queries=reference_counts[page.name],
                queries=counts[page.name],
                max_ratio=page.max_ratio,
            )
            for page in pages
        ],
        phases=phases,
        estate=estate,
        prisoner_import=prisoner_import,
        activity_export=activity_export,
    )
