"""The HTTP methods a view answers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.views.decorators import http


def require_http_methods(methods: Sequence[str]) -> Callable[[Any], Any]:
    """Django's ``require_http_methods``, with HEAD wherever GET is allowed.

    A server that answers GET must answer HEAD (RFC 9110); link checkers, proxies and
    monitoring send it. Django's decorator refuses any method not listed, and its
    servers strip a HEAD response's body, so HEAD simply runs the GET view. Use this one
    in every view module instead of Django's (and ``require_safe``, not ``require_GET``).
    """
    allowed = [method.upper() for method in methods]
    if "GET" in allowed and "HEAD" not in allowed:
        allowed.append("HEAD")
    return http.require_http_methods(allowed)
