"""Periodic housekeeping for accounts."""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="accounts.tasks.clear_expired_sessions")
def clear_expired_sessions() -> None:
    """Delete expired sessions so the session table does not grow for ever."""
    call_command("clearsessions")
