"""The maintenance rules, as plain functions of plain values: when reviews fall due."""

from __future__ import annotations

from datetime import date

from schemes.rules import add_months


def next_review_due(
    *, cadence_months: int | None, last_review_on: date | None, launched_on: date | None
) -> date | None:
    """When the next review meeting is due: a cadence after the last one, or after launch."""
    if cadence_months is None:
        return None
    since = last_review_on or launched_on
    return None if since is None else add_months(since, cadence_months)
