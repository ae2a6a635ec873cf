"""A write refused because the scheme is closed: say so on the scheme's page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .services.access import SchemeClosedError


class SchemeClosedMiddleware:
    """Pages that catch a service's ValidationError show SchemeClosedError on their
    form; any other page that reaches a closed scheme's service lands here, and the
    user goes back to the scheme's overview with the message, not a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, SchemeClosedError):
            return None
        messages.error(request, exception.messages[0])
        match = request.resolver_match
        pk = match.kwargs.get("pk") if match is not None else None
        return redirect("schemes:detail", pk=pk) if pk else redirect("schemes:list")
