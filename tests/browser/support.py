"""Helpers for the browser tests: every page a test sees is checked with axe-core.

Navigate with ``visit``, ``follow_link`` and ``press_button``: each waits for the new
page and runs ``assert_accessible`` on it. The ``new_context`` fixture in conftest.py
watches every page's loads and fails a test that left any page unchecked, so a test
that navigates some other way (``page.goto``, ``locator.click``) cannot forget.

``assert_accessible`` also keeps the HTML of each page it checks, as the server sent
it, and at the end of the run conftest.py validates all of it with the Nu Html Checker
(one ``java -jar vnu.jar`` over every page: see ``validate_html``).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, TypedDict
from weakref import WeakKeyDictionary, WeakSet

from playwright.sync_api import BrowserContext, Locator, Page, Response, expect

from accounts.models import Role, User
from tests.factories import PASSWORD

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
AXE_PATH = NODE_MODULES / "axe-core" / "axe.min.js"
# The Nu Html Checker (npm vnu-jar), run with the machine's own Java.
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# WCAG 2.2 AA, the level public sector services must meet.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


class Violation(TypedDict):
    id: str
    impact: str | None
    help: str
    helpUrl: str
    nodes: list[dict[str, Any]]


# The one finding let through, on exactly these elements and for this attribute only.
# GOV.UK Frontend's radios set aria-expanded on a radio that reveals a conditional
# question. ARIA does not allow it on a radio, so axe's aria-allowed-attr fails it, but
# the Design System keeps it on purpose: screen readers do announce it, and research
# found it helps their users (alphagov/govuk-frontend#979, a known issue; w3c/aria#1404
# asks ARIA to allow it). Any other attribute on such a radio, or aria-expanded anywhere
# else, still fails.
GOVUK_CONDITIONAL_RADIOS = {
    "rule": "aria-allowed-attr",
    "selector": ".govuk-radios__input[aria-expanded]",
    "attribute": "aria-expanded",
}

# The URL of each page's latest load that axe has not checked yet (None: all checked).
unchecked_loads: WeakKeyDictionary[Page, str | None] = WeakKeyDictionary()
# Contexts made with java_script_enabled=False (the new_context fixture records them).
contexts_without_javascript: WeakSet[BrowserContext] = WeakSet()
# Contexts whose pages load axe-core as an init script (see inject_axe).
contexts_with_axe: WeakSet[BrowserContext] = WeakSet()
# Each page's latest top-level document response (the new_context fixture records them).
document_responses: WeakKeyDictionary[Page, Response] = WeakKeyDictionary()
# The HTML of every page assert_accessible checked, by its SHA-256: (URL, HTML). Pages
# differ by their CSRF token and CSP nonce, so most visits are kept.
visited_html: dict[str, tuple[str, str]] = {}

# With JavaScript disabled Chromium runs no timers, and axe.run waits on setTimeout and
# requestAnimationFrame: run their callbacks as microtasks instead, which still run.
# Only in such pages, which have no scripts of their own to disturb.
TIMERS_AS_MICROTASKS = """() => {
    window.setTimeout = (callback, _delay, ...args) => {
        Promise.resolve().then(() => callback(...args));
        return 0;
    };
    window.requestAnimationFrame = (callback) => {
        Promise.resolve().then(() => callback(performance.now()));
        return 0;
    };
}"""


@cache
def axe_source() -> str:
    if not AXE_PATH.exists():
        raise FileNotFoundError(f"{AXE_PATH} is missing: run `npm ci` (or `make assets`)")
    return AXE_PATH.read_text(encoding="utf-8")


def inject_axe(page: Page) -> None:
    """Load axe-core into the page.

    Not ``page.add_script_tag``: that inserts an inline <script>, which the service's
    Content Security Policy (script-src 'self' plus a nonce) rightly blocks, and which
    never runs in a context with JavaScript disabled. Evaluating the source through
    Playwright's DevTools connection works in both, and the policy stays in force, so
    the tests also notice if it ever blocks the service's own scripts.

    Where JavaScript runs, the first page also registers the source as the context's
    init script (also through DevTools, also outside the policy), so later pages start
    with axe loaded instead of being sent half a megabyte each: a journey of dozens of
    pages saves seconds. Without JavaScript init scripts do not run, so every page there
    is evaluated as before.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        if page.context in contexts_without_javascript:
            page.evaluate(TIMERS_AS_MICROTASKS)
        elif page.context not in contexts_with_axe:
            page.context.add_init_script(axe_source())
            contexts_with_axe.add(page.context)
        page.evaluate(axe_source())


def format_violations(page: Page, violations: list[Violation]) -> str:
    lines = [
        f"{page.url} ({page.title()!r}) has {len(violations)} accessibility "
        f"violation{'s' if len(violations) != 1 else ''} ({', '.join(WCAG_TAGS)}):"
    ]
    for violation in violations:
        lines.append(
            f"- {violation['id']} [{violation['impact'] or 'unknown impact'}]: "
            f"{violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            target = " ".join(
                " >> ".join(part) if isinstance(part, list) else part for part in node["target"]
            )
            lines.append(f"    at {target}")
            lines.append(f"       {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n       ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


def assert_in_page_links_resolve(page: Page) -> None:
    """Every link to "#something" (skip link, error summary) has somewhere to go.

    axe does not check this; a GOV.UK error summary link that leads nowhere does not
    take the user to the question in error.
    """
    broken: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('a[href^="#"]')]
            .map(a => decodeURIComponent(a.getAttribute("href").slice(1)))
            .filter(id => id && !document.getElementById(id))"""
    )
    assert not broken, f"{page.url} links to #{', #'.join(broken)}, which are not on the page"


def keep_html(page: Page) -> None:
    """Keep the HTML the server sent for the page's current document, for validation.

    The response body, not ``page.content()``: serialising the DOM would hide what the
    checker is there to find (the parser silently mends stray tags, duplicate attributes,
    bad nesting). Pages a test wrote itself (``set_content``) have no response: skipped.
    """
    response = document_responses.get(page)
    if response is None or response.url != page.url.split("#")[0]:
        return
    if not response.headers.get("content-type", "").startswith("text/html"):
        return
    html = response.text()
    visited_html.setdefault(hashlib.sha256(html.encode()).hexdigest(), (page.url, html))


# WCAG 1.4.10 Reflow: content fits 320 CSS px; GOV.UK and this service check at the
# width of a common phone (390 px), where the pages must not scroll sideways.
PHONE_WIDTH = 390
PHONE = {"width": PHONE_WIDTH, "height": 844}  # a browser context's viewport
SERVICE_NAME = "Peer Support Planner"


def assert_reflows(page: Page) -> None:
    """At PHONE_WIDTH the page does not scroll sideways: a wide table scrolls inside its
    own focusable, labelled region (`app-table-scroll`, static/css/app.css), not the
    whole page; and no status tag breaks over two lines."""
    viewport = page.viewport_size
    if viewport is None or viewport["width"] != PHONE_WIDTH:
        page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    overflow = page.evaluate(
        """() => {
            const root = document.documentElement;
            // Paper is not a phone: a page shown as printed (emulate_media) is laid out
            // for the page's width, which print.css fits.
            if (matchMedia("print").matches) return null;
            // A status tag is a short phrase: broken over two lines it reads as two.
            const broken = [...document.querySelectorAll(".govuk-tag")].filter(tag => {
                const style = getComputedStyle(tag);
                const lines = (tag.clientHeight - parseFloat(style.paddingTop)
                    - parseFloat(style.paddingBottom)) / parseFloat(style.lineHeight);
                return tag.getClientRects().length && lines > 1.5;
            });
            if (broken.length) return {tags: broken.map(tag => tag.outerHTML)};
            if (root.scrollWidth <= root.clientWidth) return null;
            // The outermost elements that stick out, to say where to look.
            const wide = [...document.body.querySelectorAll("*")].filter(
                el => el.getBoundingClientRect().right > root.clientWidth + 1
                    && !(el.parentElement
                        && el.parentElement.getBoundingClientRect().right > root.clientWidth + 1)
            );
            return {
                scroll: root.scrollWidth,
                client: root.clientWidth,
                culprits: wide.slice(0, 5).map(el => el.outerHTML.slice(0, 160)),
            };
        }"""
    )
    if viewport is not None and viewport["width"] != PHONE_WIDTH:
        page.set_viewport_size(viewport)
    assert overflow is None or "tags" not in overflow, (
        f"{page.url} at {PHONE_WIDTH} px breaks status tags over lines: {overflow['tags']}"
    )
    assert overflow is None, (
        f"{page.url} scrolls sideways at {PHONE_WIDTH} px: {overflow['scroll']} px of content "
        f"in {overflow['client']} px. It sticks out at:\n" + "\n".join(overflow["culprits"])
    )


def assert_gds_font(page: Page) -> None:
    """Every visible piece of text is in GOV.UK's font. GOV.UK Frontend sets the font on
    its classes only, so text outside them (a bare <span> in a summary card) falls back
    to the browser's serif."""
    if page.url == "about:blank":
        return  # a page the test wrote itself (set_content), without the service's CSS
    stray = page.evaluate(
        """() => {
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            const found = [];
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const el = node.parentElement;
                if (!node.textContent.trim() || !el || !el.getClientRects().length) continue;
                if (el.closest("script, style, noscript, svg, .govuk-visually-hidden")) continue;
                // GOV.UK's font, or (printed) its sans-serif: never the browser's serif.
                if (!/GDS Transport|sans-serif/.test(getComputedStyle(el).fontFamily)) {
                    found.push(`${el.outerHTML.slice(0, 120)}`);
                }
            }
            return found.slice(0, 5);
        }"""
    )
    assert not stray, f"{page.url} has text outside GOV.UK's font:\n" + "\n".join(stray)


def assert_titled(page: Page) -> None:
    """The page's title names the page, then the service: the page's name, an en dash
    and "Peer Support Planner" ("... | Peer Support Planner" in Django's admin)."""
    if page.url == "about:blank":
        return  # a page the test wrote itself (set_content), not one the service sent
    title = page.title()
    assert title.endswith((f" – {SERVICE_NAME}", f" | {SERVICE_NAME}")), (
        f"{page.url} is titled {title!r}"
    )
    assert "GOV.UK" not in title, f"{page.url} is titled {title!r}"


def assert_accessible(page: Page) -> None:
    """Run axe-core (WCAG 2.2 AA rules) on the page; fail listing every violation.

    Also checks that the page's in-page links (skip link, error summary) resolve, that
    its title ends with the service's name, that it does not scroll sideways on a phone
    (``assert_reflows``), and keeps its HTML for the Nu Html Checker (``keep_html``).
    """
    keep_html(page)
    assert_in_page_links_resolve(page)
    inject_axe(page)
    violations: list[Violation] = page.evaluate(
        """async ([tags, allowed]) => {
            const results = await axe.run(
                document,
                {runOnly: {type: "tag", values: tags}, elementRef: true},
            );
            // GOV.UK's conditional radios (see GOVUK_CONDITIONAL_RADIOS): let a node through
            // only if its sole failure is this rule, for this attribute alone.
            const isAllowed = (v, n) =>
                v.id === allowed.rule
                && n.element instanceof Element
                && n.element.matches(allowed.selector)
                && n.any.length === 0
                && [...n.all, ...n.none].every(check =>
                    check.id === allowed.rule
                    && Array.isArray(check.data?.values)
                    && check.data.values.length > 0
                    && check.data.values.every(
                        attr => String(attr).split("=")[0] === allowed.attribute,
                    )
                );
            return results.violations
                .map(v => ({
                    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                    nodes: v.nodes.filter(n => !isAllowed(v, n)).map(n => ({
                        target: n.target, html: n.html, failureSummary: n.failureSummary,
                    })),
                }))
                .filter(v => v.nodes.length > 0);
        }""",
        [WCAG_TAGS, GOVUK_CONDITIONAL_RADIOS],
    )
    unchecked_loads[page] = None
    assert not violations, format_violations(page, violations)
    assert_titled(page)
    assert_gds_font(page)
    assert_reflows(page)


# --- finding and filling things on a page -------------------------------------------------


def heading(page: Page) -> Locator:
    """The page's main heading (its one h1)."""
    return page.get_by_role("heading", level=1)


def error_summary(page: Page) -> Locator:
    """GOV.UK's error summary, at the top of a page whose form was refused."""
    return page.locator(".govuk-error-summary")


def success_banner(page: Page) -> Locator:
    """GOV.UK's green notification banner, which confirms that something was saved."""
    return page.locator(".govuk-notification-banner--success")


def summary_row(scope: Page | Locator, key: str) -> Locator:
    """The summary list row whose key is ``key``, in ``scope`` (a page or a card)."""
    root = scope if isinstance(scope, Page) else scope.page  # "has" is relative to the row
    return scope.locator(".govuk-summary-list__row").filter(
        has=root.locator(".govuk-summary-list__key", has_text=re.compile(f"^{re.escape(key)}$"))
    )


def field(scope: Page | Locator, label: str) -> Locator:
    """The form field labelled exactly ``label``, in ``scope`` (a page or a fieldset)."""
    return scope.get_by_label(label, exact=True)


def fill_date(page: Page, legend: str, day: date) -> None:
    """A GOV.UK date input: day, month and year, each its own box."""
    group = page.get_by_role("group", name=legend, exact=True)
    field(group, "Day").fill(str(day.day))
    field(group, "Month").fill(str(day.month))
    field(group, "Year").fill(str(day.year))


# --- navigating, each new page checked ----------------------------------------------------


def visit(page: Page, url: str, *, status: int = 200) -> Response:
    """Go to ``url``, check the response's status, then check the page with axe."""
    response = page.goto(url)
    assert response is not None, f"no response for {url}"
    assert response.status == status, f"{url} answered {response.status}, expected {status}"
    assert_accessible(page)
    return response


def follow_link(
    page: Page,
    name: str | re.Pattern[str],
    *,
    within: Locator | None = None,
    exact: bool = True,
) -> None:
    """Click the link called ``name`` (in ``within``, if given) and check where it leads."""
    link = (within or page).get_by_role("link", name=name, exact=exact)
    with page.expect_navigation():
        link.click()
    assert_accessible(page)


def press_button(page: Page, name: str | re.Pattern[str], *, exact: bool = True) -> None:
    """Press the button called ``name`` (submitting its form) and check the next page.

    GOV.UK's start-style links (``<a role="button">``) are buttons to assistive
    technology, so they are pressed with this too.
    """
    button = page.get_by_role("button", name=name, exact=exact)
    with page.expect_navigation():
        button.click()
    assert_accessible(page)


def sign_in(page: Page, server: str, user: User, password: str = PASSWORD) -> None:
    """Sign in through the real sign-in form; lands on the user's landing page: the
    national dashboard (analyst), their prison's dashboard (governor) or the scheme
    list (everyone else)."""
    visit(page, f"{server}/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    press_button(page, "Sign in")
    roles = set(user.memberships.values_list("role", flat=True))
    if Role.NATIONAL_ANALYST in roles:
        expect(page).to_have_url(f"{server}/dashboard/national/")
        expect(heading(page)).to_have_text("National dashboard")
    elif Role.GOVERNOR in roles:
        expect(page).to_have_url(re.compile(rf"{re.escape(server)}/dashboard/prisons/\d+/"))
        expect(heading(page)).to_contain_text("dashboard")
    else:
        expect(page).to_have_url(f"{server}/schemes/")
        expect(heading(page)).to_have_text("Schemes")


def sign_out(page: Page, server: str) -> None:
    """Sign out with the header's Sign out button (a POST form)."""
    press_button(page, "Sign out")
    expect(page).to_have_url(f"{server}/sign-in/")


# --- the Nu Html Checker ------------------------------------------------------------------

# Findings of the checker that are not errors in the pages, each with its reason. A
# message is let through only if it matches one of these exactly. None so far: add one
# only with the reason it is a false positive.
KNOWN_FALSE_POSITIVES: dict[str, str] = {}


@dataclass(frozen=True)
class HtmlError:
    url: str
    line: int | None
    column: int | None
    message: str
    extract: str

    def __str__(self) -> str:
        where = f"{self.url} line {self.line}, column {self.column}"
        extract = " ".join(self.extract.split())
        return f"- {where}: {self.message}" + (f"\n    {extract}" if extract else "")


def validate_html(java: str, pages: dict[str, tuple[str, str]], folder: Path) -> list[HtmlError]:
    """Validate every page with one run of the Nu Html Checker; return its errors.

    Warnings are not returned. Each page is written to ``folder`` as <sha256>.html and
    its errors are reported under the URL the browser visited.
    """
    urls: dict[str, str] = {}
    files: list[str] = []
    for digest, (url, html) in pages.items():
        path = folder / f"{digest}.html"
        path.write_text(html, encoding="utf-8")
        urls[path.name] = url
        files.append(str(path))
    # --errors-only: warnings would be ignored anyway; --no-langdetect: the guess at each
    # page's language only ever gives a warning, and takes a third of the time.
    command = [java, "-jar", str(VNU_JAR), "--errors-only", "--no-langdetect"]
    result = subprocess.run(
        [*command, "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    try:
        messages: list[dict[str, Any]] = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError) as error:
        raise RuntimeError(
            f"the Nu Html Checker gave no report (exit {result.returncode}):\n"
            f"{result.stdout[-2000:]}{result.stderr[-2000:]}"
        ) from error
    errors = []
    for message in messages:
        if message.get("type") not in {"error", "non-document-error"}:
            continue  # "info" messages, warnings among them
        if message.get("message") in KNOWN_FALSE_POSITIVES:
            continue
        file_url = message.get("url", "")  # file:/<folder>/<sha256>.html
        errors.append(
            HtmlError(
                url=urls.get(file_url.rsplit("/", 1)[-1], file_url),
                line=message.get("lastLine"),
                column=message.get("firstColumn") or message.get("lastColumn"),
                message=message.get("message", ""),
                extract=message.get("extract", ""),
            )
        )
    return errors
