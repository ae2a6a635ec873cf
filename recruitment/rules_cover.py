"""Cover rules (plain functions, no database): which peer supporters cover a time band,
and the week's rota with its gaps.

A band that ends at or before it starts runs overnight: 17:00 to 08:00 is fifteen hours
from the evening of its day. Availability covers a need when it spans the whole band.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

DAY = 24 * 60


@dataclass(frozen=True)
class Band:
    starts: time
    ends: time

    def minutes(self) -> tuple[int, int]:
        """The band as minutes from the start of its day; overnight ends next day."""
        start = self.starts.hour * 60 + self.starts.minute
        end = self.ends.hour * 60 + self.ends.minute
        return start, end + DAY if end <= start else end

    def __str__(self) -> str:
        return f"{self.starts:%H:%M} to {self.ends:%H:%M}"


def covers(available: Band, needed: Band) -> bool:
    """Whether someone available in ``available`` is there for all of ``needed``."""
    a_start, a_end = available.minutes()
    n_start, n_end = needed.minutes()
    return a_start <= n_start and n_end <= a_end


@dataclass(frozen=True)
class Supporter:
    """A peer supporter as the rota sees them."""

    id: int
    name: str
    wing: str
    release_on: date | None
    bands: dict[int, tuple[Band, ...]] = field(default_factory=dict)  # by weekday

    def available(self, on: date, band: Band) -> bool:
        if self.release_on is not None and self.release_on <= on:
            return False
        return any(covers(b, band) for b in self.bands.get(on.weekday(), ()))


@dataclass(frozen=True)
class Need:
    id: int
    location: str
    weekday: int
    band: Band
    needed: int


@dataclass(frozen=True)
class Slot:
    """One band of cover on one date: who covers it and who could."""

    on: date
    need: Need
    covering: tuple[Supporter, ...]
    could_fill: tuple[Supporter, ...]

    @property
    def short_by(self) -> int:
        return max(0, self.need.needed - len(self.covering))


def week_rota(
    needs: list[Need],
    supporters: list[Supporter],
    assigned: set[tuple[int, date, int]],
    today: date,
    days: int = 7,
) -> list[Slot]:
    """Every band of cover in the ``days`` from ``today``. A band is covered by the
    peer supporters available for it who live on that wing, and by those put on the
    rota for it; the others available could fill it. (The dashboards rate every
    scheme's rota at once: each slot looks at each peer supporter once.)"""
    wings = {s.id: s.wing.strip().upper() for s in supporters}
    slots = []
    for offset in range(days):
        on = today + timedelta(days=offset)
        weekday = on.weekday()
        for need in needs:
            if need.weekday != weekday:
                continue
            place = need.location.strip().upper()
            covering, could = [], []
            for supporter in supporters:
                put_on = (need.id, on, supporter.id) in assigned
                available = supporter.available(on, need.band)
                if put_on or (available and wings[supporter.id] == place and place):
                    covering.append(supporter)
                elif available:
                    could.append(supporter)
            slots.append(
                Slot(
                    on=on,
                    need=need,
                    covering=tuple(sorted(covering, key=lambda s: s.name)),
                    could_fill=tuple(sorted(could, key=lambda s: s.name)),
                )
            )
    return sorted(slots, key=lambda s: (s.on, s.need.band.minutes(), s.need.location))


def gaps(slots: list[Slot]) -> list[Slot]:
    """The bands below the cover needed."""
    return [slot for slot in slots if slot.short_by]
