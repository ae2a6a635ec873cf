"""From an approved application to a peer supporter, in a real browser.

A coordinator at HMP Leeds sets who signs off (security and the Samaritans), records
the two checks (the Samaritans do not clear the applicant), and is refused the
placement, naming the Samaritans. A governor reads the confidential notes (the read is
logged) and overrides the refusal with a reason. The coordinator then starts the
placement, moves it from training to probation and confirms it at the probation
review. Every page is checked with axe-core (WCAG 2.2 AA): see support.py.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import AccessLog, User
from recruitment.models import ApplicationStatus, Placement, PlacementStatus
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
    visit,
)
from tests.factories import ApplicationFactory, PrisonerFactory

NOTES = "Samaritans' assessor: not yet ready; bereaved last month."
OVERRIDE = "Assessed again by the chaplain this week: ready, with weekly supervision."


def record_check(page: Page, party: str, outcome: str, notes: str = "") -> None:
    card = page.locator(".govuk-summary-card").filter(
        has=page.get_by_role("heading", name=party, exact=True)
    )
    follow_link(page, re.compile(r"^Record"), within=card, exact=False)
    expect(heading(page)).to_have_text(f"Suitability check by {party}")
    field(page, outcome).check()
    field(page, "Confidential notes (optional)").fill(notes)
    field(page, "Who made the check").fill(f"{party} lead")
    fill_date(page, "Date of the check", timezone.localdate())
    press_button(page, "Save check")
    expect(heading(page)).to_contain_text("Suitability checks of Dean Okafor")


def test_an_application_becomes_a_placement_after_two_sign_offs_and_an_override(
    page: Page, server: str, scheme: Scheme, coordinator: User, governor: User
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.RECRUITING)
    today = timezone.localdate()
    application = ApplicationFactory(
        scheme=scheme,
        status=ApplicationStatus.APPROVED,
        decided_on=today - timedelta(days=1),
        prisoner=PrisonerFactory(
            prison=scheme.prison, first_name="Dean", last_name="Okafor", cell_location="C-2-011"
        ),
    )
    suitability = (
        f"{server}/schemes/{scheme.pk}/recruitment/applications/{application.pk}/suitability/"
    )

    # 1. The coordinator sets the probation and who signs off.
    sign_in(page, server, coordinator)
    visit(page, f"{server}/schemes/{scheme.pk}/recruitment/settings/")
    field(page, "Length of the probationary period, in weeks").fill("10")
    press_button(page, "Save settings")
    for party in ("Security", "Samaritans"):
        press_button(page, "Add a party")
        field(page, "Name of the party").fill(party)
        press_button(page, "Add party")
    expect(page.locator(".govuk-summary-list__key")).to_have_text(["Security", "Samaritans"])

    # 2. Both parties check Dean; the Samaritans do not clear him: no placement.
    visit(page, suitability)
    record_check(page, "Security", "Cleared")
    record_check(page, "Samaritans", "Not cleared", NOTES)
    expect(page.locator(".govuk-warning-text")).to_contain_text("Not cleared yet by: Samaritans")
    expect(page.get_by_role("button", name="Start their placement")).to_have_count(0)
    visit(page, f"{server}/schemes/{scheme.pk}/recruitment/applications/{application.pk}/place/")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "Not every party has cleared them yet: Samaritans"
    )
    sign_out(page, server)

    # 3. A governor reads the notes (logged) and overrides the refusal, with a reason.
    sign_in(page, server, governor)
    visit(page, suitability)
    expect(page.get_by_text(NOTES)).to_be_visible()
    follow_link(page, "Override the refusal by Samaritans")
    press_button(page, "Override the refusal")
    expect(error_summary(page)).to_contain_text("Enter why you are overriding the refusal")
    field(page, "Why are you overriding the refusal?").fill(OVERRIDE)
    press_button(page, "Override the refusal")
    expect(page.get_by_text("Every party has cleared them")).to_be_visible()
    assert AccessLog.objects.filter(user=governor).count() >= 2
    sign_out(page, server)

    # 4. The coordinator starts the placement; training, probation, then confirmed.
    sign_in(page, server, coordinator)
    visit(page, suitability)
    press_button(page, "Start their placement")
    press_button(page, "Start the placement")
    expect(heading(page)).to_have_text("Dean Okafor")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("In training")
    expect(page.get_by_text(NOTES)).to_have_count(0)  # the summary never shows notes

    # The guidance: "Allow time for practice". Probation waits for the scheme's two
    # supervised practice sessions; the peer supporter's page says so.
    expect(page.get_by_text("They need 2 more supervised practice sessions")).to_be_visible()
    for outcome in ("Needs more practice", "Ready to support people alone"):
        press_button(page, "Record a practice session")
        fill_date(page, "Date of the session", today)
        field(page, "Scenario or activity").fill("Role play of a night call-out")
        field(page, "Who observed").fill("Sam Okafor")
        field(page, outcome).check()
        press_button(page, "Save practice session")
    expect(page.get_by_text("their probation can start")).to_be_visible()

    press_button(page, "Move the placement")
    field(page, "Start their probation (training finished)").check()
    field(page, "Why").fill("Finished the Samaritans' course.")
    press_button(page, "Save")
    placement = Placement.objects.get()
    assert placement.status == PlacementStatus.PROBATION
    assert placement.probation_ends_on == today + timedelta(weeks=10)

    press_button(page, "Record the probation review")
    field(page, "Confirm: they become an active peer supporter").check()
    press_button(page, "Save review")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Active")

    follow_link(page, "Back to the peer supporters")
    row = page.get_by_role("row").filter(has_text="Dean Okafor")
    expect(row).to_contain_text("Active")
    expect(row).to_contain_text("C")
    assert_accessible(page)
