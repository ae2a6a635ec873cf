"""Preparing and approving a monthly return in a real browser, on a phone-sized screen
(390 pixels wide): the coordinator prepares last month's figures and submits them, a
governor approves the return and it shows as locked, then the coordinator reopens it
with a reason. Every page is checked with axe-core (see support.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from accounts.models import User
from monitoring import returns_rules
from schemes.models import Scheme, SchemeStatus
from tests.browser.support import (
    PHONE,
    follow_link,
    heading,
    press_button,
    sign_in,
    success_banner,
    visit,
)
from tests.factories import SmartObjectiveFactory, seeded_risks


def test_the_coordinator_prepares_and_submits_a_return_the_governor_approves_it(
    new_context: Callable[..., BrowserContext],
    server: str,
    coordinator: User,
    governor: User,
    scheme: Scheme,
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(
        status=SchemeStatus.ACTIVE,
        created_at=timezone.now() - timedelta(days=90),
        launched_on=timezone.localdate() - timedelta(days=80),
    )
    seeded_risks(scheme)
    SmartObjectiveFactory(scheme=scheme)
    month = returns_rules.previous_month(timezone.localdate())
    title = f"Monthly return for {month:%B %Y}"

    page = new_context(viewport=PHONE).new_page()
    sign_in(page, server, coordinator)
    visit(page, f"{server}/schemes/{scheme.pk}/monitoring/")
    follow_link(page, "See the monthly returns and the objectives' values")
    expect(heading(page)).to_have_text("Monthly returns")
    press_button(page, f"Open the return for {month:%B %Y}")
    expect(heading(page)).to_have_text(title)
    press_button(page, "Prepare the figures")
    expect(success_banner(page)).to_contain_text("The return's figures have been prepared")
    expect(page.get_by_text("Confidentiality incidents")).to_be_visible()
    press_button(page, "Submit the return for approval")
    expect(success_banner(page)).to_contain_text("sent to the governors for approval")

    governor_page = new_context(viewport=PHONE).new_page()
    sign_in(governor_page, server, governor)
    visit(governor_page, f"{server}/schemes/{scheme.pk}/monitoring/returns/")
    follow_link(governor_page, f"{month:%B %Y}")
    press_button(governor_page, "Approve the return")
    expect(success_banner(governor_page)).to_contain_text("it is now locked")
    expect(governor_page.get_by_text("Locked: it cannot be changed")).to_be_visible()

    visit(page, page.url)
    expect(page.get_by_role("button", name="Prepare the figures")).to_have_count(0)
    page.get_by_label("Why are you reopening the return?").fill(
        "A late call-out sheet from B wing was entered after the return."
    )
    press_button(page, "Reopen the return")
    expect(success_banner(page)).to_contain_text("The return has been reopened")
    expect(page.get_by_text("A late call-out sheet from B wing")).to_be_visible()
    expect(page.get_by_role("button", name="Refresh the figures")).to_be_visible()
