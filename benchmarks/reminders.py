"""Reminders in `make bench`: the estate's reminders for a day, and the reminders page.

- ``add_reminders``: the generator's step that records what falls due today (as the
  daily run would), so the measured reminders page has a list to show.
- ``estate_queries_at`` / ``measure_estate``: the daily run's computation for the whole
  estate (every phase's ``due`` hook, then recording each reminder once), timed at
  national scale against a 10-second target, with a query count that must not change
  with the number of schemes (the hooks are set-based).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from reminders.models import Reminder
from reminders.services import reminders_record
from schemes.phases import due_items

if TYPE_CHECKING:  # generate imports this module for its step
    from .generate import Dataset, Scale

MAX_SECONDS = 10.0


def add_reminders(dataset: Dataset) -> None:
    """What falls due today, recorded once for each person (the daily run)."""
    reminders_record(day=timezone.localdate())


def reminders_page(dataset: Dataset) -> str:
    return reverse("reminders:list")


def featured_governor(dataset: Dataset) -> User:
    # The governor of the busiest prison: the submitted featured plan waits for them.
    return dataset.featured.governor


def _due_queries() -> int:
    """Queries the registry's due hooks make for the whole estate, for today."""
    with CaptureQueriesContext(connection) as captured:
        due_items(timezone.localdate())
    return len(captured)


def estate_queries_at(scale: Scale) -> int:
    """The due hooks' query count over a data set of ``scale``, then rolled back."""
    from .generate import build_dataset

    with transaction.atomic():
        build_dataset(scale)
        count = _due_queries()
        transaction.set_rollback(True)
    return count


@dataclass(frozen=True)
class EstateResult:
    seconds: float  # computing and recording the estate's reminders for a day
    items: int  # reminders (one a person)
    reference_queries: int
    queries: int

    @property
    def ok(self) -> bool:
        return self.seconds < MAX_SECONDS and self.queries == self.reference_queries

    def render(self, reference: str, scale: str) -> str:
        verdict = []
        if self.queries != self.reference_queries:
            verdict.append("query count changes with the data")
        if self.seconds >= MAX_SECONDS:
            verdict.append(f"slower than {MAX_SECONDS:g} s")
        return (
            f"The estate's reminders for a day: {self.items:,} reminders recorded in "
            f"{self.seconds:.2f} s (target under {MAX_SECONDS:g} s); the due hooks' queries: "
            f"{self.reference_queries} ({reference}), {self.queries} ({scale}): "
            f"{'; '.join(verdict) or 'ok'}"
        )


def measure_estate(reference_queries: int) -> EstateResult:
    """Time the daily run's recording over the data set in the database now, from
    nothing recorded (the generator's step recorded them for the reminders page)."""
    queries = _due_queries()
    Reminder.objects.all().delete()
    started = time.perf_counter()
    recorded = reminders_record(day=timezone.localdate())
    seconds = time.perf_counter() - started
    return EstateResult(seconds, recorded.due, reference_queries, queries)
