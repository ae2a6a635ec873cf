"""Template helpers for GOV.UK components."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.core.paginator import Page
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def page_numbers(page: Page[Any]) -> list[int | str]:
    """Page numbers for GOV.UK pagination, with "…" where a run is left out."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


def _options(choices: Iterable[tuple[Any, Any]], chosen: set[str]) -> SafeString:
    def option(value: Any, label: Any) -> SafeString:
        text = "" if value is None else str(value)
        selected = mark_safe(" selected") if text in chosen else ""
        return format_html('<option value="{}"{}>{}</option>', text, selected, label)

    parts = []
    for value, label in choices:
        if isinstance(label, list | tuple):  # a group of options
            parts.append(
                format_html('<optgroup label="{}">{}</optgroup>', value, _options(label, chosen))
            )
        else:
            parts.append(option(value, label))
    return format_html_join("", "{}", ((part,) for part in parts))


@register.simple_tag
def select_options(field: BoundField) -> SafeString:
    """The ``<option>`` elements of a bound choice field's select, the chosen one
    selected. Built here rather than by iterating the bound field, whose widget makes
    a dictionary of attributes for every option: the evaluation pack's two five-year
    month lists cost about 2 ms that way."""
    value = field.value()
    values = value if isinstance(value, list | tuple) else [value]
    return _options(field.field.choices, {str(item) for item in values if item is not None})  # type: ignore[attr-defined]


def _cell_content(cell: Any) -> SafeString:
    if getattr(cell, "href", None):
        return format_html('<a class="govuk-link" href="{}">{}</a>', cell.href, cell.text)
    return format_html("{}", cell.text)


@register.simple_tag
def table_rows(rows: Iterable[Iterable[Any]]) -> SafeString:
    """The ``<tr>`` rows of a GOV.UK table body from rows of cells (each with ``text``,
    and ``href`` and ``numeric`` where it has them): the first cell of a row is its
    header, a numeric cell is right-aligned, a cell with a link shows it. Built here
    rather than by the template's loops: a report's hundreds of cells rendered cell by
    cell were most of its page's time."""
    html = []
    for row in rows:
        cells = []
        for index, cell in enumerate(row):
            if index == 0:
                cells.append(
                    format_html(
                        '<th scope="row" class="govuk-table__header">{}</th>', _cell_content(cell)
                    )
                )
            else:
                numeric = " govuk-table__cell--numeric" if getattr(cell, "numeric", False) else ""
                cells.append(
                    format_html(
                        '<td class="govuk-table__cell{}">{}</td>', numeric, _cell_content(cell)
                    )
                )
        html.append(
            format_html(
                '<tr class="govuk-table__row">{}</tr>',
                format_html_join("", "{}", ((cell,) for cell in cells)),
            )
        )
    return format_html_join("\n", "{}", ((row,) for row in html))
