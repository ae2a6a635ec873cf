"""The preferential treatment check in a real browser, on a phone-sized screen: the
coordinator sees an under-represented group flagged and raises a risk from it; the
analyst sees the same counts with small numbers suppressed; a prison without an extract
enters its population. Every page is checked with axe-core (see support.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from accounts.models import User
from schemes.models import Scheme, SchemeStatus
from tests.browser.support import (
    PHONE,
    error_summary,
    fill_date,
    follow_link,
    heading,
    press_button,
    sign_in,
    success_banner,
    visit,
)
from tests.factories import PlacementFactory, PrisonerFactory, seeded_risks

GROUP = "Asian or Asian British"


def test_see_an_under_represented_group_flagged_and_raise_a_risk(
    new_context: Callable[..., BrowserContext],
    server: str,
    coordinator: User,
    analyst: User,
    scheme: Scheme,
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.ACTIVE)
    seeded_risks(scheme)
    # A quarter of the prison is Asian; 1 of its 20 peer supporters is.
    asian = PrisonerFactory.create_batch(
        25, prison=scheme.prison, ethnicity="Asian/Asian British: Pakistani"
    )
    white = PrisonerFactory.create_batch(75, prison=scheme.prison)
    for prisoner in asian[:1] + white[:19]:
        PlacementFactory(scheme=scheme, prisoner=prisoner)

    page = new_context(viewport=PHONE).new_page()
    sign_in(page, server, coordinator)
    visit(page, f"{server}/schemes/{scheme.pk}/monitoring/")
    follow_link(page, "Check for preferential treatment")
    expect(heading(page)).to_have_text("Preferential treatment check")
    warning = page.locator(".govuk-warning-text").first
    expect(warning).to_contain_text(f"{GROUP} under-represented among peer supporters")
    expect(page.get_by_text("but fewer than 5 of the 20 peer supporters")).to_be_visible()
    # The table: 1 Asian peer supporter is "Fewer than 5"; the 19 White would give it away.
    ethnic = page.get_by_role("region", name="Ethnic group")
    expect(ethnic.get_by_role("row", name=re.compile(f"^{GROUP}"))).to_contain_text("Fewer than 5")
    expect(ethnic.get_by_role("row", name=re.compile("^White"))).to_contain_text("Not shown")

    press_button(page, re.compile(f"^Raise a risk about {GROUP}"), exact=False)
    expect(success_banner(page)).to_contain_text(
        "A risk has been raised against preferential treatment by staff"
    )
    expect(heading(page)).to_contain_text(f"{GROUP} under-represented")
    expect(page.get_by_text("Raised from the preferential treatment check")).to_be_visible()

    visit(page, f"{server}/schemes/{scheme.pk}/monitoring/equality/")
    expect(page.get_by_text("A risk has been raised for this group")).to_be_visible()
    expect(
        page.get_by_role("button", name=re.compile(f"^Raise a risk about {GROUP}"))
    ).to_have_count(0)

    analyst_page = new_context(viewport=PHONE).new_page()
    sign_in(analyst_page, server, analyst)
    visit(analyst_page, f"{server}/schemes/{scheme.pk}/monitoring/equality/")
    expect(analyst_page.locator(".govuk-warning-text").first).to_contain_text(GROUP)
    expect(analyst_page.get_by_role("button", name=re.compile("Raise a risk"))).to_have_count(0)


def test_a_prison_without_an_extract_enters_its_population(
    new_context: Callable[..., BrowserContext],
    server: str,
    coordinator: User,
    scheme: Scheme,
) -> None:
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, server, coordinator)
    visit(page, f"{server}/schemes/{scheme.pk}/monitoring/equality/")
    follow_link(page, "Enter the population counts")
    today = timezone.localdate()
    fill_date(page, "Date the counts describe", today)
    disability = page.get_by_role("group", name="Disability")
    disability.get_by_label("Has a disability").fill("300")
    disability.get_by_label("No disability").fill("650")
    page.get_by_role("group", name="Age band").get_by_label("25 to 29").fill("1000")
    press_button(page, "Save population counts")
    expect(error_summary(page)).to_contain_text("Each dimension must add up to the same population")
    disability = page.get_by_role("group", name="Disability")
    disability.get_by_label("Not recorded").fill("50")
    page.get_by_role("group", name="Age band").get_by_label("25 to 29").fill("")
    press_button(page, "Save population counts")
    expect(success_banner(page)).to_contain_text("The population counts have been saved")
    expect(page.get_by_text(f"the counts entered for {today:%-d %B %Y}")).to_be_visible()
