"""Sign-in lockout (django-axes): the page a locked-out sign-in gets, the visitor's
address behind the proxy, and the log lines for failures and lockouts.

Settings: ``AXES_*`` and ``TRUSTED_PROXY_COUNT`` in ``peersupport/settings.py``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger("accounts.sign_in")


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page for a sign-in refused by the lockout (AXES_LOCKOUT_CALLABLE).

    It names neither the username nor an account: an unknown username gets this page
    too, so it cannot tell anybody which usernames exist.
    """
    response = render(
        request,
        "accounts/locked_out.html",
        {"minutes": lockout_minutes()},
        status=429,
    )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


def client_address(request: HttpRequest) -> str:
    """The visitor's address (AXES_CLIENT_IP_CALLABLE).

    Behind the TLS proxy every request arrives from the proxy's own address, so the
    lockout by address would lock out everyone at once. Each trusted proxy appends the
    address it saw to X-Forwarded-For: the visitor's is TRUSTED_PROXY_COUNT entries from
    the right. Entries further left come from the visitor and could say anything.
    """
    proxies: int = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))


@receiver(user_login_failed)
def log_sign_in_failure(
    sender: object,
    credentials: dict[str, Any],
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    """One log line for each failed sign-in, and one when it starts a lockout.

    Runs after django-axes's own receiver (axes comes before accounts in
    INSTALLED_APPS), which has by then counted the failure and marked the request.
    The password is never logged (Django has already masked it in ``credentials``).
    """
    if request is None:
        return
    username = str(credentials.get("username", ""))[:150]
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    locked = getattr(request, "axes_locked_out", False)
    failures = getattr(request, "axes_failures_since_start", None)
    if locked and failures is None:
        # Refused without checking the password: already locked out.
        logger.warning("Sign-in refused for username %r from %s: locked out", username, address)
        return
    logger.warning("Sign-in failed for username %r from %s", username, address)
    if locked:
        minutes = lockout_minutes()
        logger.warning(
            "Sign-in locked out for username %r from %s (%s failures in %s minutes); "
            "it is refused for %s minutes",
            username,
            address,
            failures,
            minutes,
            minutes,
        )
