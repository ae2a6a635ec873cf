"""Amending an approved plan in a real browser, while the scheme runs.

The coordinator of an active scheme at HMP Leeds sees its plan's state on the scheme
list, starts an amendment, changes one answer, checks it beside the approved answer and
submits it. A governor reads the amendment with the changed answer beside the approved
one, and approves it: it becomes version 2. The history shows both submissions and both
versions, and each version prints with its own answers. Every page is checked with
axe-core and the Nu Html Checker (support.py).
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from accounts.models import User
from planning.models import PlanApproval, PlanTask
from schemes.models import Scheme, SchemeStatus
from tests.browser.support import (
    follow_link,
    heading,
    press_button,
    sign_in,
    sign_out,
    success_banner,
)
from tests.factories import COMPLETE_ANSWERS, scheme_in_state

NEED = PlanTask.NEED.label
CHANGED_OUTCOMES = "Confidential support day and night, and a Listener on every wing by spring."


def scheme_pages(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Scheme pages")


def test_a_coordinator_amends_the_approved_plan_and_a_governor_approves_version_2(
    page: Page, server: str, scheme: Scheme, coordinator: User, governor: User
) -> None:
    scheme_in_state(
        scheme,
        status=SchemeStatus.ACTIVE,
        approval=PlanApproval.APPROVED,
        coordinator=coordinator,
        governor=governor,
    )
    approved_outcomes = str(COMPLETE_ANSWERS["intended_outcomes"])

    # 1. The scheme list shows the plan's state, and filters by it (a GET form).
    sign_in(page, server, coordinator)
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Listeners"))
    expect(row).to_contain_text("Approved")
    page.get_by_label("Plan status").select_option("approved")
    press_button(page, "Apply filters")
    expect(page.get_by_role("link", name="Listeners", exact=True)).to_be_visible()

    # 2. The coordinator starts an amendment from the planning checklist.
    follow_link(page, "Listeners")
    follow_link(page, "Planning", within=scheme_pages(page))
    expect(page.get_by_text("The approved plan answers all 7 tasks.")).to_be_visible()
    press_button(page, "Amend the plan")
    expect(heading(page)).to_have_text("Amend the plan")
    press_button(page, "Start amending the plan")
    expect(heading(page)).to_have_text("Planning checklist")
    expect(success_banner(page)).to_contain_text("Approved version 1 stays in force")

    # 3. They change one answer, mark it complete, and check it beside the approved one.
    follow_link(page, NEED)
    page.get_by_label("What does the scheme need to do?", exact=True).fill(CHANGED_OUTCOMES)
    press_button(page, "Mark as complete")
    press_button(page, "Check and submit your amendment")
    expect(heading(page)).to_have_text("Check your amendment before you submit it")
    changes = page.locator("#task-need table")
    expect(changes).to_contain_text("Changed since approved version 1")
    expect(changes).to_contain_text(approved_outcomes)
    expect(changes).to_contain_text(CHANGED_OUTCOMES)
    expect(page.locator("#task-target-group table.app-changes")).to_have_count(0)
    press_button(page, "Submit the amendment for approval")
    expect(heading(page)).to_have_text("Plan submitted for approval")
    sign_out(page, server)

    # 4. A governor sees the changed answer beside the approved one, and approves it.
    sign_in(page, server, governor)
    follow_link(page, "Plans awaiting approval")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Listeners"))
    follow_link(page, "Approve or return the plan for Listeners", within=row)
    expect(heading(page)).to_have_text("Approve or return the amendment of the plan")
    changes = page.locator("#task-need table")
    expect(changes).to_contain_text(approved_outcomes)
    expect(changes).to_contain_text(CHANGED_OUTCOMES)
    follow_link(page, "Go to your decision")  # the decision without scrolling the plan
    page.get_by_label("Approve the plan", exact=True).check()
    press_button(page, "Confirm decision")
    expect(success_banner(page)).to_contain_text("version 2 of the plan is now in force")
    expect(page.locator(".govuk-summary-list").first).to_contain_text(re.compile("Active"))

    # 5. The history shows each submission and both versions; each prints its answers.
    follow_link(page, "History", within=scheme_pages(page))
    expect(page.get_by_role("heading", name="Amendment submitted for approval")).to_be_visible()
    expect(page.get_by_role("heading", name="Plan submitted for approval")).to_be_visible()
    expect(page.get_by_role("heading", name="Plan approved: version 1")).to_be_visible()
    expect(page.get_by_role("heading", name="Plan approved: version 2")).to_be_visible()
    follow_link(page, "View and print version 1")
    expect(heading(page)).to_have_text("Plan for Listeners, version 1")
    expect(page.locator("#task-need")).to_contain_text(approved_outcomes)
    expect(page.locator("#task-need")).not_to_contain_text(CHANGED_OUTCOMES)
    follow_link(page, "View version 2, the version in force")
    expect(heading(page)).to_have_text("Plan for Listeners, version 2")
    expect(page.locator("#task-need")).to_contain_text(CHANGED_OUTCOMES)
    sign_out(page, server)
