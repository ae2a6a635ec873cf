"""Supervision rules (plain functions): when a peer supporter, or the scheme's staff,
are overdue for supervision."""

from __future__ import annotations

from datetime import date, timedelta


def supervision_due_on(last: date | None, since: date, every_weeks: int) -> date:
    """When the next supervision falls due: ``every_weeks`` after the last one, or after
    ``since`` (when they started) if there has been none."""
    return (last or since) + timedelta(weeks=every_weeks)


def supervision_overdue(last: date | None, since: date, every_weeks: int, today: date) -> bool:
    """Whether supervision is overdue on ``today`` (due yesterday or before)."""
    return supervision_due_on(last, since, every_weeks) < today
