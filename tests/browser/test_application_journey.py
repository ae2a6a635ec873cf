"""An application, in a real browser: a coordinator opens a recruitment round and prints
its notice; staff refer a prisoner by prison number (a mistyped number first); the
coordinator shortlists, assesses and approves against each of the round's criteria;
the letter to the applicant prints and the waitlist shows them first in line.

Every page these tests load is checked with axe-core (WCAG 2.2 AA): see support.py.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Prison, User
from planning.models import PlanApproval
from recruitment.models import Application, ApplicationStatus
from schemes.models import SchemeStatus
from tests.browser.support import (
    error_summary,
    fill_date,
    follow_link,
    heading,
    press_button,
    sign_in,
    sign_out,
    success_banner,
    visit,
)
from tests.factories import PrisonerFactory, SchemeFactory, complete_plan

CRITERIA = ["A good listener", "At least 6 months left to serve"]


def decide(page: Page, decision: str) -> None:
    """Record a decision with every criterion met."""
    press_button(page, "Record a decision")
    page.get_by_label(decision, exact=True).check()
    for criterion in CRITERIA:
        page.get_by_role("group", name=criterion, exact=True).get_by_label(
            "Met", exact=True
        ).check()
    page.get_by_label("Meets the selection criteria", exact=True).check()
    press_button(page, "Record the decision")


def test_staff_refer_a_prisoner_and_the_coordinator_approves_them(
    page: Page, server: str, leeds: Prison, coordinator: User, staff: User
) -> None:
    scheme = SchemeFactory(
        prison=leeds, name="Listeners", coordinator=coordinator, status=SchemeStatus.RECRUITING
    )
    complete_plan(scheme, approval=PlanApproval.APPROVED)
    prisoner = PrisonerFactory(prison=leeds, first_name="Dwayne", last_name="Osei")
    today = timezone.localdate()
    rounds = f"{server}/schemes/{scheme.pk}/recruitment/rounds/"

    # The coordinator opens a round and prints its notice for the wings.
    sign_in(page, server, coordinator)
    visit(page, rounds)
    expect(heading(page)).to_have_text("Recruitment rounds")
    press_button(page, "Add a recruitment round")
    page.get_by_label("Name of the round", exact=True).fill("Listeners: spring")
    fill_date(page, "Opens", today)
    fill_date(page, "Closes", today - timedelta(days=1))
    page.get_by_label("Places available", exact=True).fill("4")
    page.get_by_label("Selection criteria", exact=True).fill("\n".join(CRITERIA))
    press_button(page, "Save the round")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(error_summary(page)).to_contain_text(
        "The closing date must be the same as or after the opening date"
    )
    fill_date(page, "Closes", today + timedelta(days=21))
    press_button(page, "Save the round")
    expect(success_banner(page)).to_contain_text("The recruitment round has been saved")
    expect(heading(page)).to_have_text("Listeners: spring")
    follow_link(page, "Notice for the wings, to print")
    expect(heading(page)).to_have_text("Become a Listeners peer supporter")
    expect(page.get_by_text("At least 6 months left to serve")).to_be_visible()
    sign_out(page, server)

    # Staff refer a prisoner: a mistyped number is explained, the right one found.
    sign_in(page, server, staff)
    visit(page, rounds)
    press_button(page, "Refer a prisoner")
    expect(heading(page)).to_have_text("Refer a prisoner")
    page.get_by_label("Prison number", exact=True).fill("A12345")
    page.get_by_label(re.compile("Listeners: spring")).check()
    press_button(page, "Refer")
    expect(error_summary(page)).to_contain_text(
        "Enter a prison number in the correct format, like A1234BC"
    )
    page.get_by_label("Prison number", exact=True).fill(str(prisoner.prison_number).lower())
    page.get_by_label(
        "Why they want to be a peer supporter, or why you refer them (optional)", exact=True
    ).fill("Calm, and others on the wing already come to him.")
    press_button(page, "Refer")
    expect(success_banner(page)).to_contain_text("The referral has been recorded")
    expect(heading(page)).to_have_text("Application by Dwayne Osei")
    expect(page.get_by_role("button", name="Record a decision")).to_have_count(0)
    sign_out(page, server)

    # The coordinator shortlists, assesses and approves.
    sign_in(page, server, coordinator)
    application = Application.objects.get()
    visit(page, f"{server}/schemes/{scheme.pk}/recruitment/applications/{application.pk}/")
    decide(page, "Shortlist")
    expect(success_banner(page)).to_contain_text("Decision recorded: shortlisted")
    decide(page, "Mark as assessed")
    decide(page, "Approve: they wait for a place")
    expect(success_banner(page)).to_contain_text("Decision recorded: approved")
    expect(page.locator(".moj-timeline__title")).to_have_text(
        [
            "Assessed to approved, waiting for a place",
            "Shortlisted to assessed",
            "Applied to shortlisted",
        ]
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED

    # The letter prints; the waitlist has them first in line.
    follow_link(page, "Letter to the applicant, to print")
    expect(page.get_by_text("Your application has been approved.")).to_be_visible()
    visit(page, f"{server}/schemes/{scheme.pk}/recruitment/waitlist/")
    expect(page.get_by_role("link", name="Dwayne Osei")).to_be_visible()
    visit(page, f"{server}/schemes/{scheme.pk}/recruitment/applications/?status=approved")
    expect(page.get_by_role("link", name="Dwayne Osei")).to_be_visible()
    visit(page, rounds)
    expect(page.get_by_role("link", name="Listeners: spring")).to_be_visible()
