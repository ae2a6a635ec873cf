from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


def _fresh_session_at_sign_in(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """A new session starts its idle limit now (see SessionIdleRefreshMiddleware)."""
    if request is not None and hasattr(request, "session"):
        from .middleware import mark_session_fresh

        mark_session_fresh(request)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts, prisons and roles"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from . import lockout  # noqa: F401  (connects the sign-in failure and lockout log lines)
        from .audit import database, sign_in, track
        from .models import Membership, Prison, User

        user_logged_in.connect(_fresh_session_at_sign_in, dispatch_uid="fresh-session")

        # The audit trail (accounts/audit/): database triggers, made after every migrate.
        connection_created.connect(database.prepare_connection, dispatch_uid="audit-connection")
        pre_migrate.connect(database.drop_before_migrate, sender=self, dispatch_uid="audit-drop")
        post_migrate.connect(database.install, sender=self, dispatch_uid="audit-install")
        sign_in.connect()
        track(User, exclude=("last_login",), mask=("password",))
        track(Prison, prison="pk")
        track(Membership)
