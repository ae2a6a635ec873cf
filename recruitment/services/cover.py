"""Writes for cover: the cover a scheme needs, peer supporters' availability, and
putting someone on the rota for a band."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.access import Permission
from accounts.models import User
from schemes.models import Scheme
from schemes.services.access import require

from ..models import Availability, CoverAssignment, CoverNeed, Placement
from ..selectors.cover import ON_ROTA, WEEK

SAME_TIMES = "The band must end at a different time from when it starts"


@transaction.atomic
def need_add(
    *,
    scheme: Scheme,
    by: User,
    location: str,
    weekday: int,
    starts: time,
    ends: time,
    needed: int,
) -> CoverNeed:
    """Add a band of cover the scheme needs (coordinators)."""
    require(by, Permission.CHANGE, scheme)
    if starts == ends:
        raise ValidationError({"ends": SAME_TIMES})
    location = location.strip()
    if CoverNeed.objects.filter(
        scheme=scheme, location__iexact=location, weekday=weekday, starts=starts
    ).exists():
        raise ValidationError(
            {"starts": "The scheme already needs cover at this place, day and time"}
        )
    need = CoverNeed(
        scheme=scheme,
        location=location,
        weekday=weekday,
        starts=starts,
        ends=ends,
        needed=needed,
    )
    need.full_clean()
    need.save()
    return need


@transaction.atomic
def need_remove(*, need: CoverNeed, by: User) -> None:
    """Stop needing a band of cover (coordinators); its rota entries go with it."""
    require(by, Permission.CHANGE, need.scheme)
    need.delete()


def _check_on_rota(placement: Placement) -> None:
    if placement.status not in ON_ROTA:
        raise ValidationError("Only peer supporters who are active or on probation give cover")


@transaction.atomic
def availability_add(
    *, placement: Placement, by: User, weekday: int, starts: time, ends: time
) -> Availability:
    """Record when a peer supporter can give support (coordinators)."""
    require(by, Permission.CHANGE, placement.scheme)
    if starts == ends:
        raise ValidationError({"ends": SAME_TIMES})
    entry = Availability(placement=placement, weekday=weekday, starts=starts, ends=ends)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def availability_remove(*, entry: Availability, by: User) -> None:
    require(by, Permission.CHANGE, entry.placement.scheme)
    entry.delete()


@transaction.atomic
def cover_assign(
    *, need: CoverNeed, on: date, placement: Placement, by: User, today: date
) -> CoverAssignment:
    """Put a peer supporter on the rota for a band on a date in the coming week."""
    require(by, Permission.CHANGE, need.scheme)
    if placement.scheme_id != need.scheme_id:
        raise ValidationError("Choose a peer supporter of this scheme")
    _check_on_rota(placement)
    if not today <= on < today + timedelta(days=WEEK) or on.weekday() != need.weekday:
        raise ValidationError("Choose a date in the coming week when the scheme needs this cover")
    try:
        with transaction.atomic():
            return CoverAssignment.objects.create(
                need=need, on=on, placement=placement, assigned_by=by
            )
    except IntegrityError:
        raise ValidationError("They are already on the rota for this cover") from None
