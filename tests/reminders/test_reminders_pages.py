"""Your reminders (the list and the count in the header) and the choice of emails."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from reminders import services
from reminders.models import Frequency, ReminderPreference
from schemes.models import Scheme
from tests.factories import ActionFactory, complete_plan
from tests.pages import error_summary

Signed = Callable[[User | None], Client]


def test_the_governor_sees_the_plan_awaiting_their_decision_with_a_link_to_decide(
    scheme: Scheme, governor: User, client_for: Signed
) -> None:
    complete_plan(scheme, approval="submitted")
    services.reminders_record(day=timezone.localdate())
    page = client_for(governor).get("/reminders/").content.decode()
    assert "1 plan awaiting your decision" in page
    assert f'href="/schemes/{scheme.pk}/planning/decision/"' in page
    assert "Your reminders (1)" in page  # the header's count


def test_an_overdue_action_says_so_and_a_done_one_is_gone(
    scheme: Scheme, staff: User, client_for: Signed
) -> None:
    today = timezone.localdate()
    action = ActionFactory(
        scheme=scheme, owner=staff, due_date=today - timedelta(days=2), description="Order leaflets"
    )
    services.reminders_record(day=today)
    page = client_for(staff).get("/reminders/").content.decode()
    assert "1 action to do" in page
    assert "Overdue" in page
    assert "Order leaflets" in page
    type(action).objects.filter(pk=action.pk).update(status="done", completed_on=today)
    services.reminders_record(day=today)
    page = client_for(staff).get("/reminders/").content.decode()
    assert "You have nothing to do at the moment." in page
    assert "Your reminders (0)" in page


def test_nobody_sees_anyone_elses_reminders(
    scheme: Scheme, staff: User, coordinator: User, outsider: User, client_for: Signed
) -> None:
    ActionFactory(scheme=scheme, owner=staff, due_date=timezone.localdate(), description="Secret")
    services.reminders_record(day=timezone.localdate())
    for other in (coordinator, outsider):
        assert "Secret" not in client_for(other).get("/reminders/").content.decode()


def count_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_list_costs_the_same_with_1_and_60_reminders(
    scheme: Scheme, staff: User, client_for: Signed
) -> None:
    client = client_for(staff)
    today = timezone.localdate()
    ActionFactory(scheme=scheme, owner=staff, due_date=today)
    services.reminders_record(day=today)
    small = count_queries(client, "/reminders/")
    ActionFactory.create_batch(59, scheme=scheme, owner=staff, due_date=today)
    services.reminders_record(day=today)
    assert count_queries(client, "/reminders/") == small
    # session, user, memberships (navigation), the summary, the count for the
    # pagination, the page of reminders, the header's count.
    assert small <= 8


def test_choosing_no_emails_is_saved_and_shown_next_time(staff: User, client_for: Signed) -> None:
    client = client_for(staff)
    page = client.get("/reminders/emails/").content.decode()
    assert re.search(r'value="daily"[^>]*checked', page)  # no choice saved: the daily email
    response = client.post("/reminders/emails/", {"frequency": "none", "version": "0"})
    assert response.status_code == 302
    assert ReminderPreference.objects.get(user=staff).frequency == Frequency.NONE


def test_no_choice_is_an_error_on_the_form(staff: User, client_for: Signed) -> None:
    response = client_for(staff).post("/reminders/emails/", {"version": "0"})
    assert response.status_code == 200
    assert "Select whether you want a daily email" in error_summary(response.content.decode())


def test_a_choice_changed_in_another_window_meanwhile_gets_409_and_keeps_the_newer(
    staff: User, client_for: Signed
) -> None:
    client = client_for(staff)
    client.post("/reminders/emails/", {"frequency": "none", "version": "0"})
    response = client.post("/reminders/emails/", {"frequency": "daily", "version": "0"})
    assert response.status_code == 409
    assert "changed in another window" in response.content.decode()
    assert ReminderPreference.objects.get(user=staff).frequency == Frequency.NONE
