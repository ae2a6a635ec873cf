"""The dashboards in a real browser, on a phone-sized screen (390 pixels wide).

A governor signs in to their prison's dashboard, follows an open high risk to the risk
register, follows a red scheme to the reason it is red, approves a plan from "What needs
you", and prints a scheme's self-assessment and the prison's. The national analyst
lands on the national dashboard (with its feedback results and objectives met), filters
it and downloads a table. Every page is checked with axe-core (see support.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import BrowserContext, Locator, Page, expect

from accounts.models import Prison, User
from monitoring.models import RiskEntry
from monitoring.tasks import refresh_scheme_snapshots
from planning.models import PlanApproval
from schemes.models import Scheme, SchemeStatus
from tests.browser.support import (
    PHONE,
    assert_accessible,
    follow_link,
    heading,
    press_button,
    sign_in,
    success_banner,
)
from tests.factories import SchemeFactory, complete_plan


def navigate(page: Page, name: str) -> None:
    """Follow a service navigation link: on a phone it is folded behind "Menu"."""
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()
    follow_link(page, name)


def scheme_row(page: Page, name: str) -> Locator:
    """The scheme's row in the table of schemes and their health (the peer supporters'
    table names the schemes too)."""
    schemes = page.get_by_role("table", name=re.compile("the least healthy first"))
    return schemes.get_by_role("row").filter(has=page.get_by_role("link", name=name, exact=True))


def test_a_governor_follows_a_red_scheme_to_its_cause_and_approves_a_plan(
    new_context: Callable[..., BrowserContext],
    server: str,
    governor: User,
    leeds: Prison,
    scheme: Scheme,
) -> None:
    # Listeners launched 200 days ago and never reviewed: red. Insiders waits for a
    # decision on its plan.
    complete_plan(scheme, approval=PlanApproval.APPROVED)
    Scheme.objects.filter(pk=scheme.pk).update(
        status=SchemeStatus.ACTIVE, launched_on=timezone.localdate() - timedelta(days=200)
    )
    insiders = SchemeFactory(prison=leeds, name="Insiders", scheme_type="insiders")
    complete_plan(insiders, approval=PlanApproval.SUBMITTED)
    RiskEntry.objects.create(
        scheme=scheme,
        title="Peer supporters pressured to pass items",
        likelihood=4,
        impact=5,
        review_on=timezone.localdate() + timedelta(days=30),
    )
    # The worker has stored the dashboards' snapshots: the approval below must still
    # show at once.
    refresh_scheme_snapshots()

    page = new_context(viewport=PHONE).new_page()
    sign_in(page, server, governor)
    expect(heading(page)).to_have_text("HMP Leeds dashboard")
    assert_accessible(page)

    # The open high risk, followed to the risk register's page for it.
    risks = page.get_by_role("table", name=re.compile("Open high risks by scheme"))
    expect(risks).to_contain_text("20")
    follow_link(page, "Peer supporters pressured to pass items", within=risks)
    expect(heading(page)).to_have_text("Peer supporters pressured to pass items")
    navigate(page, "Dashboard")
    listeners = scheme_row(page, "Listeners")
    expect(listeners).to_contain_text("Red")
    expect(listeners).to_contain_text("The review meeting was due on")

    # The red scheme's page says why.
    follow_link(page, "Listeners", within=listeners)
    expect(heading(page)).to_have_text("Listeners")
    expect(
        page.locator(".govuk-warning-text").filter(has_text="The review meeting was due on")
    ).to_be_visible()

    # What needs the governor: the Insiders' plan.
    navigate(page, "Dashboard")
    expect(page.get_by_role("heading", name="Plans to approve or return")).to_be_visible()
    follow_link(page, "Approve or return the plan for Insiders")
    expect(heading(page)).to_have_text("Approve or return the plan")
    page.get_by_label("Approve the plan", exact=True).check()
    press_button(page, "Confirm decision")
    expect(success_banner(page)).to_contain_text(
        "You have approved the plan: Insiders is now recruiting"
    )
    navigate(page, "Dashboard")
    expect(page.locator("body")).to_contain_text("Nothing at HMP Leeds is waiting for you today.")

    # The self-assessment the governor shows an inspector, on screen and printed.
    follow_link(page, "Self-assessment of Listeners")
    expect(heading(page)).to_have_text("Self-assessment of Listeners against the guidance")
    expect(page.get_by_text("Not answered in the plan yet")).to_have_count(0)
    page.emulate_media(media="print")
    assert_accessible(page)
    page.emulate_media(media="screen")
    follow_link(page, re.compile("Back to the HMP Leeds dashboard"))
    follow_link(page, re.compile("See how HMP Leeds's schemes meet"))
    expect(heading(page)).to_have_text("Self-assessment of HMP Leeds against the guidance")
    page.emulate_media(media="print")
    assert_accessible(page)
    page.emulate_media(media="screen")


def test_the_analyst_filters_the_national_dashboard_and_downloads_a_table(
    new_context: Callable[..., BrowserContext],
    server: str,
    analyst: User,
    leeds: Prison,
    bristol: Prison,
    scheme: Scheme,
) -> None:
    Prison.objects.filter(pk=leeds.pk).update(region="yorkshire", population=1100)
    Prison.objects.filter(pk=bristol.pk).update(region="south-west", population=600)
    SchemeFactory(prison=bristol, name="Toe by Toe", scheme_type="reading")
    coordinator_name = scheme.coordinator.get_full_name() if scheme.coordinator else ""

    page = new_context(viewport=PHONE, accept_downloads=True).new_page()
    sign_in(page, server, analyst)
    expect(page.get_by_role("heading", name="2 schemes")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(coordinator_name)
    expect(page.locator("svg.app-chart__svg")).to_have_count(2)
    expect(page.get_by_role("table", name="Feedback results by type of scheme")).to_be_visible()
    expect(page.get_by_role("table", name="Feedback results by region")).to_be_visible()
    expect(page.get_by_role("table", name="Objectives met by region")).to_be_visible()

    page.get_by_label("Region", exact=True).select_option(label="South West")
    press_button(page, "Apply filters")
    expect(page.get_by_role("heading", name="1 scheme matching the filters")).to_be_visible()
    expect(page.locator("#table-prisons")).not_to_contain_text("HMP Leeds")

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download “Schemes by prison” as CSV")).click()
    saved = download.value.path()
    text = saved.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("Prison,Region,Schemes")
    assert "HMP Bristol" in text
    assert "HMP Leeds" not in text
