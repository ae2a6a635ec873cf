"""The maintenance pages cost the same number of queries with 1 record or 40."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.audit import acting_as
from accounts.models import Role, User
from schemes.models import Scheme, SchemeStatus, SchemeTransition
from tests.factories import (
    ActionFactory,
    PlanFactory,
    ReviewMeetingFactory,
    SchemeFactory,
    StakeholderFactory,
    user_with_role,
)

ClientFor = Callable[[User | None], Client]


def count_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def add_actions(scheme: Scheme, count: int, start: int = 0) -> None:
    """Actions owned by different people, some overdue, some done, some from reviews."""
    review = ReviewMeetingFactory(scheme=scheme)
    for n in range(start, start + count):
        owner = user_with_role(Role.STAFF, scheme.prison)
        ActionFactory(
            scheme=scheme,
            owner=owner,
            due_date=date(2027, 1, 1) + timedelta(days=7 * n),
            review=review if n % 3 == 0 else None,
        )


def add_reviews_and_moves(scheme: Scheme, coordinator: User, count: int) -> None:
    stakeholder = StakeholderFactory(scheme=scheme)
    for n in range(count):
        review = ReviewMeetingFactory(
            scheme=scheme,
            recorded_by=user_with_role(Role.COORDINATOR, scheme.prison),
            held_on=date(2025, 1, 1) + timedelta(days=n),
        )
        review.staff_attendees.set([coordinator])
        review.stakeholder_attendees.set([stakeholder])
        paused = n % 2 == 0
        SchemeTransition.objects.create(
            scheme=scheme,
            from_status=SchemeStatus.ACTIVE if paused else SchemeStatus.PAUSED,
            to_status=SchemeStatus.PAUSED if paused else SchemeStatus.ACTIVE,
            by=user_with_role(Role.COORDINATOR, scheme.prison),
            reason=f"Move {n}",
        )
        # A change in the audit trail, by someone, naming someone (a new coordinator).
        changer = user_with_role(Role.COORDINATOR, scheme.prison)
        with acting_as(changer):
            Scheme.objects.filter(pk=scheme.pk).update(
                minimum_peer_supporters=1 + n % 6, coordinator=changer
            )


@pytest.mark.parametrize("persona", ["coordinator", "analyst"])
def test_the_maintenance_page_costs_the_same_with_1_and_40_actions(
    persona: str,
    scheme: Scheme,
    coordinator: User,
    analyst: User,
    client_for: ClientFor,
) -> None:
    client = client_for({"coordinator": coordinator, "analyst": analyst}[persona])
    path = f"/schemes/{scheme.pk}/maintenance/"
    add_actions(scheme, 1)
    small = count_queries(client, path)
    add_actions(scheme, 39, start=1)
    for _ in range(10):
        ReviewMeetingFactory(scheme=scheme).staff_attendees.set([coordinator])
    large = count_queries(client, path)
    assert small == large
    # session, user, memberships, scheme; review totals, recent reviews; action totals;
    # (coordinator) count and page of actions; the session's save (3).
    assert large <= 12


def test_the_actions_list_costs_the_same_with_1_and_40_actions(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    add_actions(scheme, 1)
    small = count_queries(client, "/actions/")
    add_actions(scheme, 19, start=1)
    add_actions(SchemeFactory(prison=scheme.prison), 20)
    large = count_queries(client, "/actions/")
    assert small == large
    # session, user, memberships, count, page of actions (with scheme, prison and
    # owner), and the session's save (3).
    assert large <= 9


def test_the_history_costs_the_same_with_1_and_40_moves_and_reviews(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    PlanFactory(scheme=scheme)
    path = f"/schemes/{scheme.pk}/history/"
    add_reviews_and_moves(scheme, coordinator, 1)
    small = count_queries(client, path)
    add_reviews_and_moves(scheme, coordinator, 39)
    large = count_queries(client, path)
    assert small == large, (small, large)
    # session, user, memberships, scheme; the audit trail's changes, then its creator
    # and the people they name; moves, plan, decisions, reviews; the session's save (3).
    assert large <= 13


def test_a_long_history_is_shown_25_events_a_page_newest_first(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    PlanFactory(scheme=scheme)
    add_reviews_and_moves(scheme, coordinator, 20)  # the reviews were held in January 2025
    path = f"/schemes/{scheme.pk}/history/"

    first = client.get(path).content.decode()
    last = client.get(f"{path}?page=999").content.decode()  # the nearest page: the last

    assert first.count('class="moj-timeline__item"') == 25
    assert "Showing 1 to 25 of" in first
    assert 'aria-label="Pages of history events"' in first
    assert "1 January 2025" not in first
    assert "1 January 2025" in last  # the oldest review
    assert 'aria-current="page"' in last


def test_a_review_meeting_costs_the_same_whatever_its_attendees_and_actions(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    review = ReviewMeetingFactory(scheme=scheme)
    path = f"/schemes/{scheme.pk}/maintenance/reviews/{review.pk}/"
    review.staff_attendees.set([coordinator])
    ActionFactory(scheme=scheme, owner=coordinator, review=review)
    small = count_queries(client, path)
    review.staff_attendees.set([user_with_role(Role.STAFF, scheme.prison) for _ in range(20)])
    review.stakeholder_attendees.set([StakeholderFactory(scheme=scheme) for _ in range(10)])
    for _ in range(20):
        ActionFactory(scheme=scheme, owner=user_with_role(Role.STAFF, scheme.prison), review=review)
    large = count_queries(client, path)
    assert small == large
