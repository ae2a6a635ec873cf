"""Reading GOV.UK pages in tests: the error summary and its links."""

from __future__ import annotations

import re
from html import unescape


def error_summary(html: str) -> str:
    """The GOV.UK error summary's HTML, entities decoded, or "" when the page has none."""
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    return unescape(match.group(0)) if match else ""


def summary_links(html: str) -> list[tuple[str, str]]:
    """The error summary's (message, link) pairs."""
    pairs = re.findall(r'<a href="([^"]*)">([^<]*)</a>', error_summary(html))
    return [(text.strip(), href) for href, text in pairs]


def assert_error(html: str, message: str, field: str | None = None) -> str:
    """The summary lists ``message``, linked to ``field``'s question (for radios and
    checkboxes, its first option) on this page. Returns the link."""
    links = [href for text, href in summary_links(html) if text.startswith(message)]
    assert links, f"{message!r} is not in the error summary: {summary_links(html)}"
    href = links[0]
    if field is not None:
        assert href in (f"#id_{field}", f"#id_{field}_1"), href
    assert f'id="{href[1:]}"' in html, f"the error summary's link {href} lands nowhere"
    return href
