"""The national dashboard's tables as CSV, streamed row by row."""

from __future__ import annotations

import csv as csv_module
from collections.abc import Iterator

from .selectors import Table

# A cell a spreadsheet would run as a formula starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file whose write returns what it was given: csv.writer's rows, one by one."""

    def write(self, value: str) -> str:
        return value


def _safe(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_rows(table: Table) -> Iterator[str]:
    """The header row, then each row: the figures without thousands separators."""
    writer = csv_module.writer(_Echo())
    yield writer.writerow(table.headers)
    for row in table.rows:
        yield writer.writerow([_safe(cell.raw) for cell in row])
