"""The foundation's journeys in a real browser: signing in, creating and changing a
scheme, reading it in other roles, and the pages every user can reach.

Every page these tests load is checked with axe-core (WCAG 2.2 AA): see support.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from accounts.models import User
from schemes.models import Scheme
from tests.browser.support import (
    error_summary,
    follow_link,
    heading,
    press_button,
    sign_in,
    sign_out,
    summary_row,
    visit,
)

PURPOSE = "Listeners give confidential emotional support to prisoners in distress."
TARGET_GROUP = "Any prisoner, especially in their first weeks."


def test_a_coordinator_creates_a_scheme_fixes_a_mistake_changes_it_and_signs_out(
    page: Page, server: str, coordinator: User
) -> None:
    sign_in(page, server, coordinator)
    expect(page.get_by_role("link", name="Schemes", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_text("There are no schemes.")).to_be_visible()

    press_button(page, "Create a scheme")
    expect(heading(page)).to_have_text("Create a scheme")

    # Everything but the scheme's name.
    page.get_by_label("Listeners (suicide and self-harm)").check()
    page.get_by_label("Purpose").fill(PURPOSE)
    page.get_by_label("Target group").fill(TARGET_GROUP)
    page.get_by_label("Partner organisation (optional)").fill("Samaritans")
    page.get_by_label("Target number of peer supporters").fill("12")
    page.get_by_label("Minimum number of peer supporters").fill("6")
    press_button(page, "Save scheme")

    expect(page).to_have_title(re.compile(r"^Error: Create a scheme"))
    summary = error_summary(page)
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend's JavaScript ran, under the CSP
    expect(summary.get_by_role("link")).to_have_count(1)
    name_error = summary.get_by_role("link", name="Enter the scheme's name")
    expect(name_error).to_have_attribute("href", "#id_name")
    name = page.get_by_label("Scheme name")
    expect(name).to_have_accessible_description("Error: Enter the scheme's name")
    name_error.click()
    expect(name).to_be_focused()

    # What they typed is still there.
    expect(page.get_by_label("Listeners (suicide and self-harm)")).to_be_checked()
    expect(page.get_by_label("Purpose")).to_have_value(PURPOSE)
    expect(page.get_by_label("Target group")).to_have_value(TARGET_GROUP)
    expect(page.get_by_label("Partner organisation (optional)")).to_have_value("Samaritans")
    expect(page.get_by_label("Target number of peer supporters")).to_have_value("12")
    expect(page.get_by_label("Minimum number of peer supporters")).to_have_value("6")

    name.fill("Listeners")
    press_button(page, "Save scheme")

    expect(page).to_have_url(re.compile(rf"^{server}/schemes/\d+/$"))
    expect(page.get_by_role("alert")).to_contain_text("Listeners has been created")
    expect(heading(page)).to_have_text("Listeners")
    expect(page.locator(".govuk-caption-l")).to_have_text("HMP Leeds")
    expect(summary_row(page, "Type of scheme")).to_contain_text("Listeners (suicide and self-harm)")
    expect(summary_row(page, "Partner organisation")).to_contain_text("Samaritans")
    expect(summary_row(page, "Status")).to_contain_text("Planning")
    expect(summary_row(page, "Peer supporters")).to_contain_text("Target 12, minimum 6")

    press_button(page, "Change scheme details")
    expect(heading(page)).to_have_text("Change scheme details")
    expect(page.get_by_label("Scheme name")).to_have_value("Listeners")
    page.get_by_label("Target number of peer supporters").fill("14")
    page.get_by_label("Coordinator").select_option(label=coordinator.get_full_name())
    press_button(page, "Save changes")

    expect(page.get_by_role("alert")).to_contain_text("The scheme's details have been saved")
    expect(summary_row(page, "Peer supporters")).to_contain_text("Target 14, minimum 6")
    expect(summary_row(page, "Coordinator")).to_contain_text(coordinator.get_full_name())

    follow_link(page, "Back to schemes")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Listeners"))
    expect(row).to_contain_text("Planning")
    expect(page.get_by_role("alert")).to_have_count(0)  # a message is shown once

    sign_out(page, server)
    visit(page, f"{server}/schemes/")
    expect(page).to_have_url(f"{server}/sign-in/?next=/schemes/")


def test_sign_in_says_the_same_for_a_wrong_password_and_an_unknown_username(
    page: Page, server: str, coordinator: User
) -> None:
    visit(page, f"{server}/sign-in/")
    expect(heading(page)).to_have_text("Sign in to Peer Support Planner")

    pages_seen = []
    for username in (coordinator.username, "nobody-by-this-name"):
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill("not-the-right-password")
        press_button(page, "Sign in")

        expect(page).to_have_url(f"{server}/sign-in/")
        expect(page).to_have_title(re.compile(r"^Error: Sign in"))
        errors = error_summary(page).get_by_role("listitem")
        expect(errors).to_have_count(1)
        expect(errors).to_have_text("Enter a correct username and password")
        expect(page.get_by_label("Password")).to_have_value("")
        pages_seen.append(page.get_by_role("main").inner_text())

    wrong_password, unknown_user = pages_seen
    assert wrong_password == unknown_user


@pytest.mark.parametrize("persona", ["governor", "analyst"])
def test_a_governor_and_the_national_analyst_see_a_scheme_but_cannot_change_it(
    page: Page, server: str, scheme: Scheme, persona: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(persona)
    coordinator_name = scheme.coordinator.get_full_name() if scheme.coordinator else ""
    assert coordinator_name

    sign_in(page, server, user)
    follow_link(page, "Schemes")  # both land on a dashboard
    expect(page.get_by_role("button", name="Create a scheme")).to_have_count(0)
    follow_link(page, "Listeners")

    expect(heading(page)).to_have_text("Listeners")
    expect(summary_row(page, "Status")).to_contain_text("Planning")
    expect(page.get_by_role("button", name="Change scheme details")).to_have_count(0)
    expect(page.get_by_role("link", name="Change scheme details")).to_have_count(0)
    if persona == "governor":
        expect(summary_row(page, "Coordinator")).to_contain_text(coordinator_name)
    else:
        # The national analyst sees figures, never a person's name.
        expect(summary_row(page, "Coordinator")).to_have_count(0)
        expect(page.locator("body")).not_to_contain_text(coordinator_name)
        follow_link(page, "Back to schemes")
        expect(page.get_by_role("columnheader", name="Coordinator")).to_have_count(0)
        expect(page.locator("body")).not_to_contain_text(coordinator_name)

    visit(page, f"{server}/schemes/{scheme.pk}/edit/", status=403)
    expect(heading(page)).to_have_text("You do not have permission to do that")


@pytest.mark.parametrize(
    ("link", "title"),
    [
        ("About this service", "About Peer Support Planner"),
        ("Accessibility statement", "Accessibility statement for Peer Support Planner"),
        ("Privacy notice", "Privacy notice"),
        ("Cookies", "Cookies"),
    ],
)
def test_the_footer_pages_are_open_to_everyone(
    page: Page, server: str, link: str, title: str
) -> None:
    visit(page, f"{server}/sign-in/")
    footer = page.get_by_role("contentinfo")
    expect(footer).to_contain_text("Open Government Licence v3.0")
    follow_link(page, link, within=footer)

    expect(heading(page)).to_have_text(title)
    expect(page.get_by_role("contentinfo")).to_contain_text("Open Government Licence v3.0")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


def test_a_page_that_does_not_exist_is_a_gov_uk_404(page: Page, server: str) -> None:
    visit(page, f"{server}/no-such-page/", status=404)
    expect(heading(page)).to_have_text("Page not found")
    expect(page).to_have_title(re.compile(r"^Page not found"))
    expect(page.get_by_role("main")).not_to_contain_text("Traceback")


def test_a_coordinator_can_create_a_scheme_without_javascript(
    new_context: Callable[..., BrowserContext], server: str, coordinator: User
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, server, coordinator)
    expect(page.locator("body")).not_to_have_class(re.compile(r"\bjs-enabled\b"))

    press_button(page, "Create a scheme")
    page.get_by_label("Scheme name").fill("Insiders")
    press_button(page, "Save scheme")
    # A radios question's error links to its first option (GOV.UK error summary).
    type_error = error_summary(page).get_by_role("link", name="Select the type of scheme")
    expect(type_error).to_have_attribute("href", "#id_scheme_type_1")
    expect(page.locator("#id_scheme_type_1")).to_have_attribute("type", "radio")
    expect(page.get_by_label("Scheme name")).to_have_value("Insiders")

    page.get_by_label("Insiders (induction)").check()
    page.get_by_label("Purpose").fill("Help new arrivals through their first days.")
    page.get_by_label("Target group").fill("Prisoners in their first week.")
    page.get_by_label("Target number of peer supporters").fill("8")
    page.get_by_label("Minimum number of peer supporters").fill("4")
    press_button(page, "Save scheme")

    expect(page.get_by_role("alert")).to_contain_text("Insiders has been created")
    expect(summary_row(page, "Type of scheme")).to_contain_text("Insiders (induction)")
    sign_out(page, server)
