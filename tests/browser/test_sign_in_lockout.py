"""Sign-in lockout and the service's response headers, in a real browser.

The "too many attempts" page passes axe-core like every other page, and Chromium
accepts every feature named in the Permissions-Policy header (an unknown one is an
error in its console).
"""

from __future__ import annotations

import re

from playwright.sync_api import ConsoleMessage, Page, expect

from accounts.models import User
from tests.browser.support import error_summary, heading, press_button, visit


def test_five_wrong_passwords_lead_to_the_too_many_attempts_page(
    page: Page, server: str, coordinator: User
) -> None:
    console: list[str] = []

    def remember(message: ConsoleMessage) -> None:
        console.append(message.text)

    page.on("console", remember)
    visit(page, f"{server}/sign-in/")
    for attempt in range(1, 6):
        page.get_by_label("Username").fill("coordinator")
        page.get_by_label("Password").fill(f"wrong-password-{attempt}")
        press_button(page, "Sign in")
        if attempt < 5:
            expect(heading(page)).to_have_text("Sign in to Peer Support Planner")
            expect(error_summary(page)).to_contain_text("Enter a correct username and password")

    expect(heading(page)).to_have_text("There have been too many attempts to sign in")
    expect(page).to_have_title(re.compile("^There have been too many attempts to sign in"))
    expect(page.get_by_text("Wait 15 minutes, then try again.")).to_be_visible()
    assert not [text for text in console if "Permissions-Policy" in text], console
