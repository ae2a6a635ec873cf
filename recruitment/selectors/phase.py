"""Reads behind recruitment's phase hooks and its index and forecast pages: each for
many schemes at once, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count

from schemes.models import Scheme

from ..models import (
    ContingencyPlan,
    Placement,
    PlacementStatus,
    RecruitmentSettings,
)
from ..rules import Forecast, PlacementFacts, turnover_forecast
from . import placements

DEFAULT_TRAINING_WEEKS = RecruitmentSettings._meta.get_field("training_weeks").get_default()
COUNTED = (PlacementStatus.ACTIVE, PlacementStatus.PROBATION)
# What the forecast counts: the open placements but the suspended.
FORECAST_STATUSES = (PlacementStatus.IN_TRAINING, *COUNTED)


def _ids(schemes: Iterable[Scheme | int]) -> list[int]:
    return [scheme if isinstance(scheme, int) else scheme.pk for scheme in schemes]


def signed_off_counts(schemes: Iterable[Scheme | int]) -> dict[int, int]:
    """Per scheme, its peer supporters active or on probation with every required
    party's sign-off (``placements.signed_off_counts``). One query."""
    return placements.signed_off_counts(_ids(schemes))


def current_plan_counts(schemes: Iterable[Scheme | int], today: date) -> dict[int, int]:
    """Per scheme, its emergency and contingency plans whose review is not overdue. One
    query."""
    return dict(
        ContingencyPlan.objects.filter(scheme_id__in=_ids(schemes), next_review_on__gte=today)
        .order_by()
        .values("scheme_id")
        .annotate(count=Count("id"))
        .values_list("scheme_id", "count")
    )


def forecasts(
    schemes: Iterable[Scheme], today: date, *, targets: bool = True
) -> dict[int, Forecast]:
    """The turnover forecast of each scheme. One query (the placements, with their
    scheme's course length). ``targets=False`` reads only the minimum of each scheme
    (the dashboards load the schemes without their target)."""
    schemes = list(schemes)
    facts: dict[int, list[PlacementFacts]] = {}
    training: dict[int, int] = {}
    rows = (
        Placement.objects.filter(scheme_id__in=_ids(schemes), status__in=FORECAST_STATUSES)
        .order_by()
        .values_list(
            "scheme_id",
            "status",
            "started_on",
            "training_ends_on",
            "prisoner__earliest_release_date",
            "scheme__recruitment_settings__training_weeks",
        )
    )
    for scheme_id, status, started_on, training_ends_on, release_on, weeks in rows:
        facts.setdefault(scheme_id, []).append(
            PlacementFacts(status, started_on, training_ends_on, release_on)
        )
        if weeks is not None:
            training[scheme_id] = weeks
    return {
        scheme.pk: turnover_forecast(
            facts.get(scheme.pk, []),
            minimum=scheme.minimum_peer_supporters,
            target=scheme.target_peer_supporters if targets else scheme.minimum_peer_supporters,
            today=today,
            training_weeks=training.get(scheme.pk, DEFAULT_TRAINING_WEEKS),
        )
        for scheme in schemes
    }


def headcounts(schemes: Iterable[Scheme | int]) -> dict[int, int]:
    """Per scheme, its placements active or on probation now. One query."""
    return dict(
        Placement.objects.filter(scheme_id__in=_ids(schemes), status__in=COUNTED)
        .order_by()
        .values("scheme_id")
        .annotate(count=Count("id"))
        .values_list("scheme_id", "count")
    )
