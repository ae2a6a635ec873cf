"""Sign-ins, sign-outs, failed sign-ins and lockouts in the trail.

Written here, in Python, on either database: nothing in a table changes that a
trigger could see (a failed sign-in writes nothing of its own).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from accounts.lockout import client_address
from accounts.models import AuditAction, AuditEvent, User

USER_MODEL = "accounts.user"


def _address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _record(
    action: str, request: HttpRequest | None, user: User | None, username: str = ""
) -> None:
    AuditEvent.objects.create(
        user=user,
        username=(user.get_username() if user is not None else username)[:150],
        model=USER_MODEL,
        object_id=str(user.pk) if user is not None else "",
        action=action,
        address=_address(request),
    )


def _signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    _record(AuditAction.SIGN_IN, request, user)


def _signed_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        _record(AuditAction.SIGN_OUT, request, user)


def _failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Refused by the lockout without checking the password: the lockout was recorded.
    if (
        request is not None
        and getattr(request, "axes_locked_out", False)
        and getattr(request, "axes_failures_since_start", None) is None
    ):
        return
    _record(AuditAction.SIGN_IN_FAILED, request, None, str(credentials.get("username", "")))


def _locked_out(
    sender: Any, request: HttpRequest | None, username: str | None = None, **kwargs: Any
) -> None:
    _record(AuditAction.LOCKED_OUT, request, None, username or "")


def connect() -> None:
    from axes.signals import user_locked_out

    user_logged_in.connect(_signed_in, dispatch_uid="audit-sign-in")
    user_logged_out.connect(_signed_out, dispatch_uid="audit-sign-out")
    user_login_failed.connect(_failed, dispatch_uid="audit-sign-in-failed")
    user_locked_out.connect(_locked_out, dispatch_uid="audit-locked-out")
