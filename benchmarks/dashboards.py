"""The dashboards' part of the benchmark: the prisons' regions and populations (a step
of the generator) and the dashboards' and self-assessment's pages (measurements).

The dashboards read every scheme at once through the phase registry's set-based hooks,
so their figures (and their cost) grow as the other phases' steps add records: the
activity rows monitoring generates are read through its monthly summaries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.urls import reverse

from accounts.models import Prison, Region, User

if TYPE_CHECKING:
    from .generate import Dataset
    from .measure import Measurement

BATCH_SIZE = 500
# The targets: each dashboard within 6x the trivial view, the self-assessment 5x.
DASHBOARD_RATIO = 6.0
SELF_ASSESSMENT_RATIO = 5.0


def add_regions(dataset: Dataset) -> None:
    """Each prison in a region, with a population of 300 to 1,600 prisoners."""
    regions = list(Region.values)
    for index, prison in enumerate(dataset.prisons):
        prison.region = regions[index % len(regions)]
        prison.population = dataset.rng.randrange(300, 1600, 10)
    Prison.objects.bulk_update(dataset.prisons, ["region", "population"], batch_size=BATCH_SIZE)


def store_snapshots(dataset: Dataset) -> None:
    """The dashboards' stored snapshot of every running scheme, as the worker's refresh
    task keeps them (``monitoring.tasks.refresh_scheme_snapshots``): the last step, so
    that they hold for everything generated before."""
    from django.utils import timezone

    from monitoring.dashboards import snapshots

    today = timezone.localdate()
    snapshots.refresh(today, snapshots.stale_scheme_ids(today))


def _busiest_prison_dashboard(dataset: Dataset) -> str:
    return reverse("dashboards:prison", args=[dataset.busiest_prison.pk])


def _busiest_prison_self_assessment(dataset: Dataset) -> str:
    return reverse("dashboards:prison-self-assessment", args=[dataset.busiest_prison.pk])


def _big_scheme_self_assessment(dataset: Dataset) -> str:
    return reverse("dashboards:self-assessment", args=[dataset.featured.big.pk])


def _national(query: str = "") -> Callable[[Dataset], str]:
    return lambda dataset: reverse("dashboards:national") + query


def _governor(dataset: Dataset) -> User:
    return dataset.featured.governor


def _analyst(dataset: Dataset) -> User:
    return dataset.analyst


def _coordinator(dataset: Dataset) -> User:
    return dataset.featured.coordinator


def measurements() -> list[Measurement]:
    from .measure import Measurement

    return [
        Measurement(
            "Prison dashboard, busiest prison, governor",
            _busiest_prison_dashboard,
            _governor,
            max_ratio=DASHBOARD_RATIO,
        ),
        Measurement(
            "National dashboard, analyst", _national(), _analyst, max_ratio=DASHBOARD_RATIO
        ),
        Measurement(
            "National dashboard, active schemes, analyst",
            _national("?status=active"),
            _analyst,
            max_ratio=DASHBOARD_RATIO,
        ),
        Measurement(
            "Self-assessment, complete plan, coordinator",
            _big_scheme_self_assessment,
            _coordinator,
            max_ratio=SELF_ASSESSMENT_RATIO,
        ),
        Measurement(
            "Self-assessment, busiest prison, governor",
            _busiest_prison_self_assessment,
            _governor,
            max_ratio=SELF_ASSESSMENT_RATIO,
        ),
    ]
