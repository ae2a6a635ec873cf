"""Monitoring's part of the benchmark: activity summaries for the national data set (a
step of the generator), the evaluation pack's page (measurements), and the peak memory
of streaming the activity log as CSV (``measure_export``).

Pages read the monthly summaries, never the raw log, so the step writes summaries
only: a year of them for every scheme that has run, by month, outcome, wing and hour,
consistent with each other as monitoring's services keep them. The raw rows the export
streams (a million at national scale) are made by ``measure_export`` alone, with bulk
inserts, and rolled back: the pages' data set stays quick to build, and
``tests/test_benchmark.py``'s small scale stays fast.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from monitoring import rules
from monitoring.models import (
    ActivityEntry,
    ActivityHourMonth,
    ActivityMonth,
    ActivityMonthOutcome,
    ActivityOutcome,
    ActivityWingMonth,
)
from schemes.models import Scheme, SchemeStatus

if TYPE_CHECKING:
    from .generate import Dataset
    from .measure import Measurement

BATCH_SIZE = 500
SUMMARY_MONTHS = 12
WINGS = ("A wing", "B wing", "C wing", "Healthcare")
RAN = (SchemeStatus.ACTIVE, SchemeStatus.PAUSED, SchemeStatus.CLOSED)
# The figure: the activity CSV of 1,000,000 rows streams in flat memory.
EXPORT_ROWS = 1_000_000
REFERENCE_EXPORT_ROWS = 10_000
INSERT_CHUNK = 20_000
# The export's peak may exceed the reference's by this much and still be flat.
FLAT_MARGIN_BYTES = 8 * 1024 * 1024


def _months(today: date) -> list[date]:
    return rules.last_months(today, SUMMARY_MONTHS)


def add_activity_summaries(dataset: Dataset) -> None:
    """A year of monthly activity summaries for each scheme that has run."""
    rng = dataset.rng
    months = _months(timezone.localdate())
    monthly: list[ActivityMonth] = []
    outcomes: list[ActivityMonthOutcome] = []
    wings: list[ActivityWingMonth] = []
    hours: list[ActivityHourMonth] = []
    for scheme in dataset.schemes:
        if scheme.status not in RAN:
            continue
        codes = [code for code, _ in rules.outcome_choices(scheme.scheme_type)]
        for month in months:
            entries = rng.randrange(0, 160)
            if not entries:
                continue
            minutes = [rng.randrange(10, 90) for _ in range(entries)]
            reached = [rng.randrange(1, 4) for _ in range(entries)]
            at_hour = [rng.randrange(24) for _ in range(entries)]
            at_wing = [rng.randrange(len(WINGS)) for _ in range(entries)]
            monthly.append(
                ActivityMonth(
                    scheme_id=scheme.pk,
                    month=month,
                    entries=entries,
                    people_reached=sum(reached),
                    minutes=sum(minutes),
                    night_entries=sum(hour < 6 for hour in at_hour),
                    last_on=month + timedelta(days=rng.randrange(27)),
                )
            )
            counts = [0] * len(codes)
            for _ in range(entries):
                counts[rng.randrange(len(codes))] += 1
            outcomes.extend(
                ActivityMonthOutcome(scheme_id=scheme.pk, month=month, outcome=code, count=n)
                for code, n in zip(codes, counts, strict=True)
                if n
            )
            for index, wing in enumerate(WINGS):
                picked = [n for n, w in enumerate(at_wing) if w == index]
                if picked:
                    wings.append(
                        ActivityWingMonth(
                            scheme_id=scheme.pk,
                            month=month,
                            location=wing,
                            entries=len(picked),
                            people_reached=sum(reached[n] for n in picked),
                            minutes=sum(minutes[n] for n in picked),
                        )
                    )
            for hour in range(24):
                number = at_hour.count(hour)
                if number:
                    hours.append(
                        ActivityHourMonth(
                            scheme_id=scheme.pk, month=month, hour=hour, entries=number
                        )
                    )
    ActivityMonth.objects.bulk_create(monthly, batch_size=BATCH_SIZE)
    ActivityMonthOutcome.objects.bulk_create(outcomes, batch_size=BATCH_SIZE)
    ActivityWingMonth.objects.bulk_create(wings, batch_size=BATCH_SIZE)
    ActivityHourMonth.objects.bulk_create(hours, batch_size=BATCH_SIZE)


# --- the evaluation pack's page -----------------------------------------------------------


def _pack(dataset: Dataset) -> str:
    return reverse("monitoring:pack", args=[dataset.featured.big.pk])


def _coordinator(dataset: Dataset) -> User:
    return dataset.featured.coordinator


def _analyst(dataset: Dataset) -> User:
    return dataset.analyst


def measurements() -> list[Measurement]:
    from .measure import Measurement

    return [
        Measurement("Evaluation pack, last 12 months, coordinator", _pack, _coordinator),
        Measurement("Evaluation pack, last 12 months, analyst", _pack, _analyst),
    ]


# --- streaming the activity log ----------------------------------------------------------


def export_rows_for(prisons: int) -> tuple[int, int]:
    """The rows to stream and the reference's: a million at national scale (the issue's
    figure); at the small scale the tests run, a few chunks against one."""
    return (EXPORT_ROWS, REFERENCE_EXPORT_ROWS) if prisons >= 100 else (6_000, 3_000)


@dataclass(frozen=True)
class ExportResult:
    rows: int
    seconds: float
    peak_bytes: int
    reference_rows: int
    reference_peak_bytes: int

    @property
    def ok(self) -> bool:
        return self.peak_bytes <= self.reference_peak_bytes + FLAT_MARGIN_BYTES

    def render(self) -> str:
        mb = 1024 * 1024
        verdict = "ok" if self.ok else "memory grows with the rows"
        return (
            f"Streaming the activity log as CSV: {self.rows:,} rows in {self.seconds:.1f} s, "
            f"peak memory {self.peak_bytes / mb:.1f} MB (tracemalloc) against "
            f"{self.reference_peak_bytes / mb:.1f} MB for {self.reference_rows:,} rows "
            f"(target: no more than {FLAT_MARGIN_BYTES // mb} MB above it): {verdict}"
        )


def _insert_entries(scheme: Scheme, rows: int) -> None:
    """``rows`` entries of the scheme over the last five years, each with an outcome,
    in chunks (no summaries: the export reads the log itself)."""
    code = rules.outcome_choices(scheme.scheme_type)[0][0]
    now = timezone.now()
    step = max(1, int(5 * 365 * 24 * 3600 / rows))
    made = 0
    while made < rows:
        size = min(INSERT_CHUNK, rows - made)
        entries = ActivityEntry.objects.bulk_create(
            [
                ActivityEntry(
                    scheme=scheme,
                    occurred_at=now - timedelta(seconds=(made + n) * step),
                    location=WINGS[(made + n) % len(WINGS)],
                    duration_minutes=10 + (made + n) % 80,
                    people_reached=1,
                )
                for n in range(size)
            ],
            batch_size=BATCH_SIZE,
        )
        if entries[0].pk is None:  # a database that returns no ids (none used here)
            raise RuntimeError("bulk_create gave no ids")
        ActivityOutcome.objects.bulk_create(
            [ActivityOutcome(entry_id=entry.pk, code=code) for entry in entries],
            batch_size=BATCH_SIZE,
        )
        made += size


def _stream(client: Client, url: str) -> Iterator[int]:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    for chunk in response.streaming_content:  # type: ignore[attr-defined]
        yield len(chunk)


def _peak_of_streaming(client: Client, url: str) -> tuple[int, float, int]:
    """(bytes streamed, seconds, peak memory) of one download, read and thrown away:
    the peak of what Python allocated while it streamed (tracemalloc)."""
    tracemalloc.start()
    started = time.perf_counter()
    streamed = sum(_stream(client, url))
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return streamed, seconds, peak


def measure_export(dataset: Dataset, rows: int, reference_rows: int) -> ExportResult:
    """Stream the big scheme's activity log with ``reference_rows`` entries, then with
    ``rows``, as its coordinator; compare the peaks. Everything is rolled back."""
    scheme = dataset.featured.big
    client = Client()
    client.force_login(dataset.featured.coordinator)
    url = reverse("monitoring:activity-export", args=[scheme.pk])
    with transaction.atomic():
        _insert_entries(scheme, reference_rows)
        # Once unmeasured, so that first-use costs (imports, caches) count in neither.
        sum(_stream(client, url))
        _, _, reference_peak = _peak_of_streaming(client, url)
        _insert_entries(scheme, rows - reference_rows)
        _, seconds, peak = _peak_of_streaming(client, url)
        transaction.set_rollback(True)
    return ExportResult(
        rows=rows,
        seconds=seconds,
        peak_bytes=peak,
        reference_rows=reference_rows,
        reference_peak_bytes=reference_peak,
    )
