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
    """Each scheme's rota for the week from ``today`` (four queries, whatever the
    schemes hold). The dashboards rate every scheme's rota at once, so rows are read as
    plain values, never as model instances."""
    needs: dict[int, list[Need]] = defaultdict(list)
    for pk, scheme_id, location, weekday, starts, ends, needed in CoverNeed.objects.filter(
        scheme_id__in=scheme_ids
    ).values_list("pk", "scheme_id", "location", "weekday", "starts", "ends", "needed"):
        needs[scheme_id].append(Need(pk, location, weekday, Band(starts, ends), needed))
    bands: dict[int, dict[int, list[Band]]] = defaultdict(lambda: defaultdict(list))
    for placement_id, weekday, starts, ends in Availability.objects.filter(
        placement__scheme_id__in=scheme_ids, placement__status__in=ON_ROTA
    ).values_list("placement_id", "weekday", "starts", "ends"):
        bands[placement_id][weekday].append(Band(starts, ends))
    supporters: dict[int, list[Supporter]] = defaultdict(list)
    for pk, scheme_id, first, last, cell, release, anonymised in Placement.objects.filter(
        scheme_id__in=scheme_ids, status__in=ON_ROTA, prisoner__in_prison=True
    ).values_list(
        "pk",
        "scheme_id",
        "prisoner__first_name",
        "prisoner__last_name",
        "prisoner__cell_location",
        "prisoner__earliest_release_date",
        "prisoner__anonymised_at",
    ):
        supporters[scheme_id].append(
            Supporter(
                id=pk,
                name="Anonymised person" if anonymised else f"{first} {last}".strip(),
                wing=cell.split("-", 1)[0].strip() if cell else "",
                release_on=release,
                bands={day: tuple(b) for day, b in bands[pk].items()},
            )
        )
    assigned = set(
        CoverAssignment.objects.filter(
            need__scheme_id__in=scheme_ids, on__gte=today, on__lt=today + timedelta(days=WEEK)
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
