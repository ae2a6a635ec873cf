"""Reminders in a real browser: a coordinator submits a plan; the governor's header
says they have a reminder, their list says "1 plan awaiting your decision" and links
to the decision; the governor returns the plan; the coordinator's list has the action
to revise it. Both emails are in the outbox. Then the coordinator turns the emails off.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from accounts.models import User
from schemes.models import Scheme
from tests.browser.support import (
    follow_link,
    heading,
    press_button,
    sign_in,
    sign_out,
    success_banner,
    visit,
)
from tests.factories import complete_plan

REASON = "Say how Listeners will be supported after a difficult call."


@pytest.fixture
def tasks_run_at_once() -> Iterator[None]:
    """Celery tasks run in the server's thread as they are sent (no worker here)."""
    from peersupport.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_the_governor_is_reminded_of_a_submitted_plan_and_the_coordinator_of_its_return(
    page: Page,
    server: str,
    scheme: Scheme,
    coordinator: User,
    governor: User,
    tasks_run_at_once: None,
) -> None:
    complete_plan(scheme)
    mail.outbox.clear()

    # 1. The coordinator submits the plan.
    sign_in(page, server, coordinator)
    visit(page, f"{server}/schemes/{scheme.pk}/planning/")
    press_button(page, "Check and submit your plan")
    press_button(page, "Submit the plan for approval")
    expect(heading(page)).to_have_text("Plan submitted for approval")
    sign_out(page, server)

    # 2. The governor's header counts it; their list says what and links to it.
    sign_in(page, server, governor)
    follow_link(page, "Your reminders (1)")
    expect(heading(page)).to_have_text("Your reminders")
    expect(page.locator("main")).to_contain_text("1 plan awaiting your decision")
    follow_link(page, "Approve or return the plan for Listeners")
    expect(heading(page)).to_have_text("Approve or return the plan")
    page.get_by_label("Return it to the coordinator", exact=True).check()
    page.get_by_label("Why are you returning it?", exact=True).fill(REASON)
    press_button(page, "Confirm decision")
    # Done: it has gone from the governor's list.
    follow_link(page, "Your reminders (0)")
    expect(page.locator("main")).to_contain_text("You have nothing to do at the moment.")
    sign_out(page, server)

    # 3. The coordinator's list has the returned plan, linking to the checklist.
    sign_in(page, server, coordinator)
    follow_link(page, "Your reminders (1)")
    expect(page.locator("main")).to_contain_text("1 returned plan to revise")
    follow_link(page, "Revise the plan for Listeners and submit it again")
    expect(heading(page)).to_have_text("Planning checklist")
    follow_link(page, "Your reminders (1)")

    # 4. Both emails were sent, each to the person concerned.
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([governor.email], "A plan is waiting for your decision: Listeners"),
        ([coordinator.email], "Your plan was returned: Listeners"),
    ]

    # 5. The coordinator chooses no emails.
    follow_link(page, "Choose whether you get a daily email")
    press_button(page, "Save")  # nothing chosen yet is the daily email: saved as it is
    follow_link(page, "Choose whether you get a daily email")
    page.get_by_label("No reminder emails", exact=True).check()
    press_button(page, "Save")
    expect(success_banner(page)).to_contain_text("Your choice of reminder emails has been saved")
