"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test here is marked ``browser`` and ``once``: a journey drives the same pages on
any database, so it runs in the SQLite pass only (docs/development.md). Where
/usr/bin/chromium is missing they are skipped (``apt-get install chromium``), except
under CI=true, where that fails them: CI must never pass because the browser tests did
not run. Playwright never downloads a browser here.

Every page a test loads must pass axe-core's WCAG 2.2 AA rules: see support.py. The
``new_context`` fixture below makes sure of it, and also fails a test on a JavaScript
error, a Content Security Policy violation or a stylesheet, script, font or image that
did not load.

Every page checked that way must also be valid HTML: after the last test, one more item
(``tests/browser::html_is_valid``) runs the Nu Html Checker (npm ``vnu-jar``) once over
all of them and fails on any error (warnings are let through). It needs Java
(``apt-get install default-jre-headless``): where there is none it is skipped, except
under CI=true, where that fails it, as a missing browser does.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Page, Response
from pytest_django.live_server_helper import LiveServer

from tests.browser.support import (
    VNU_JAR,
    contexts_without_javascript,
    document_responses,
    unchecked_loads,
    validate_html,
    visited_html,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_CHROMIUM = "Debian's chromium is not installed: apt-get install chromium"
NO_JAVA = (
    "no java to run the Nu Html Checker: apt-get install default-jre-headless "
    "(the pages were not validated)"
)
HERE = Path(__file__).resolve().parent


def chromium_installed() -> bool:
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def in_this_folder(item: pytest.Item) -> bool:
    return HERE in item.path.resolve().parents


def pytest_itemcollected(item: pytest.Item) -> None:
    # Marked as each is collected, so that -m browser / -m "not browser" select them.
    if in_this_folder(item):
        item.add_marker(pytest.mark.browser)
        # A journey drives the same pages on either database: CI runs them once.
        item.add_marker(pytest.mark.once)
        if not (chromium_installed() or on_ci()):
            item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))


class HtmlIsValid(pytest.Item):
    """Every page the browser tests checked is valid HTML: the Nu Html Checker, run once."""

    def runtest(self) -> None:
        if not visited_html:
            pytest.skip("no browser test checked a page: nothing to validate")
        java = shutil.which("java")
        if java is None:
            if on_ci():
                pytest.fail(f"CI=true and {NO_JAVA}", pytrace=False)
            pytest.skip(NO_JAVA)
        if not VNU_JAR.is_file():
            pytest.fail(f"{VNU_JAR} is missing: run `make install`", pytrace=False)
        with tempfile.TemporaryDirectory(prefix="peersupport-html-") as folder:
            errors = validate_html(java, visited_html, Path(folder))
        if errors:
            pages = len({error.url for error in errors})
            pytest.fail(
                f"The Nu Html Checker found {len(errors)} error{'s' * (len(errors) != 1)} "
                f"on {pages} of the {len(visited_html)} pages the browser tests checked:\n"
                + "\n".join(str(error) for error in errors),
                pytrace=False,
            )

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"{self.name}: the Nu Html Checker on every page visited"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """After selection and pytest-django's ordering: validate the pages last of all."""
    browser_items = [item for item in items if in_this_folder(item)]
    if not browser_items:
        return
    package = browser_items[0].getparent(pytest.Package)
    assert package is not None, "tests/browser is a package (it has __init__.py)"
    check = HtmlIsValid.from_parent(package, name="html_is_valid")
    check.add_marker(pytest.mark.browser)
    check.add_marker(pytest.mark.once)
    items.append(check)


@pytest.fixture(scope="session", autouse=True)
def _chromium_required() -> None:
    """Under CI=true a missing browser fails every browser test instead of skipping it."""
    if not chromium_installed():
        if on_ci():
            pytest.fail(f"CI=true and {NO_CHROMIUM}", pytrace=False)
        pytest.skip(NO_CHROMIUM)


@pytest.fixture(scope="session")
def browser_type_launch_args(
    _chromium_required: None, browser_type_launch_args: dict[str, Any]
) -> dict[str, Any]:
    """pytest-playwright's launch options (--headed, --slowmo...) plus Debian's Chromium."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


# The session and CSRF cookies stay as in production (Secure, "__Host-" names): Chromium
# treats http://localhost as a secure context and accepts them from the live server.


@pytest.fixture
def server(live_server: LiveServer, transactional_db: None) -> str:
    """The live server's base URL. The server runs in another thread, hence transactional_db."""
    return live_server.url


class PageWatch:
    """Everything that went wrong in a test's pages that the test did not ask about."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.pages: list[Page] = []

    def watch(self, page: Page) -> None:
        self.pages.append(page)
        unchecked_loads[page] = None
        page.on("load", self.on_load)
        page.on("pageerror", lambda error: self.on_page_error(page, error))
        page.on("console", lambda message: self.on_console(page, message))
        page.on("response", lambda response: self.on_response(page, response))

    def on_load(self, page: Page) -> None:
        if page.url == "about:blank":
            return
        missed = unchecked_loads.get(page)
        if missed:
            self.problems.append(f"{missed} was never checked with assert_accessible()")
        unchecked_loads[page] = page.url

    def on_page_error(self, page: Page, error: Error) -> None:
        self.problems.append(f"JavaScript error on {page.url}: {error}")

    def on_console(self, page: Page, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.problems.append(f"Content Security Policy violation on {page.url}: {message.text}")

    def on_response(self, page: Page, response: Response) -> None:
        if response.request.resource_type == "document" and response.frame.parent_frame is None:
            document_responses[page] = response
        if response.request.resource_type in {"stylesheet", "script", "font", "image"} and (
            response.status >= 400
        ):
            self.problems.append(f"{response.url} answered {response.status}")

    def verify(self) -> list[str]:
        problems = list(self.problems)
        for page in self.pages:
            missed = unchecked_loads.pop(page, None)
            if missed:
                problems.append(f"{missed} was never checked with assert_accessible()")
        return problems


@pytest.fixture
def new_context(
    new_context: Callable[..., BrowserContext], request: pytest.FixtureRequest
) -> Iterator[Callable[..., BrowserContext]]:
    """pytest-playwright's ``new_context`` (so ``context`` and ``page`` too), watched."""
    watch = PageWatch()

    def create(**kwargs: Any) -> BrowserContext:
        context = new_context(**kwargs)
        if kwargs.get("java_script_enabled") is False:
            contexts_without_javascript.add(context)
        context.on("page", watch.watch)
        return context

    yield create
    problems = watch.verify()
    call = getattr(request.node, "rep_call", None)  # set by pytest-playwright
    if problems and call is not None and call.passed:
        pytest.fail("\n".join(problems), pytrace=False)
