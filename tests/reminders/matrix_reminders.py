"""Permission matrix rows for the reminders pages (merged by tests/test_permission_matrix.py).

Everyone signed in has their own reminders and their own choice of emails; nobody sees
another person's. The analyst, the outsider and the admin see an empty list.
"""

from __future__ import annotations

from typing import Any

from tests.schemes.matrix_rows import (
    CHANGED,
    PERSONAS,
    READ_ONLY,
    Ids,
    Row,
    Write,
    always,
    everyone,
    signed_in,
)

REMINDERS_ROWS: dict[str, Row] = {
    "reminders/": signed_in(200, 405),
    # An empty POST re-shows the form with its error.
    "reminders/emails/": signed_in(200, 200),
}


def preference_body(ids: Ids) -> dict[str, Any]:
    # No choice saved yet: the form carries version 0.
    return {"frequency": "none", "version": "0"}


REMINDERS_WRITES: dict[str, list[Write]] = {
    "reminders/": READ_ONLY,
    "reminders/emails/": [
        Write(
            body=preference_body,
            permitted=dict.fromkeys([p for p in PERSONAS if p != "anonymous"], always(CHANGED)),
            changes=frozenset({"reminders.ReminderPreference"}),
        )
    ],
}

# Reminders and emails are made by the daily run and by events, never in the admin.
_REFUSED = everyone(302, 302)
_REFUSED["admin"] = (403, 403)
REMINDERS_ADMIN_ROWS: dict[str, Row] = {
    "admin/reminders/reminder/add/": _REFUSED,
    "admin/reminders/email/add/": _REFUSED,
    "admin/reminders/reminderpreference/add/": _REFUSED,
}
