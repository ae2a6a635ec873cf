"""What falls due and what makes a scheme unhealthy, as the phases register them
(read later by reminders and the dashboards)."""

from __future__ import annotations

from datetime import date, timedelta

import time_machine

from accounts.models import User
from planning.models import PlanApproval
from recruitment.models import SupervisionKind, SupervisionSession
from schemes import phases
from schemes.models import ActionStatus, Scheme, SchemeStatus
from tests.factories import ActionFactory, ReviewMeetingFactory, complete_plan

TODAY = date(2026, 12, 1)


def running(scheme: Scheme, *, launched_on: date, cadence: int = 3) -> Scheme:
    Scheme.objects.filter(pk=scheme.pk).update(
        status=SchemeStatus.ACTIVE, launched_on=launched_on, review_cadence_months=cadence
    )
    scheme.refresh_from_db()
    return scheme


def test_a_review_falls_due_for_the_coordinators_a_cadence_after_launch(
    scheme: Scheme, coordinator: User, staff: User
) -> None:
    running(scheme, launched_on=date(2026, 8, 1))
    items = [item for item in phases.due_items(TODAY) if item.kind == "review-meeting"]
    assert len(items) == 1
    assert items[0].due == date(2026, 11, 1)
    assert items[0].user_ids == (coordinator.pk,)  # not staff: coordinators hold reviews
    assert items[0].href == f"/schemes/{scheme.pk}/maintenance/reviews/new/"


def test_a_review_held_since_moves_the_next_one_on(scheme: Scheme) -> None:
    running(scheme, launched_on=date(2026, 8, 1))
    ReviewMeetingFactory(scheme=scheme, held_on=date(2026, 11, 20))
    assert not [item for item in phases.due_items(TODAY) if item.kind == "review-meeting"]


def test_open_actions_fall_due_for_their_owners_and_done_ones_do_not(
    scheme: Scheme, staff: User
) -> None:
    due = ActionFactory(scheme=scheme, owner=staff, due_date=TODAY - timedelta(days=1))
    ActionFactory(
        scheme=scheme,
        owner=staff,
        due_date=TODAY - timedelta(days=3),
        status=ActionStatus.DONE,
        completed_on=TODAY,
    )
    ActionFactory(scheme=scheme, owner=staff, due_date=TODAY + timedelta(days=30))
    actions = [item for item in phases.due_items(TODAY) if item.kind == "action"]
    assert [(item.record_id, item.user_ids) for item in actions] == [(due.pk, (staff.pk,))]


def test_a_submitted_plan_falls_due_for_the_prisons_governors(
    scheme: Scheme, governor: User, coordinator: User
) -> None:
    complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    items = [item for item in phases.due_items(date.today()) if item.kind == "plan-decision"]  # noqa: DTZ011
    assert [item.user_ids for item in items] == [(governor.pk,)]
    assert items[0].href == f"/schemes/{scheme.pk}/planning/decision/"


def test_an_overdue_review_makes_a_scheme_red(scheme: Scheme) -> None:
    running(scheme, launched_on=date(2026, 8, 1))
    with time_machine.travel(TODAY, tick=False):
        signals = phases.health_signals(scheme, TODAY)
    assert ("red", "The review meeting was due on 1 November 2026") in [
        (signal.rating, signal.reason) for signal in signals
    ]


def test_a_healthy_scheme_has_no_signals(scheme: Scheme, coordinator: User) -> None:
    running(scheme, launched_on=date(2026, 10, 1))
    ActionFactory(scheme=scheme, owner=coordinator, due_date=TODAY + timedelta(days=5))
    # Its staff were supervised lately (recruitment's health counts from the launch).
    session = SupervisionSession.objects.create(
        scheme=scheme,
        held_on=TODAY - timedelta(days=7),
        kind=SupervisionKind.STAFF,
        supervisor=coordinator,
    )
    session.staff.set([coordinator])
    assert phases.health_signals(scheme, TODAY) == []


def test_a_plan_left_with_the_governors_for_weeks_is_amber(scheme: Scheme) -> None:
    with time_machine.travel(TODAY - timedelta(days=20), tick=False):
        complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    reasons = [signal.reason for signal in phases.health_signals(scheme, TODAY)]
    assert "The plan has waited 20 days for a decision" in reasons
