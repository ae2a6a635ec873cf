from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts, prisons and roles"

    def ready(self) -> None:
        # Connects the sign-in failure and lockout log lines.
        from . import lockout  # noqa: F401
