"""What keeps the first paint fast and still: the fonts are preloaded, and on a phone
the service navigation is drawn folded from the start instead of folding up when GOV.UK
Frontend's script runs. (``make lighthouse`` measures the rest.)
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import BrowserContext, Locator, Page, expect

from accounts.models import User
from tests.browser.support import sign_in, visit

# Narrower than GOV.UK's tablet breakpoint (40.0625em, 641px): Lighthouse's phone.
PHONE = {"width": 412, "height": 823}


def navigation_links(page: Page) -> Locator:
    return page.locator(".govuk-service-navigation__list")


def test_the_fonts_a_page_loads_are_the_fonts_it_preloads(page: Page, server: str) -> None:
    # A new govuk-frontend renames its fonts: base.html's preloads must follow, or the
    # fonts are fetched twice (and the preloads of the old names answer 404).
    visit(page, f"{server}/sign-in/")
    page.evaluate("async () => { await document.fonts.ready; }")
    preloaded: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('link[rel="preload"][as="font"]')]
            .map(link => link.href).sort()"""
    )
    loaded: list[str] = page.evaluate(
        """() => performance.getEntriesByType("resource")
            .map(entry => entry.name).filter(name => /\\.woff2?$/.test(name)).sort()"""
    )
    assert len(preloaded) == 2, preloaded
    assert loaded == preloaded


def test_on_a_phone_the_service_navigation_is_drawn_folded_before_any_script_runs(
    new_context: Callable[..., BrowserContext], server: str, coordinator: User
) -> None:
    page = new_context(viewport=PHONE).new_page()
    # GOV.UK Frontend's script never arrives: the page as drawn before it runs must
    # already show the folded menu, or the page jumps when the script folds it.
    page.route("**/govuk-frontend.min*.js", lambda route: route.abort())
    sign_in(page, server, coordinator)
    expect(page.get_by_role("button", name="Menu")).to_be_visible()
    expect(navigation_links(page)).to_be_hidden()


def test_on_a_phone_the_menu_button_opens_the_service_navigation(
    new_context: Callable[..., BrowserContext], server: str, coordinator: User
) -> None:
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, server, coordinator)
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(navigation_links(page)).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(navigation_links(page).get_by_role("link", name="Schemes", exact=True)).to_be_visible()


def test_on_a_phone_without_javascript_the_service_navigation_is_open(
    new_context: Callable[..., BrowserContext], server: str, coordinator: User
) -> None:
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    sign_in(page, server, coordinator)
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(navigation_links(page).get_by_role("link", name="Schemes", exact=True)).to_be_visible()
