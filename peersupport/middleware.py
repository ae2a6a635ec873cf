"""Response headers and pages that the whole service shares."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse

from . import views


class PermissionsPolicyMiddleware:
    """Turn off, on every response, the browser features the service never uses.

    Camera, microphone, location, payment, USB and the like: should a script ever be
    injected, or a page framed, it cannot reach them. The list is PERMISSIONS_POLICY in
    the settings.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class ServiceNotFoundPageMiddleware:
    """With DEBUG on (``make run``), a missing page shows the service's own 404 page.

    Django's debug 404 page lists every URL pattern of the service: not what a person
    trying the demo should see. A developer who wants it sets DEBUG_404=true. Production
    (DEBUG off) never loads this middleware: Django shows the service's page there.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not settings.DEBUG or settings.DEBUG_404:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 404:
            return views.error_404(request)
        return response
