"""Reading GOV.UK pages in tests: the error summary and its links, the forms' fields."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser


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


@dataclass(frozen=True)
class FormField:
    """A named control of a form on a page: input, select, textarea or button."""

    name: str
    method: str  # the form's: "get" or "post"
    action: str  # where the form is sent ("" in the page: the page itself)
    is_button: bool  # a submit button: its value says which button was pressed
    # A textarea, or a text input that asks for neither a number nor a password.
    is_free_text: bool = False


class _FormFieldParser(HTMLParser):
    CONTROLS = ("input", "select", "textarea", "button")

    def __init__(self) -> None:
        super().__init__()
        self.form: tuple[str, str] | None = None
        self.fields: list[FormField] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.form = (attributes.get("method", "get").lower(), attributes.get("action", ""))
        elif tag in self.CONTROLS and self.form and attributes.get("name"):
            kind = attributes.get("type", "submit" if tag == "button" else "").lower()
            free_text = tag == "textarea" or (
                tag == "input"
                and kind in ("", "text")
                and attributes.get("inputmode") not in ("numeric", "decimal")
            )
            self.fields.append(
                FormField(
                    attributes["name"],
                    *self.form,
                    is_button=kind == "submit",
                    is_free_text=free_text,
                )
            )

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None


def form_fields(html: str) -> list[FormField]:
    """Every named control of every form on the page, in the page's order, but the
    CSRF token."""
    parser = _FormFieldParser()
    parser.feed(html)
    parser.close()
    return [field for field in parser.fields if field.name != "csrfmiddlewaretoken"]


def posted_fields(html: str, path: str) -> list[FormField]:
    """The fields of the page's own POST form (sent to ``path``), each name once."""
    seen: dict[str, FormField] = {}
    for field in form_fields(html):
        if field.method == "post" and field.action in ("", path):
            seen.setdefault(field.name, field)
    return list(seen.values())
