"""What the maintenance pages share."""

from __future__ import annotations

from typing import Any

from accounts.access import AuthenticatedRequest

ACTIONS_PER_PAGE = 25
RECENT_REVIEWS = 5


def posted(request: AuthenticatedRequest) -> Any:
    """The POST data on a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None
