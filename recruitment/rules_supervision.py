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


def staff_supervision_due_on(
    last: date | None, launched_on: date | None, every_weeks: int
) -> date | None:
    """When the scheme's staff are next due supervision: ``every_weeks`` after their
    last session or the scheme's launch, whichever came later (a session held before
    the launch does not start the count early). None while the scheme has not launched:
    no staff supervision is due before it runs. The one rule the supervision page, the
    scheme page, the health signal and the self-assessment all use."""
    if launched_on is None:
        return None
    return supervision_due_on(max(last, launched_on) if last else None, launched_on, every_weeks)


def staff_supervision_overdue(
    last: date | None, launched_on: date | None, every_weeks: int, today: date
) -> bool:
    """Whether the scheme's staff are overdue for supervision on ``today`` (see
    ``staff_supervision_due_on``)."""
    due_on = staff_supervision_due_on(last, launched_on, every_weeks)
    return due_on is not None and due_on < today
