"""The count of open reminders in the header (one query for a signed-in person)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import open_reminder_count


def reminder_count(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: counted only where the header is drawn (not on a redirect or a 404 page
    # that shows no header).
    return {"reminder_count": SimpleLazyObject(lambda: open_reminder_count(user))}
