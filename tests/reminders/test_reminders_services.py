"""Reminders recorded once for each person, done when the registry stops listing them,
and emails (a digest a day, event notices) claimed once and sent once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import User
from planning.services import plan_approve, plan_return, plan_submit
from reminders import services
from reminders.models import Email, Frequency, Reminder, ReminderPreference
from schemes.models import Action, Scheme
from schemes.services.actions import action_create, action_update
from schemes.services.versioning import StaleEditError
from tests.factories import ActionFactory, complete_plan

TODAY = date(2026, 12, 1)
MORNING = datetime(2026, 12, 1, 7, 0, tzinfo=timezone.get_default_timezone())


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def eager(settings: Any) -> Any:
    """Celery tasks run at once, in this process (as a worker would run them)."""
    from peersupport.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_running_twice_records_each_reminder_once(scheme: Scheme, staff: User) -> None:
    ActionFactory(scheme=scheme, owner=staff, due_date=TODAY)
    first = services.reminders_record(day=TODAY)
    second = services.reminders_record(day=TODAY)
    assert first.due == second.due == 1
    assert Reminder.objects.count() == 1


def test_a_reminder_is_done_when_the_registry_no_longer_lists_it_and_back_if_it_returns(
    scheme: Scheme, staff: User
) -> None:
    action = ActionFactory(scheme=scheme, owner=staff, due_date=TODAY)
    services.reminders_record(day=TODAY)
    Action.objects.filter(pk=action.pk).update(status="done", completed_on=TODAY)
    assert services.reminders_record(day=TODAY).done == 1
    assert Reminder.objects.get().done_on == TODAY
    Action.objects.filter(pk=action.pk).update(status="open", completed_on=None)
    assert services.reminders_record(day=TODAY).reopened == 1
    assert Reminder.objects.get().done_on is None


def test_one_digest_a_day_for_each_person_with_something_due(
    scheme: Scheme,
    staff: User,
    coordinator: User,
    django_capture_on_commit_callbacks: Any,
    eager: Any,
) -> None:
    ActionFactory(scheme=scheme, owner=staff, due_date=TODAY, description="Book the chapel")
    ActionFactory(
        scheme=scheme,
        owner=staff,
        due_date=TODAY - timedelta(days=3),
        description="Order the leaflets",
    )
    services.reminders_record(day=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        services.digests_claim(day=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        services.digests_claim(day=TODAY)  # a second beat, a retried task
    assert len(mail.outbox) == 1
    [message] = mail.outbox
    assert message.to == [staff.email]
    assert message.subject == "2 things to do in Peer Support Planner"
    assert "Overdue:\n* Order the leaflets (due on 28 November 2026)" in message.body
    assert "Due:\n* Book the chapel (due today)" in message.body
    assert message.extra_headers["X-Reference"] == Email.objects.get().reference
    assert Email.objects.get().sent_at is not None


def test_nobody_who_chose_no_emails_gets_a_digest_but_the_list_still_has_it(
    scheme: Scheme, staff: User, django_capture_on_commit_callbacks: Any, eager: Any
) -> None:
    ReminderPreference.objects.create(user=staff, frequency=Frequency.NONE)
    ActionFactory(scheme=scheme, owner=staff, due_date=TODAY)
    services.reminders_record(day=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_claim(day=TODAY) == []
    assert mail.outbox == []
    assert Reminder.objects.filter(user=staff, done_on__isnull=True).count() == 1


def test_sending_an_email_twice_sends_it_once(scheme: Scheme, staff: User) -> None:
    ActionFactory(scheme=scheme, owner=staff, due_date=TODAY)
    services.reminders_record(day=TODAY)
    [email_id] = services.digests_claim(day=TODAY)
    assert services.email_send(email_id=email_id) is True
    assert services.email_send(email_id=email_id, check_first=True) is False
    assert len(mail.outbox) == 1


def test_a_lost_send_is_found_by_the_catch_up(scheme: Scheme, staff: User, frozen: Any) -> None:
    ActionFactory(scheme=scheme, owner=staff, due_date=TODAY)
    services.reminders_record(day=TODAY)
    [email_id] = services.digests_claim(day=TODAY)  # its task never ran
    assert services.unsent_emails(older_than_seconds=300) == []
    frozen.shift(timedelta(minutes=6))
    assert services.unsent_emails(older_than_seconds=300) == [email_id]


# --- event notices ------------------------------------------------------------------


def notices(run: Callable[[], Any], capture: Any) -> list[mail.EmailMessage]:
    mail.outbox.clear()
    with capture(execute=True):
        run()
    return list(mail.outbox)


def test_a_submitted_plan_tells_the_governors_and_a_decision_tells_the_coordinator(
    scheme: Scheme,
    coordinator: User,
    governor: User,
    django_capture_on_commit_callbacks: Any,
    eager: Any,
) -> None:
    plan = complete_plan(scheme)
    [sent] = notices(
        lambda: plan_submit(plan=plan, by=coordinator), django_capture_on_commit_callbacks
    )
    assert (sent.to, sent.subject) == (
        [governor.email],
        "A plan is waiting for your decision: Listeners",
    )
    assert f"/schemes/{scheme.pk}/planning/decision/" in sent.body
    # ...and the governor's list has it at once, not only after tomorrow's run.
    assert Reminder.objects.filter(user=governor, kind="plan-decision", done_on=None).count() == 1

    [sent] = notices(
        lambda: plan_return(plan=plan, by=governor, reason="Add the chaplaincy", today=TODAY),
        django_capture_on_commit_callbacks,
    )
    assert (sent.to, sent.subject) == ([coordinator.email], "Your plan was returned: Listeners")
    assert "chaplaincy" not in sent.body  # the reason stays in the service
    assert Reminder.objects.get(user=governor, kind="plan-decision").done_on == TODAY

    notices(lambda: plan_submit(plan=plan, by=coordinator), django_capture_on_commit_callbacks)
    [sent] = notices(
        lambda: plan_approve(plan=plan, by=governor, today=TODAY),
        django_capture_on_commit_callbacks,
    )
    assert (sent.to, sent.subject) == ([coordinator.email], "Your plan was approved: Listeners")


def test_an_action_given_to_someone_tells_them_but_not_someone_who_gave_it_themselves(
    scheme: Scheme,
    coordinator: User,
    staff: User,
    django_capture_on_commit_callbacks: Any,
    eager: Any,
) -> None:
    due = TODAY + timedelta(days=7)
    [sent] = notices(
        lambda: action_create(
            scheme=scheme, by=coordinator, description="Book the chapel", owner=staff, due_date=due
        ),
        django_capture_on_commit_callbacks,
    )
    assert sent.to == [staff.email]
    assert "due on 8 December 2026" in sent.body
    assert (
        notices(
            lambda: action_create(
                scheme=scheme,
                by=coordinator,
                description="Brief the wing",
                owner=coordinator,
                due_date=due,
            ),
            django_capture_on_commit_callbacks,
        )
        == []
    )


def test_marking_an_action_done_takes_it_off_the_owners_list_at_once(
    scheme: Scheme,
    coordinator: User,
    staff: User,
    django_capture_on_commit_callbacks: Any,
    eager: Any,
) -> None:
    action = ActionFactory(scheme=scheme, owner=staff, due_date=TODAY)
    services.reminders_record(day=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        action_update(
            action=action,
            by=staff,
            expected_version=action.version,
            today=TODAY,
            description=action.description,
            owner=staff,
            due_date=action.due_date,
            done=True,
        )
    assert Reminder.objects.get().done_on == TODAY


def test_a_rolled_back_submission_tells_nobody(
    scheme: Scheme, coordinator: User, django_capture_on_commit_callbacks: Any, eager: Any
) -> None:
    plan = complete_plan(scheme)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        plan_submit(plan=plan, by=coordinator)
    assert len(callbacks) == 1  # queued for the commit only; a rollback drops it
    assert mail.outbox == []


# --- the choice of emails ----------------------------------------------------------


def test_a_choice_saved_in_another_window_meanwhile_is_not_overwritten(staff: User) -> None:
    services.preference_save(by=staff, frequency=Frequency.NONE, expected_version=0)
    with pytest.raises(StaleEditError):
        services.preference_save(by=staff, frequency=Frequency.DAILY, expected_version=0)
    saved = services.preference_save(by=staff, frequency=Frequency.DAILY, expected_version=1)
    assert (saved.frequency, saved.version) == (Frequency.DAILY, 2)
