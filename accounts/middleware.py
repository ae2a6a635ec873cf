"""Signed-in pages: kept out of shared and browser caches; the idle limit refreshed."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class NoStoreForSignedInMiddleware:
    """Pages for a signed-in user name prisoners and staff: never cache them.

    Prison terminals are shared; "no-store" stops the next person pressing Back and
    reading the previous user's pages from the browser's cache.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


# When a signed-in session's idle limit was last pushed back (seconds since the epoch).
SESSION_REFRESHED_KEY = "_refreshed_at"
SESSION_REFRESH_SECONDS = 60


def mark_session_fresh(request: HttpRequest) -> None:
    request.session[SESSION_REFRESHED_KEY] = int(time.time())


class SessionIdleRefreshMiddleware:
    """Push back a signed-in session's 30-minute idle limit at most once a minute.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) would make every
    page view a database write; this keeps reads read-only, at the cost of the idle
    limit being accurate to a minute.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            refreshed = request.session.get(SESSION_REFRESHED_KEY, 0)
            if time.time() - refreshed >= SESSION_REFRESH_SECONDS:
                mark_session_fresh(request)
        return self.get_response(request)
