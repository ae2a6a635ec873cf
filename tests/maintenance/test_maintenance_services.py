"""Review meetings and actions, as the services enforce them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from maintenance.models import ReviewMeeting
from maintenance.services import review_record
from schemes.models import Action, ActionStatus, Scheme
from schemes.services.actions import action_create, action_update
from schemes.services.versioning import StaleEditError
from tests.factories import ActionFactory, SchemeFactory, StakeholderFactory

TODAY = date(2026, 11, 27)


@pytest.fixture
def scheme(scheme: Scheme) -> Scheme:
    """The Listeners scheme, created on 2 November 2026, before TODAY: no meeting can
    be held before its scheme was created."""
    created = datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    Scheme.objects.filter(pk=scheme.pk).update(created_at=created)
    scheme.refresh_from_db()
    return scheme


def test_a_review_in_the_future_is_refused(scheme: Scheme, coordinator: User) -> None:
    with pytest.raises(ValidationError, match="today or in the past"):
        review_record(
            scheme=scheme,
            by=coordinator,
            today=TODAY,
            staff_attendees=[],
            stakeholder_attendees=[],
            held_on=TODAY + timedelta(days=1),
            decisions="x",
        )
    assert not ReviewMeeting.objects.exists()


def test_a_review_records_its_attendees(scheme: Scheme, coordinator: User, staff: User) -> None:
    stakeholder = StakeholderFactory(scheme=scheme)
    review = review_record(
        scheme=scheme,
        by=coordinator,
        today=TODAY,
        staff_attendees=[coordinator, staff],
        stakeholder_attendees=[stakeholder],
        held_on=TODAY,
        decisions="Recruit four more",
        peer_supporters_attending=3,
        peer_supporter_roles="3 Listeners",
    )
    assert set(review.staff_attendees.all()) == {coordinator, staff}
    assert list(review.stakeholder_attendees.all()) == [stakeholder]


def test_another_schemes_stakeholders_and_another_prisons_staff_are_refused(
    scheme: Scheme, coordinator: User, outsider: User
) -> None:
    elsewhere = StakeholderFactory(scheme=SchemeFactory())
    with pytest.raises(ValidationError):
        review_record(
            scheme=scheme,
            by=coordinator,
            today=TODAY,
            staff_attendees=[],
            stakeholder_attendees=[elsewhere],
            held_on=TODAY,
            decisions="x",
        )
    with pytest.raises(ValidationError):
        review_record(
            scheme=scheme,
            by=coordinator,
            today=TODAY,
            staff_attendees=[outsider],
            stakeholder_attendees=[],
            held_on=TODAY,
            decisions="x",
        )


def test_an_action_owner_must_work_at_the_prison(
    scheme: Scheme, coordinator: User, outsider: User
) -> None:
    with pytest.raises(ValidationError, match="works at this prison"):
        action_create(
            scheme=scheme, by=coordinator, description="Book room", owner=outsider, due_date=TODAY
        )
    action = action_create(
        scheme=scheme, by=coordinator, description="Book room", owner=coordinator, due_date=TODAY
    )
    assert action.status == ActionStatus.OPEN


def test_marking_an_action_done_records_the_day(scheme: Scheme, coordinator: User) -> None:
    action = ActionFactory(scheme=scheme, owner=coordinator)
    action_update(
        action=action,
        by=coordinator,
        expected_version=1,
        today=TODAY,
        description=action.description,
        owner=coordinator,
        due_date=action.due_date,
        done=True,
    )
    assert (action.status, action.completed_on, action.version) == (ActionStatus.DONE, TODAY, 2)
    with pytest.raises(StaleEditError):
        action_update(
            action=action,
            by=coordinator,
            expected_version=1,
            today=TODAY,
            description="Stale",
            owner=coordinator,
            due_date=action.due_date,
            done=False,
        )


def test_actions_are_listed_overdue_first(scheme: Scheme, coordinator: User) -> None:
    later = ActionFactory(scheme=scheme, owner=coordinator, due_date=TODAY + timedelta(days=5))
    done = ActionFactory(
        scheme=scheme,
        owner=coordinator,
        due_date=TODAY - timedelta(days=30),
        status=ActionStatus.DONE,
        completed_on=TODAY,
    )
    overdue = ActionFactory(scheme=scheme, owner=coordinator, due_date=TODAY - timedelta(days=2))
    assert list(Action.objects.overdue_first(TODAY)) == [overdue, later, done]
