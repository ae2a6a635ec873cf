"""The plan and maintenance journeys in a real browser.

A coordinator at HMP Leeds answers the guidance's seven planning questions and submits
the plan; a governor returns it with a reason, the coordinator changes it and submits
it again, and the governor approves it (from a browser without JavaScript). Then the
scheme runs: a review meeting, an action from it, a pause and, at last, a governor
closing it. The whole plan can be completed without JavaScript too.

Everything happens through the pages, as a user would: the factories only set up who
exists and, for the maintenance journey, a scheme whose plan was approved earlier.
Every page these tests load is checked with axe-core (WCAG 2.2 AA): see support.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Locator, Page, expect

from accounts.models import Prison, User
from planning.models import PlanApproval, PlanTask
from schemes.models import Scheme, SchemeStatus
from tests.browser.support import (
    assert_accessible,
    error_summary,
    field,
    fill_date,
    follow_link,
    heading,
    press_button,
    sign_in,
    sign_out,
    success_banner,
    summary_row,
)
from tests.factories import SchemeFactory, complete_plan, ready_to_run

RETURN_REASON = "Say how Listeners will be supported after a difficult call."
CHANGED_OUTCOMES = (
    "Confidential emotional support for new arrivals, day and night, with a debrief "
    "for every Listener after a difficult call."
)
PAUSE_REASON = "Half the Listeners moved to HMP Wakefield; training new ones first."
CLOSE_REASON = "The wing is closing for refurbishment; Samaritans will support from outside."


# --- finding things on a page -----------------------------------------------------------


def task_status(page: Page, title: str) -> Locator:
    """A task's status on the GOV.UK task list, found by the task's link."""
    item = page.locator(".govuk-task-list__item").filter(
        has=page.get_by_role("link", name=title, exact=True)
    )
    return item.locator(".govuk-task-list__status")


def timeline_item(page: Page, title: str) -> Locator:
    return page.locator(".moj-timeline__item").filter(
        has=page.get_by_role("heading", name=title, exact=True)
    )


def expect_error_summary(page: Page, errors: list[tuple[str, str]], *, js: bool = True) -> None:
    """The GOV.UK error summary lists exactly ``errors`` (message, link target).

    assert_accessible has already checked that every target is on the page. With
    JavaScript, GOV.UK Frontend moves focus to the summary.
    """
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = error_summary(page)
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    links = summary.get_by_role("link")
    expect(links).to_have_text([message for message, _ in errors])
    for index, (_, target) in enumerate(errors):
        expect(links.nth(index)).to_have_attribute("href", target)
    if js:
        expect(summary).to_be_focused()


# --- the planning tasks, as a coordinator does them -------------------------------------

NEED = PlanTask.NEED.label
TARGET_GROUP = PlanTask.TARGET_GROUP.label
RESOURCES = PlanTask.RESOURCES.label
AVAILABILITY = PlanTask.AVAILABILITY.label
PEER_SUPPORTERS = PlanTask.PEER_SUPPORTERS.label
STAKEHOLDERS = PlanTask.STAKEHOLDERS.label
IMPACT = PlanTask.IMPACT.label
TASKS = [label for _, label in PlanTask.choices]


def mark_complete(page: Page, title: str) -> None:
    """Mark the open task complete; it shows as Completed on the checklist."""
    press_button(page, "Mark as complete")
    expect(heading(page)).to_have_text("Planning checklist")
    expect(success_banner(page)).to_contain_text(f"You have completed “{title}”")
    expect(task_status(page, title)).to_have_text("Completed")


def answer_need(page: Page, *, js: bool, thorough: bool) -> None:
    """Thorough: first "Mark as complete" with nothing answered."""
    follow_link(page, NEED)
    expect(heading(page)).to_have_text(NEED)
    if thorough:
        press_button(page, "Mark as complete")
        expect_error_summary(
            page,
            [
                ("Say why the scheme is needed", "#id_need"),
                ("Give the evidence of the need", "#id_need_evidence"),
                ("Say what the scheme needs to do", "#id_intended_outcomes"),
            ],
            js=js,
        )
        expect(field(page, "Why is the scheme needed?")).to_have_accessible_description(
            re.compile(r"Error:\s+Say why the scheme is needed\s*$")
        )
    field(page, "Why is the scheme needed?").fill(
        "Self-harm on the induction wing rose by a third last year."
    )
    field(page, "What evidence shows the need?").fill(
        "38 self-harm incidents among new arrivals in 12 months (safer custody data)."
    )
    field(page, "What does the scheme need to do?").fill(
        "Confidential emotional support for new arrivals, day and night."
    )
    mark_complete(page, NEED)


def answer_target_group(page: Page) -> None:
    follow_link(page, TARGET_GROUP)
    field(page, "Who is the scheme for?").fill(
        "New arrivals in their first two weeks, and anyone on an ACCT."
    )
    field(page, "Roughly how many people are in the target group?").fill("120")
    field(page, "What are their needs?").fill(
        "Someone to talk to in confidence, especially at night."
    )
    mark_complete(page, TARGET_GROUP)


def add_resource(
    page: Page, kind: str, description: str, amount: str, unit: str, *, confirmed: bool
) -> None:
    """On the resource form: fill it in and save it."""
    field(page, kind).check()
    field(page, "Describe it").fill(description)
    field(page, "How much?").fill(amount)
    field(page, "Unit").fill(unit)
    if confirmed:
        field(page, "This resource is confirmed").check()
    press_button(page, "Save resource")


def add_resources(page: Page, *, js: bool, thorough: bool) -> None:
    """Thorough: first the mistakes (no resource, a negative amount), then two resources."""
    follow_link(page, RESOURCES)
    if thorough:
        press_button(page, "Mark as complete")
        expect_error_summary(page, [("Add at least one resource", "#resources-list")], js=js)
        expect(page.get_by_text("You have not added any resources yet.")).to_be_visible()

    press_button(page, "Add a resource")
    expect(heading(page)).to_have_text("Add a resource")
    if thorough:
        add_resource(page, "Budget", "Listener training materials", "-50", "£", confirmed=False)
        expect_error_summary(page, [("The amount cannot be negative", "#id_amount")], js=js)
        expect(field(page, "Describe it")).to_have_value("Listener training materials")
        field(page, "How much?").fill("1,200")
        press_button(page, "Save resource")
    else:
        add_resource(page, "Budget", "Listener training materials", "1,200", "£", confirmed=False)
    expect(success_banner(page)).to_contain_text("Resource added")
    expect(heading(page)).to_have_text(RESOURCES)
    budget = page.locator(".govuk-summary-card").filter(has_text="Listener training materials")
    expect(summary_row(budget, "Amount")).to_have_text(re.compile("£1,200"))
    expect(summary_row(budget, "Confirmed")).to_have_text(re.compile("Not yet"))
    if not thorough:
        mark_complete(page, RESOURCES)
        return

    press_button(page, "Add another resource")
    add_resource(
        page, "Staff hours", "Safer custody officer time", "7.5", "hours a week", confirmed=True
    )
    expect(page.locator(".govuk-summary-card__title")).to_have_text(
        ["Listener training materials", "Safer custody officer time"]
    )
    hours = page.locator(".govuk-summary-card").filter(has_text="Safer custody officer time")
    expect(summary_row(hours, "Amount")).to_have_text(re.compile("7.50 hours a week"))
    expect(summary_row(hours, "Confirmed")).to_have_text(re.compile("Yes"))
    mark_complete(page, RESOURCES)


def answer_availability(page: Page) -> None:
    follow_link(page, AVAILABILITY)
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        field(page, day).check()
    field(page, "At what times?").fill("24 hours, by cell bell at night")
    field(page, "Where is it available?").fill("All wings; the Listener suite on A wing")
    field(page, "Call-out (for example, by cell bell)").check()
    field(page, "Referral by staff").check()
    mark_complete(page, AVAILABILITY)


def answer_peer_supporters(page: Page, *, js: bool) -> None:
    follow_link(page, PEER_SUPPORTERS)
    field(page, "How will peer supporters be recruited and selected?").fill(
        "Applications assessed by safer custody and Samaritans"
    )
    field(page, "Who will train them?").fill("Samaritans")
    field(page, "How many hours of training will they have?").fill("30")
    field(page, "Every month").check()
    pay_band = field(page, "Pay band")
    if js:
        # GOV.UK conditional radios: the pay band appears once "Paid" is chosen.
        expect(pay_band).to_be_hidden()
    else:
        # Without JavaScript it is a plain question, always there.
        expect(pay_band).to_be_visible()
    field(page, "Paid").check()
    expect(pay_band).to_be_visible()
    pay_band.fill("Band 3")
    mark_complete(page, PEER_SUPPORTERS)


def add_stakeholder(page: Page, name: str, kind: str, interest: str, engagement: str) -> None:
    """On the stakeholder form: fill it in and save it."""
    field(page, "Name or group").fill(name)
    field(page, kind).check()
    field(page, "What is their interest in the scheme?").fill(interest)
    field(page, "How will you engage them?").fill(engagement)
    press_button(page, "Save stakeholder")
    expect(success_banner(page)).to_contain_text("Stakeholder added")


def add_stakeholders(page: Page, *, thorough: bool) -> None:
    """Thorough: two stakeholders, else one."""
    follow_link(page, STAKEHOLDERS)
    press_button(page, "Add a stakeholder")
    add_stakeholder(
        page,
        "Head of Safety",
        "Prison governor",
        "Fewer self-harm incidents among new arrivals",
        "A monthly briefing at the safety meeting",
    )
    if thorough:
        press_button(page, "Add another stakeholder")
        add_stakeholder(
            page,
            "Residential staff on A wing",
            "Prison staff",
            "Calmer nights on the wing",
            "A talk at the wing meeting, then a named Listener contact",
        )
    expect(page.locator(".govuk-summary-card__title")).to_have_text(
        ["Head of Safety", "Residential staff on A wing"] if thorough else ["Head of Safety"]
    )
    mark_complete(page, STAKEHOLDERS)


def fill_objective(page: Page, indicator: str, deadline: date) -> None:
    field(page, "What will you measure?").fill(indicator)
    field(page, "How does it show the scheme meets its need?").fill(
        "The scheme exists to reduce self-harm among new arrivals"
    )
    field(page, "What is it now (the baseline)?").fill("20")
    field(page, "What is the target?").fill("12")
    field(page, "Unit (optional)").fill("incidents a month")
    fill_date(page, "By when?", deadline)


def answer_impact(page: Page, *, js: bool, thorough: bool) -> None:
    """Thorough: a vague objective is refused first."""
    follow_link(page, IMPACT)
    field(page, "Every 3 months").check()
    field(page, "Which management information and feedback will you use?").fill(
        "Safer custody figures each month and Listener call logs."
    )
    # "Add an objective" saves the answers so far, then opens the objective form.
    press_button(page, "Add an objective")
    expect(heading(page)).to_have_text("Add an objective")
    deadline = timezone.localdate() + timedelta(days=365)
    if thorough:
        fill_objective(page, "Improvement", deadline)
        press_button(page, "Save objective")
        expect_error_summary(
            page,
            [
                (
                    "Specific: name what you will measure, like “self-harm incidents a "
                    "month on A wing”",
                    "#id_indicator",
                )
            ],
            js=js,
        )
        expect(field(page, "What is the target?")).to_have_value("12")
        field(page, "What will you measure?").fill("Self-harm incidents a month on A wing")
    else:
        fill_objective(page, "Self-harm incidents a month on A wing", deadline)
    press_button(page, "Save objective")
    expect(success_banner(page)).to_contain_text("Objective added")
    objective = page.locator(".govuk-summary-card").filter(
        has_text="Self-harm incidents a month on A wing"
    )
    expect(summary_row(objective, "From")).to_have_text(re.compile("20 incidents a month"))
    expect(summary_row(objective, "By")).to_contain_text(f"{deadline:%-d %B %Y}")
    expect(objective.locator(".govuk-warning-text")).to_have_count(0)  # it is SMART
    # What was typed before adding the objective was kept.
    expect(field(page, "Every 3 months")).to_be_checked()
    mark_complete(page, IMPACT)


def complete_every_task(
    page: Page, *, js: bool, thorough: bool, created_on_the_page: bool = False
) -> None:
    """From the planning checklist, answer all seven questions and mark each complete.

    Thorough: on the way, make the mistakes the forms must refuse, and add a second
    resource and stakeholder. Otherwise do the least that completes the plan.
    """
    # A scheme created on "Create a scheme" starts task 2 with the target group given.
    second = "In progress" if created_on_the_page else "Not started"
    expect(page.locator(".govuk-task-list__status")).to_have_text(
        ["Not started", second, *["Not started"] * 5]
    )
    expect(page.get_by_text("You have completed 0 of 7 tasks.")).to_be_visible()

    answer_need(page, js=js, thorough=thorough)
    answer_target_group(page)
    add_resources(page, js=js, thorough=thorough)
    answer_availability(page)
    answer_peer_supporters(page, js=js)
    add_stakeholders(page, thorough=thorough)
    answer_impact(page, js=js, thorough=thorough)

    expect(page.locator(".govuk-task-list__status")).to_have_text(["Completed"] * 7)
    expect(page.get_by_text("You have completed 7 of 7 tasks.")).to_be_visible()


def check_and_submit(page: Page) -> None:
    """From the completed checklist: check your answers, submit, see the confirmation."""
    press_button(page, "Check and submit your plan")
    expect(heading(page)).to_have_text("Check your plan before you submit it")
    cards = page.locator(".govuk-summary-card[id^='task-']")
    expect(cards.locator(".govuk-summary-card__title")).to_have_text(
        [f"{number}. {title}" for number, title in enumerate(TASKS, start=1)]
    )
    expect(cards.locator(".govuk-summary-card__actions")).to_have_text(
        # Each Change link names its task for screen readers.
        [f"Completed Change {title}" for title in TASKS]
    )
    expect(summary_row(page, "How often the scheme is reviewed")).to_contain_text("Every 3 months")
    expect(summary_row(page, "Pay")).to_contain_text("Paid: Band 3")
    press_button(page, "Submit the plan for approval")
    panel = page.locator(".govuk-panel--confirmation")
    expect(panel.get_by_role("heading", level=1)).to_have_text("Plan submitted for approval")
    expect(panel).to_contain_text("HMP Leeds")


# --- the journeys -----------------------------------------------------------------------


def test_a_coordinator_completes_the_plan_a_governor_returns_it_then_approves_it(
    page: Page,
    new_context: Callable[..., BrowserContext],
    server: str,
    coordinator: User,
    governor: User,
) -> None:
    # 1. The coordinator creates a scheme and works through the planning checklist.
    sign_in(page, server, coordinator)
    press_button(page, "Create a scheme")
    field(page, "Scheme name").fill("Listeners")
    field(page, "Listeners (suicide and self-harm)").check()
    field(page, "Purpose").fill("Confidential emotional support for prisoners in distress.")
    field(page, "Target group").fill("Any prisoner, especially in their first weeks.")
    field(page, "Target number of peer supporters").fill("12")
    field(page, "Minimum number of peer supporters").fill("6")
    press_button(page, "Save scheme")
    expect(heading(page)).to_have_text("Listeners")
    scheme_url = page.url

    follow_link(page, "Planning", within=page.get_by_role("navigation", name="Scheme pages"))
    expect(heading(page)).to_have_text("Planning checklist")
    expect(summary_row(page, "Plan status")).to_contain_text("Draft")
    expect(page.get_by_role("button", name="Check and submit your plan")).to_have_count(0)

    complete_every_task(page, js=True, thorough=True, created_on_the_page=True)
    check_and_submit(page)
    sign_out(page, server)

    # 2. A governor finds the plan waiting for them and returns it with a reason.
    sign_in(page, server, governor)
    follow_link(page, "Plans awaiting approval")
    expect(heading(page)).to_have_text("Plans awaiting approval")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Listeners"))
    expect(row).to_contain_text(coordinator.display_name)
    follow_link(page, "Approve or return the plan for Listeners", within=row)
    expect(heading(page)).to_have_text("Approve or return the plan")
    expect(page.locator("#task-need")).to_contain_text(
        "Confidential emotional support for new arrivals, day and night."
    )

    press_button(page, "Confirm decision")
    expect_error_summary(
        page, [("Select whether to approve the plan or return it", "#id_decision_1")]
    )
    reason = field(page, "Why are you returning it?")
    expect(reason).to_be_hidden()  # until "Return" is chosen
    field(page, "Return it to the coordinator").check()
    expect(reason).to_be_visible()
    press_button(page, "Confirm decision")
    expect_error_summary(page, [("Enter why you are returning the plan", "#id_reason")])
    expect(field(page, "Return it to the coordinator")).to_be_checked()
    reason = field(page, "Why are you returning it?")
    expect(reason).to_be_visible()
    reason.fill(RETURN_REASON)
    press_button(page, "Confirm decision")
    expect(page).to_have_url(scheme_url)
    expect(success_banner(page)).to_contain_text(
        "You have returned the plan to the coordinator with your reason"
    )
    sign_out(page, server)

    # The coordinator has an action to do something about it, and sees why.
    sign_in(page, server, coordinator)
    follow_link(page, "Actions", within=page.get_by_role("navigation", name="Menu"))
    action = page.get_by_role("row").filter(has_text=RETURN_REASON)
    expect(action).to_contain_text("Revise the plan and submit it again. The governor said:")
    expect(action).to_contain_text("From a returned plan")
    expect(action).to_contain_text(coordinator.display_name)
    expect(action.locator(".govuk-tag")).to_have_text("Due soon")

    follow_link(page, "Listeners", within=action)  # the scheme's maintenance page
    follow_link(page, "Back to Listeners")
    returned = page.get_by_role("region", name="Important")
    expect(returned).to_contain_text("A governor returned the plan on")
    expect(returned).to_contain_text(RETURN_REASON)
    follow_link(page, "Planning", within=page.get_by_role("navigation", name="Scheme pages"))
    banner = page.get_by_role("region", name="Important")
    expect(banner).to_contain_text(f"The plan was returned on {timezone.localdate():%-d %B %Y}")
    expect(banner).to_contain_text(f"by {governor.display_name}")
    expect(banner).to_contain_text(RETURN_REASON)
    expect(summary_row(page, "Plan status")).to_contain_text("Returned")

    # They change one answer, which they must mark complete again, then resubmit.
    follow_link(page, NEED)
    expect(field(page, "What does the scheme need to do?")).to_have_value(
        "Confidential emotional support for new arrivals, day and night."
    )
    field(page, "What does the scheme need to do?").fill(CHANGED_OUTCOMES)
    press_button(page, "Save and come back later")
    expect(task_status(page, NEED)).to_have_text("In progress")
    expect(page.get_by_role("button", name="Check and submit your plan")).to_have_count(0)
    follow_link(page, NEED)
    mark_complete(page, NEED)
    check_and_submit(page)
    sign_out(page, server)

    # The governor approves it: the scheme starts recruiting. This time their browser
    # runs no JavaScript, so the reason for returning is a plain question, always there.
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, server, governor)
    follow_link(page, "Plans awaiting approval")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Listeners"))
    follow_link(page, "Approve or return the plan for Listeners", within=row)
    expect(page.locator("#task-need")).to_contain_text(CHANGED_OUTCOMES)
    expect(field(page, "Why are you returning it?")).to_be_visible()
    field(page, "Approve the plan").check()
    press_button(page, "Confirm decision")
    expect(page).to_have_url(scheme_url)
    expect(success_banner(page)).to_contain_text(
        "You have approved the plan: Listeners is now recruiting"
    )
    expect(summary_row(page, "Status")).to_have_text(re.compile("Recruiting"))

    # 4. The printable plan summary records both decisions; it is accessible on screen
    # and as printed (print.css).
    follow_link(page, "Print the plan")
    expect(heading(page)).to_have_text("Plan for Listeners")
    expect(summary_row(page, "Plan status")).to_have_text(re.compile("Approved"))
    decisions = page.get_by_role("table").filter(
        has=page.get_by_role("columnheader", name="Decision")
    )
    expect(decisions.locator("tbody tr")).to_have_count(2)
    expect(decisions).to_contain_text("Returned")
    expect(decisions).to_contain_text("Approved")
    expect(decisions).to_contain_text(RETURN_REASON)
    page.emulate_media(media="print")
    assert_accessible(page)
    page.emulate_media(media="screen")
    sign_out(page, server)


def test_a_coordinator_can_complete_and_submit_the_plan_without_javascript(
    new_context: Callable[..., BrowserContext], server: str, scheme: Scheme, coordinator: User
) -> None:
    """Every task's form, the add-another lists and the conditional pay band work as
    plain HTML. (The governor's decision without JavaScript is in the first journey.)"""
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, server, coordinator)
    expect(page.locator("body")).not_to_have_class(re.compile(r"\bjs-enabled\b"))
    follow_link(page, "Listeners")
    follow_link(page, "Planning", within=page.get_by_role("navigation", name="Scheme pages"))

    complete_every_task(page, js=False, thorough=False)
    check_and_submit(page)
    follow_link(page, "Back to the planning checklist")
    expect(summary_row(page, "Plan status")).to_have_text(re.compile("Awaiting approval"))


def test_a_coordinator_runs_reviews_and_pauses_the_scheme_and_a_governor_closes_it(
    page: Page, server: str, leeds: Prison, coordinator: User, governor: User
) -> None:
    # Set up: a scheme whose plan a governor approved last month.
    scheme = SchemeFactory(
        prison=leeds,
        name="Toe by Toe",
        coordinator=coordinator,
        created_by=coordinator,
        status=SchemeStatus.RECRUITING,
        launched_on=timezone.localdate() - timedelta(days=30),
    )
    # Created before it launched: a review meeting cannot be dated before its scheme.
    Scheme.objects.filter(pk=scheme.pk).update(created_at=timezone.now() - timedelta(days=90))
    complete_plan(scheme, approval=PlanApproval.APPROVED)
    # Its peer supporters and a contingency plan: what starting to run needs.
    ready_to_run(scheme, owner=coordinator)
    today = timezone.localdate()

    sign_in(page, server, coordinator)
    follow_link(page, "Toe by Toe", within=page.get_by_role("table").first)
    expect(summary_row(page, "Status")).to_have_text(re.compile("Recruiting"))

    # Start running it: the reason is optional.
    press_button(page, "Start running the scheme")
    expect(heading(page)).to_have_text("Start running the scheme")
    field(page, "Why are you starting the scheme? (optional)").fill("Eight Listeners trained.")
    press_button(page, "Start running the scheme")
    expect(heading(page)).to_have_text("Status and history")
    expect(success_banner(page)).to_contain_text("The scheme is now running")
    expect(page.get_by_text("The scheme is running.", exact=True)).to_be_visible()

    # Record a review meeting: a date in the future is refused.
    follow_link(page, "Back to Toe by Toe")
    follow_link(page, "Maintenance", within=page.get_by_role("navigation", name="Scheme pages"))
    expect(heading(page)).to_have_text("Maintain, support and resource the scheme")
    press_button(page, "Record a review meeting")
    fill_date(page, "Date of the meeting", today + timedelta(days=7))
    field(page, f"{coordinator.display_name} (scheme coordinator)").check()
    field(page, "Head of safety (prison governor)").check()
    field(page, "Number of peer supporters who attended").fill("3")
    field(page, "Communication routes (optional)").fill("The Listener hotline works at night.")
    field(page, "Decisions").fill("Recruit four more Listeners before the summer.")
    press_button(page, "Save review meeting")
    expect_error_summary(
        page, [("The date of the meeting must be today or in the past", "#id_held_on_0")]
    )
    expect(field(page, "Decisions")).to_have_value("Recruit four more Listeners before the summer.")
    meeting_day = today - timedelta(days=2)
    fill_date(page, "Date of the meeting", meeting_day)
    press_button(page, "Save review meeting")
    expect(success_banner(page)).to_contain_text("The review meeting has been recorded")
    expect(heading(page)).to_have_text(f"Review meeting of {meeting_day:%-d %B %Y}")
    expect(summary_row(page, "Staff")).to_contain_text(coordinator.display_name)
    expect(summary_row(page, "Stakeholders")).to_contain_text("Head of safety")

    # Add an action from the meeting: it needs an owner.
    press_button(page, "Add an action from this meeting")
    expect(heading(page)).to_have_text("Add an action from this meeting")
    field(page, "What needs to be done").fill("Advertise for four more Listeners on every wing")
    fill_date(page, "Due date", today + timedelta(days=28))
    press_button(page, "Add action")
    expect_error_summary(page, [("Select who owns this action", "#id_owner")])
    field(page, "Owner").select_option(label=coordinator.display_name)
    press_button(page, "Add action")
    expect(success_banner(page)).to_contain_text("The action has been added")
    expect(page.get_by_role("row").filter(has_text="Advertise for four more")).to_contain_text(
        "To do"
    )

    # It is on the Actions page; they open it there and mark it done.
    follow_link(page, "Actions", within=page.get_by_role("navigation", name="Menu"))
    action = page.get_by_role("row").filter(has_text="Advertise for four more Listeners")
    expect(action).to_contain_text("From a review meeting")
    expect(action).to_contain_text("Toe by Toe")
    expect(action.locator(".govuk-tag")).to_have_text("To do")
    follow_link(page, "Advertise for four more Listeners on every wing", within=action)
    expect(heading(page)).to_have_text("Change an action")
    field(page, "Yes, done").check()
    press_button(page, "Save changes")
    expect(success_banner(page)).to_contain_text("The action has been marked as done")
    done = page.get_by_role("row").filter(has_text="Advertise for four more Listeners")
    expect(done.locator(".govuk-tag")).to_have_text("Done")

    # Pause the scheme, with a reason.
    follow_link(page, "Back to Toe by Toe")
    press_button(page, "Pause the scheme")
    press_button(page, "Pause the scheme")
    expect_error_summary(page, [("Enter why you are pausing the scheme", "#id_reason")])
    field(page, "Why are you pausing the scheme?").fill(PAUSE_REASON)
    press_button(page, "Pause the scheme")
    expect(success_banner(page)).to_contain_text("The scheme has been paused")

    # The history says what happened, who did it and why.
    expect(heading(page)).to_have_text("Status and history")
    paused = timeline_item(page, "Scheme paused")
    expect(paused).to_contain_text(f"by {coordinator.display_name}")
    expect(paused).to_contain_text("Status changed from active to paused")
    expect(paused).to_contain_text(f"Reason: {PAUSE_REASON}")
    started = timeline_item(page, "Scheme started running")
    expect(started).to_contain_text(f"by {coordinator.display_name}")
    expect(started).to_contain_text("Reason: Eight Listeners trained.")
    review = timeline_item(page, "Review meeting held")
    expect(review).to_contain_text("Recruit four more Listeners before the summer.")
    titles = page.locator(".moj-timeline__title")
    expect(titles.first).to_have_text("Scheme paused")  # newest first
    # A coordinator cannot close a scheme.
    expect(page.get_by_role("button", name="Close the scheme")).to_have_count(0)
    sign_out(page, server)

    # A governor closes it, on a confirmation page with a warning button.
    sign_in(page, server, governor)
    # The governor lands on the prison's dashboard: its table of schemes' health.
    follow_link(
        page,
        "Toe by Toe",
        within=page.get_by_role("table", name=re.compile("the least healthy first")),
    )
    expect(summary_row(page, "Status")).to_have_text(re.compile("Paused"))
    press_button(page, "Close the scheme")
    expect(heading(page)).to_have_text("Close the scheme")
    expect(page.locator(".govuk-warning-text")).to_contain_text("Closing a scheme is final")
    close = page.get_by_role("button", name="Close the scheme")
    expect(close).to_have_class(re.compile(r"\bgovuk-button--warning\b"))
    field(page, "Why are you closing the scheme?").fill(CLOSE_REASON)
    press_button(page, "Close the scheme")
    expect(success_banner(page)).to_contain_text("The scheme has been closed")
    closed = timeline_item(page, "Scheme closed")
    expect(closed).to_contain_text(f"by {governor.display_name}")
    expect(closed).to_contain_text(f"Reason: {CLOSE_REASON}")
    expect(page.get_by_role("button", name=re.compile("scheme$"))).to_have_count(0)


# --- the one allowance in the axe check -------------------------------------------------

RADIOS = """<!DOCTYPE html><html lang="en"><head><title>Radios</title></head><body><main>
<fieldset><legend>Will peer supporters be paid?</legend>
<input class="{css}" type="radio" name="pay" id="pay-1" aria-controls="band" {aria}>
<label for="pay-1">Paid</label>
<div id="band"><label for="pay-band">Pay band</label><input id="pay-band" name="band"></div>
<input class="govuk-radios__input" type="radio" name="pay" id="pay-2">
<label for="pay-2">Unpaid</label>
</fieldset></main></body></html>"""


@pytest.mark.parametrize(
    ("css", "aria", "allowed"),
    [
        ("govuk-radios__input", 'aria-expanded="false"', True),
        ("govuk-radios__input", 'aria-expanded="true"', True),
        # Not a GOV.UK radio: not let through.
        ("app-radio", 'aria-expanded="false"', False),
        # Another attribute a radio may not have, as well: not let through.
        ("govuk-radios__input", 'aria-expanded="false" aria-pressed="false"', False),
    ],
    ids=["gov-uk-radio", "gov-uk-radio-expanded", "another-radio", "another-attribute"],
)
def test_axe_lets_through_only_gov_uks_aria_expanded_on_conditional_radios(
    page: Page, css: str, aria: str, allowed: bool
) -> None:
    page.set_content(RADIOS.format(css=css, aria=aria))
    if allowed:
        assert_accessible(page)
    else:
        with pytest.raises(AssertionError, match="aria-allowed-attr"):
            assert_accessible(page)
