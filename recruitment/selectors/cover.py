"""Reads for cover: the week's rota of a scheme, and how many bands fall short for many
schemes at once."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from ..models import (
    Availability,
    CoverAssignment,
    CoverNeed,
    Placement,
    PlacementStatus,
)
from ..rules_cover import Band, Need, Slot, Supporter, gaps, week_rota

# Who gives cover: peer supporters active or on probation (not in training or suspended).
ON_ROTA = (PlacementStatus.ACTIVE, PlacementStatus.PROBATION)
WEEK = 7


def _rotas(scheme_ids: list[int], today: date) -> dict[int, list[Slot]]:
    """Each scheme's rota for the week from ``today`` (four queries)."""
    needs: dict[int, list[Need]] = defaultdict(list)
    for need in CoverNeed.objects.filter(scheme_id__in=scheme_ids):
        needs[need.scheme_id].append(
            Need(need.pk, need.location, need.weekday, Band(need.starts, need.ends), need.needed)
        )
    # Always the same four queries, whatever the schemes hold (the dashboards' query
    # budgets count them).
    with_needs = scheme_ids
    bands: dict[int, dict[int, list[Band]]] = defaultdict(lambda: defaultdict(list))
    for placement_id, weekday, starts, ends in Availability.objects.filter(
        placement__scheme_id__in=with_needs, placement__status__in=ON_ROTA
    ).values_list("placement_id", "weekday", "starts", "ends"):
        bands[placement_id][weekday].append(Band(starts, ends))
    supporters: dict[int, list[Supporter]] = defaultdict(list)
    for placement in Placement.objects.filter(
        scheme_id__in=with_needs, status__in=ON_ROTA, prisoner__in_prison=True
    ).select_related("prisoner"):
        prisoner = placement.prisoner
        supporters[placement.scheme_id].append(
            Supporter(
                id=placement.pk,
                name=prisoner.full_name,
                wing=prisoner.wing,
                release_on=prisoner.earliest_release_date
                if prisoner.in_prison
                else placement.started_on,
                bands={day: tuple(b) for day, b in bands[placement.pk].items()},
            )
        )
    assigned = set(
        CoverAssignment.objects.filter(
            need__scheme_id__in=with_needs, on__gte=today, on__lt=today + timedelta(days=WEEK)
        ).values_list("need_id", "on", "placement_id")
    )
    return {
        pk: week_rota(needs.get(pk, []), supporters.get(pk, []), assigned, today, WEEK)
        for pk in scheme_ids
    }


def scheme_rota(scheme_id: int, today: date) -> list[Slot]:
    """The scheme's rota for the next seven days (four queries)."""
    return _rotas([scheme_id], today)[scheme_id]


def cover_gaps_many(scheme_ids: list[int], today: date) -> dict[int, int]:
    """How many bands of cover in the next seven days fall short, by scheme."""
    return {pk: len(gaps(slots)) for pk, slots in _rotas(scheme_ids, today).items()}
