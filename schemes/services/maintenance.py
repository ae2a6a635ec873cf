"""Review meetings and actions: keeping a running scheme healthy."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Membership, User

from ..models import Action, ActionSource, ActionStatus, ReviewMeeting, Scheme, Stakeholder
from .versioning import save_if_unchanged


def _works_at(user: User, scheme: Scheme) -> bool:
    return Membership.objects.filter(user=user, prison_id=scheme.prison_id).exists()


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
    review = ReviewMeeting(scheme=scheme, recorded_by=by, **fields)
    review.full_clean()
    if review.held_on > today:
        raise ValidationError({"held_on": "The date of the meeting must be today or in the past"})
    staff = list(staff_attendees)
    stakeholders = list(stakeholder_attendees)
    if any(s.scheme_id != scheme.pk for s in stakeholders):
        raise ValidationError({"stakeholder_attendees": "Choose stakeholders of this scheme"})
    allowed = set(
        Membership.objects.filter(prison_id=scheme.prison_id).values_list("user_id", flat=True)
    )
    if any(u.pk not in allowed for u in staff):
        raise ValidationError({"staff_attendees": "Choose staff who work at this prison"})
    review.save()
    review.staff_attendees.set(staff)
    review.stakeholder_attendees.set(stakeholders)
    return review


def action_create(
    *,
    scheme: Scheme,
    by: User,
    description: str,
    owner: User,
    due_date: date,
    source: str = ActionSource.OTHER,
    review: ReviewMeeting | None = None,
) -> Action:
    """Give somebody at the scheme's prison something to do by a date."""
    if not _works_at(owner, scheme):
        raise ValidationError({"owner": "Choose an owner who works at this prison"})
    if review is not None and review.scheme_id != scheme.pk:
        raise ValidationError({"review": "Choose a review of this scheme"})
    action = Action(
        scheme=scheme,
        description=description,
        owner=owner,
        due_date=due_date,
        source=source,
        review=review,
        created_by=by,
    )
    action.full_clean()
    action.save()
    return action


def action_update(
    *,
    action: Action,
    expected_version: int,
    today: date,
    description: str,
    owner: User,
    due_date: date,
    done: bool,
) -> Action:
    """Change an action or mark it done (or not done), unless it changed meanwhile."""
    if not _works_at(owner, action.scheme):
        raise ValidationError({"owner": "Choose an owner who works at this prison"})
    completed_on = (action.completed_on or today) if done else None
    save_if_unchanged(
        action,
        expected_version=expected_version,
        fields={
            "description": description,
            "owner": owner,
            "due_date": due_date,
            "status": ActionStatus.DONE if done else ActionStatus.OPEN,
            "completed_on": completed_on,
        },
    )
    return action
