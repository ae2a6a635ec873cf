"""Writes for maintenance: review meetings and the actions they raise."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.access import Permission, roles_at
from accounts.models import User
from peersupport.text import check_text_lengths
from schemes.models import Action, ActionSource, Scheme, Stakeholder
from schemes.services.access import require
from schemes.services.actions import action_create
from schemes.services.versioning import save_if_unchanged

from .models import ReviewAction, ReviewMeeting

FUTURE_MEETING = "The date of the meeting must be today or in the past"


def earliest_meeting_on(scheme: Scheme) -> date:
    """The first day a review meeting of the scheme can have been held: the day the
    scheme was created (in the service's time zone)."""
    return timezone.localdate(scheme.created_at)


def before_scheme_message(earliest: date) -> str:
    return (
        f"The date of the meeting must be on or after {earliest:%-d %B %Y} "
        "when the scheme was created"
    )


def _check_review(
    held_on: date,
    scheme: Scheme,
    today: date,
    staff: list[User],
    stakeholders: list[Stakeholder],
) -> None:
    """The rules a review meeting keeps, whether recorded or corrected: held between
    the scheme's creation and today, attended by the scheme's stakeholders and the
    prison's staff."""
    if held_on > today:
        raise ValidationError({"held_on": FUTURE_MEETING})
    earliest = earliest_meeting_on(scheme)
    if held_on < earliest:
        raise ValidationError({"held_on": before_scheme_message(earliest)})
    if any(s.scheme_id != scheme.pk for s in stakeholders):
        raise ValidationError({"stakeholder_attendees": "Choose stakeholders of this scheme"})
    allowed = roles_at(scheme.prison_id)
    if any(u.pk not in allowed for u in staff):
        raise ValidationError({"staff_attendees": "Choose staff who work at this prison"})


@transaction.atomic
def review_record(
    *,
    scheme: Scheme,
    by: User,
    today: date,
    staff_attendees: Iterable[User],
    stakeholder_attendees: Iterable[Stakeholder],
    **fields: Any,
) -> ReviewMeeting:
    """Record a review meeting that has taken place (never one in the future)."""
    require(by, Permission.CHANGE, scheme)
    review = ReviewMeeting(scheme=scheme, recorded_by=by, **fields)
    review.full_clean()
    check_text_lengths(review)
    staff = list(staff_attendees)
    stakeholders = list(stakeholder_attendees)
    _check_review(review.held_on, scheme, today, staff, stakeholders)
    review.save()
    review.staff_attendees.set(staff)
    review.stakeholder_attendees.set(stakeholders)
    return review


@transaction.atomic
def review_update(
    *,
    review: ReviewMeeting,
    by: User,
    expected_version: int,
    today: date,
    staff_attendees: Iterable[User],
    stakeholder_attendees: Iterable[Stakeholder],
    **fields: Any,
) -> ReviewMeeting:
    """Correct a review meeting after it was recorded, under the same rules as
    review_record, unless somebody changed it since ``expected_version`` was read
    (StaleEditError: nothing is written)."""
    scheme = review.scheme
    require(by, Permission.CHANGE, scheme)
    staff = list(staff_attendees)
    stakeholders = list(stakeholder_attendees)
    _check_review(fields.get("held_on", review.held_on), scheme, today, staff, stakeholders)
    save_if_unchanged(
        review, expected_version=expected_version, fields=fields, updated_at=timezone.now()
    )
    # In the same transaction as the version bump: a stale save never gets this far.
    review.staff_attendees.set(staff)
    review.stakeholder_attendees.set(stakeholders)
    return review


@transaction.atomic
def review_action_create(
    *,
    review: ReviewMeeting,
    by: User,
    description: str,
    owner: User | Stakeholder,
    due_date: date,
) -> Action:
    """An action decided at a review meeting, linked to it."""
    action = action_create(
        scheme=review.scheme,
        by=by,
        description=description,
        owner=owner,
        due_date=due_date,
        source=ActionSource.REVIEW,
    )
    ReviewAction.objects.create(review=review, action=action)
    return action
