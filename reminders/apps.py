from __future__ import annotations

from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """Reminders and notices: not a phase of the guidance, so it registers no Phase; it
    reads every phase's ``due`` hook and listens for ``schemes.signals.happened``."""

    name = "reminders"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.audit import track
        from schemes.signals import happened

        from .models import ReminderPreference
        from .receivers import on_happened

        happened.connect(on_happened, dispatch_uid="reminders.on_happened")
        # A person's choice of emails is theirs to change: the audit trail records it.
        track(ReminderPreference)
