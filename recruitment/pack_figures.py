"""Recruitment's figure for the evaluation pack: training hours recorded per calendar
month (``schemes.phases.TRAINING_HOURS``), for many schemes in one query.

Monitoring's pack reads it through the registry's ``figures_many`` (it must not import
recruitment). Recruitment's own ``figures_many`` merges it into its figures:
``{**figures, **training_hours_many(schemes, day).get(scheme_id, {})}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from schemes.models import Scheme
from schemes.phases import TRAINING_HOURS

from .models import TrainingRecord

# The months the figure covers, up to the day asked about: the pack offers five years.
MONTHS = 60


def _first_month(day: date) -> date:
    months = day.year * 12 + day.month - 1 - (MONTHS - 1)
    return date(months // 12, months % 12 + 1, 1)


def training_hours_many(schemes: Sequence[Scheme], day: date) -> dict[int, dict[str, Any]]:
    """For each scheme, ``{TRAINING_HOURS: {month's first day: hours}}``: the hours of
    the training its peer supporters completed in each month (passed or not), over the
    last five years up to ``day``. One query."""
    hours: dict[int, dict[date, Decimal]] = {scheme.pk: {} for scheme in schemes}
    rows = (
        TrainingRecord.objects.filter(
            placement__scheme__in=[scheme.pk for scheme in schemes],
            completed_on__gte=_first_month(day),
            completed_on__lte=day,
        )
        .annotate(month=TruncMonth("completed_on"))
        .order_by()
        .values("placement__scheme_id", "month")
        .annotate(total=Sum("hours"))
        .values_list("placement__scheme_id", "month", "total")
    )
    for scheme_id, month, total in rows:
        hours[scheme_id][month] = total
    return {scheme_id: {TRAINING_HOURS: by_month} for scheme_id, by_month in hours.items()}
