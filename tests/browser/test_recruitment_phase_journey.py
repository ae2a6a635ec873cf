"""Recruitment as a phase in a real browser: the coordinator of a recruiting Listener
scheme reads the turnover forecast, sees what stops the scheme from running (no
contingency plan), adds one, and starts running the scheme. Every page is checked with
axe-core and the Nu Html Checker (support.py).
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from planning.models import PlanApproval
from recruitment.models import ContingencyPlan
from schemes.models import Scheme, SchemeStatus
from tests.browser.support import (
    error_summary,
    fill_date,
    follow_link,
    press_button,
    sign_in,
    visit,
)
from tests.factories import PlacementFactory, PrisonerFactory, scheme_in_state


def test_a_coordinator_reads_the_forecast_adds_a_contingency_plan_and_starts_the_scheme(
    page: Page, server: str, scheme: Scheme, coordinator: User, governor: User
) -> None:
    scheme_in_state(
        scheme,
        status=SchemeStatus.RECRUITING,
        approval=PlanApproval.APPROVED,
        coordinator=coordinator,
        governor=governor,
    )
    ContingencyPlan.objects.filter(scheme=scheme).delete()
    # One of the peer supporters is released in three weeks: the forecast dips.
    leaving = PrisonerFactory(
        prison=scheme.prison, earliest_release_date=timezone.localdate() + timedelta(weeks=3)
    )
    PlacementFactory(scheme=scheme, prisoner=leaving)
    scheme.placements.exclude(prisoner=leaving).first().delete()  # type: ignore[union-attr]

    # 1. The scheme page's recruitment tasks say what stops the scheme from running.
    sign_in(page, server, coordinator)
    visit(page, f"{server}/schemes/{scheme.pk}/")
    expect(page.get_by_text("Before the scheme can start running")).to_be_visible()
    follow_link(page, "Recruitment", within=page.get_by_role("navigation", name="Scheme pages"))
    expect(page.locator("#gate-problems")).to_contain_text("Add an emergency and contingency plan")

    # 2. The forecast: a chart and a table of the same figures, and when to recruit.
    follow_link(page, "See the turnover forecast for the next 26 weeks")
    expect(page.locator("#forecast-message")).to_contain_text(
        "drops below the minimum of 6 in the week starting"
    )
    expect(page.locator("svg.app-chart__svg")).to_be_visible()
    expect(page.get_by_role("table", name="Peer supporters forecast by week")).to_be_visible()
    follow_link(page, "Back to recruitment")

    # 3. The coordinator adds a contingency plan; an empty form first shows its errors.
    press_button(page, "Add an emergency and contingency plan")
    press_button(page, "Save plan")
    expect(error_summary(page)).to_contain_text("Select what kind of emergency it is")
    page.get_by_label("Lockdown or a regime change").check()
    page.get_by_label("The emergency, in a few words").fill("Night lockdown")
    page.get_by_label("What happens").fill("Night staff offer the Samaritans phone.")
    page.get_by_label("Who owns this plan").select_option(label=coordinator.display_name)
    review = timezone.localdate() + timedelta(days=90)
    fill_date(page, "When will it next be tested or reviewed?", review)
    press_button(page, "Save plan")
    expect(page.get_by_role("table", name="Current plans")).to_contain_text("Night lockdown")

    # 4. Nothing blocks the scheme now: the coordinator starts running it.
    follow_link(page, "Back to recruitment")
    expect(page.locator("#gate-problems")).to_contain_text("it can start running")
    press_button(page, "Start running the scheme")
    press_button(page, re.compile("Start running the scheme"), exact=False)
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.ACTIVE
