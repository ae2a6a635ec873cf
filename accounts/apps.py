from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


def _fresh_session_at_sign_in(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """A new session starts its idle limit now (see SessionIdleRefreshMiddleware)."""
    if request is not None and hasattr(request, "session"):
        from .middleware import mark_session_fresh

        mark_session_fresh(request)


def _install_audit_triggers(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from .audit import postgres

    postgres.install(using)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts, prisons and roles"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_fresh_session_at_sign_in, dispatch_uid="fresh-session")

        # Connects the sign-in failure and lockout log lines.
        # PostgreSQL: the audit tables' append-only triggers, after every migrate.
        from django.db.models.signals import post_migrate

        from . import lockout  # noqa: F401

        post_migrate.connect(_install_audit_triggers, sender=self, dispatch_uid="audit-triggers")
