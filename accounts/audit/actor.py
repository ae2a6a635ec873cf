"""Who is acting: the signed-in user of the request, or whoever a task says.

The middleware notes the request; ``acting_as`` names a user outside a request (a
Celery task, a management command). The trail reads ``current_actor()`` only when it
writes, so a page that writes nothing never loads the user for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NamedTuple

from django.http import HttpRequest, HttpResponse


class Actor(NamedTuple):
    user_id: int | None
    username: str


NOBODY = Actor(None, "")

_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)
_named: ContextVar[Actor | None] = ContextVar("audit_actor", default=None)


def current_actor() -> Actor:
    named = _named.get()
    if named is not None:
        return named
    request = _request.get()
    user = getattr(request, "user", None) if request is not None else None
    if user is not None and user.is_authenticated:
        return Actor(user.pk, user.get_username())
    return NOBODY


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Record the changes made inside as made by ``user`` (None: by the system)."""
    actor = Actor(user.pk, user.get_username()) if user is not None else NOBODY
    token = _named.set(actor)
    try:
        yield
    finally:
        _named.reset(token)


class AuditActorMiddleware:
    """Makes the signed-in user the author of every change the request makes.

    Goes after AuthenticationMiddleware. It reads nothing itself: ``request.user`` is
    looked at only when something is written.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
