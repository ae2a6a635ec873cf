"""Every due rule the phases register, with the clock frozen: what falls due on a day,
for whom, and when it stops falling due (then the reminder is done)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Prison, Role, User
from planning.models import PlanApproval
from planning.services import plan_approve, plan_return, plan_submit
from schemes import phases
from schemes.models import ActionStatus, Scheme, SchemeStatus
from schemes.services.lifecycle import scheme_transition
from tests.factories import (
    ActionFactory,
    ReviewMeetingFactory,
    SchemeFactory,
    complete_plan,
    user_with_role,
)

TODAY = date(2026, 12, 1)
MORNING = datetime(2026, 12, 1, 7, 0, tzinfo=timezone.get_default_timezone())


def due(kind: str, day: date = TODAY) -> list[phases.DueItem]:
    return [item for item in phases.due_items(day) if item.kind == kind]


def running(scheme: Scheme, *, launched_on: date, cadence: int = 3) -> Scheme:
    Scheme.objects.filter(pk=scheme.pk).update(
        status=SchemeStatus.ACTIVE, launched_on=launched_on, review_cadence_months=cadence
    )
    scheme.refresh_from_db()
    return scheme


@pytest.fixture(autouse=True)
def frozen() -> object:
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


# --- review meetings (maintenance): the cadence from launch or the last review ---------


def test_a_review_falls_due_on_the_day_the_cadence_ends_not_the_day_before(
    scheme: Scheme, coordinator: User
) -> None:
    running(scheme, launched_on=date(2026, 9, 1))
    assert due("review-meeting", date(2026, 11, 30)) == []
    [item] = due("review-meeting", date(2026, 12, 1))
    assert (item.due, item.user_ids, item.record_id) == (
        date(2026, 12, 1),
        (coordinator.pk,),
        scheme.pk,
    )
    assert item.title == "Hold the review meeting of Listeners"


def test_an_overdue_review_keeps_its_first_due_date(scheme: Scheme) -> None:
    running(scheme, launched_on=date(2026, 6, 1))
    [item] = due("review-meeting")
    assert item.due == date(2026, 9, 1)


def test_holding_the_review_ends_the_reminder_and_sets_the_next_date(scheme: Scheme) -> None:
    running(scheme, launched_on=date(2026, 6, 1))
    ReviewMeetingFactory(scheme=scheme, held_on=date(2026, 11, 30))
    assert due("review-meeting") == []
    [item] = due("review-meeting", date(2027, 3, 1))
    assert item.due == date(2027, 2, 28)


@pytest.mark.parametrize("status", [SchemeStatus.PLANNING, SchemeStatus.CLOSED])
def test_no_review_falls_due_before_launch_or_after_closing(scheme: Scheme, status: str) -> None:
    running(scheme, launched_on=date(2026, 1, 1))
    Scheme.objects.filter(pk=scheme.pk).update(status=status)
    assert due("review-meeting") == []


def test_a_scheme_with_no_cadence_has_no_review_reminder(scheme: Scheme) -> None:
    running(scheme, launched_on=date(2026, 1, 1))
    Scheme.objects.filter(pk=scheme.pk).update(review_cadence_months=None)
    assert due("review-meeting") == []


# --- actions (any phase raises one; maintenance registers them) ------------------------


def test_an_action_falls_due_for_its_owner_on_its_due_date_and_stays_while_open(
    scheme: Scheme, staff: User
) -> None:
    action = ActionFactory(scheme=scheme, owner=staff, due_date=date(2026, 12, 3))
    assert due("action") == []
    with time_machine.travel(datetime(2026, 12, 3, 7, tzinfo=MORNING.tzinfo), tick=False):
        [item] = due("action", date(2026, 12, 3))
    assert (item.record_id, item.user_ids, item.due) == (action.pk, (staff.pk,), date(2026, 12, 3))
    assert [item.due for item in due("action", date(2026, 12, 20))] == [date(2026, 12, 3)]
    assert item.href == f"/schemes/{scheme.pk}/actions/{action.pk}/"


def test_a_done_action_no_longer_falls_due(scheme: Scheme, staff: User) -> None:
    ActionFactory(
        scheme=scheme,
        owner=staff,
        due_date=TODAY - timedelta(days=2),
        status=ActionStatus.DONE,
        completed_on=TODAY,
    )
    assert due("action") == []


def test_a_closed_schemes_actions_no_longer_fall_due(
    scheme: Scheme, staff: User, governor: User
) -> None:
    ActionFactory(scheme=scheme, owner=staff, due_date=TODAY - timedelta(days=2))
    assert len(due("action")) == 1
    scheme_transition(scheme=scheme, to_status=SchemeStatus.CLOSED, by=governor, reason="Ended")
    assert due("action") == []


# --- plans awaiting a decision (planning): for the prison's governors ------------------


def test_a_submitted_plan_falls_due_for_every_governor_of_its_prison_on_submission_day(
    scheme: Scheme, coordinator: User, governor: User, leeds: Prison, bristol: Prison
) -> None:
    second = user_with_role(Role.GOVERNOR, leeds, "deputy-governor")
    user_with_role(Role.GOVERNOR, bristol, "bristol-governor")
    plan_submit(plan=complete_plan(scheme), by=coordinator)
    [item] = due("plan-decision")
    assert item.user_ids == tuple(sorted([governor.pk, second.pk]))
    assert item.due == TODAY
    assert item.title == "Approve or return the plan for Listeners"


@pytest.mark.parametrize("decision", ["approve", "return"])
def test_a_decided_plan_no_longer_falls_due(
    scheme: Scheme, coordinator: User, governor: User, decision: str
) -> None:
    plan = complete_plan(scheme)
    plan_submit(plan=plan, by=coordinator)
    if decision == "approve":
        plan_approve(plan=plan, by=governor, today=TODAY)
    else:
        plan_return(plan=plan, by=governor, reason="Add the chaplaincy", today=TODAY)
    assert due("plan-decision") == []


def test_a_plan_returned_gives_the_coordinator_an_action_due_in_a_fortnight(
    scheme: Scheme, coordinator: User, governor: User
) -> None:
    plan = complete_plan(scheme)
    plan_submit(plan=plan, by=coordinator)
    plan_return(plan=plan, by=governor, reason="Add the chaplaincy", today=TODAY)
    [item] = due("action", TODAY + timedelta(days=14))
    assert item.user_ids == (coordinator.pk,)


def test_a_closed_schemes_submitted_plan_waits_for_nobody(
    leeds: Prison, coordinator: User, governor: User
) -> None:
    scheme = SchemeFactory(prison=leeds, coordinator=coordinator)
    complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.CLOSED)
    assert due("plan-decision") == []


def test_the_daily_time_is_read_as_local_time(frozen: object) -> None:
    from reminders.rules import digest_due_now, parse_daily_time

    seven = parse_daily_time("07:00")
    assert seven == time(7, 0)
    assert digest_due_now(timezone.localtime(), seven)
    assert not digest_due_now(timezone.localtime() - timedelta(minutes=1), seven)


def test_a_returned_plan_falls_due_for_the_schemes_coordinator_until_submitted_again(
    scheme: Scheme, coordinator: User, governor: User
) -> None:
    plan = complete_plan(scheme)
    plan_submit(plan=plan, by=coordinator)
    plan_return(plan=plan, by=governor, reason="Add the chaplaincy", today=TODAY)
    [item] = due("plan-returned")
    assert (item.user_ids, item.due, item.record_id) == ((coordinator.pk,), TODAY, plan.pk)
    assert item.href == f"/schemes/{scheme.pk}/planning/"
    plan_submit(plan=plan, by=coordinator)
    assert due("plan-returned") == []
