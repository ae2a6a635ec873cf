"""Template helpers for GOV.UK components."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.core.paginator import Page
from django.forms import BoundField
from django.utils.html import conditional_escape as esc
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def page_numbers(page: Page[Any]) -> list[int | str]:
    """Page numbers for GOV.UK pagination, with "…" where a run is left out."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


def _options(choices: Iterable[tuple[Any, Any]], chosen: set[str]) -> str:
    parts = []
    for value, label in choices:
        if isinstance(label, list | tuple):  # a group of options
            parts.append(f'<optgroup label="{esc(value)}">{_options(label, chosen)}</optgroup>')
            continue
        text = "" if value is None else str(value)
        selected = " selected" if text in chosen else ""
        parts.append(f'<option value="{esc(text)}"{selected}>{esc(label)}</option>')
    return "".join(parts)


@register.simple_tag
def select_options(field: BoundField) -> SafeString:
    """The ``<option>`` elements of a bound choice field's select, the chosen one
    selected. Built here rather than by iterating the bound field, whose widget makes
    a dictionary of attributes for every option: the evaluation pack's two five-year
    month lists cost about 2 ms that way."""
    value = field.value()
    values = value if isinstance(value, list | tuple) else [value]
    chosen = {str(item) for item in values if item is not None}
    # Every value and label is escaped above.
    return mark_safe(_options(field.field.choices, chosen))  # type: ignore[attr-defined]  # noqa: S308


def _cell_content(cell: Any) -> str:
    text = esc(cell.text)
    href = getattr(cell, "href", None)
    return f'<a class="govuk-link" href="{esc(href)}">{text}</a>' if href else text


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
                    f'<th scope="row" class="govuk-table__header">{_cell_content(cell)}</th>'
                )
            else:
                numeric = " govuk-table__cell--numeric" if getattr(cell, "numeric", False) else ""
                cells.append(f'<td class="govuk-table__cell{numeric}">{_cell_content(cell)}</td>')
        html.append(f'<tr class="govuk-table__row">{"".join(cells)}</tr>')
    # Every cell's words and link are escaped above.
    return mark_safe("\n".join(html))  # noqa: S308
