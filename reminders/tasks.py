"""Celery tasks for reminders. Thin: each takes ids or plain values and calls a service.

Every one is idempotent (a unique row decides what is recorded or sent), so each is
acknowledged late and given back to the queue if its worker dies.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from schemes.signals import Happening

from . import rules, services


@shared_task(name="reminders.send_daily_reminders", acks_late=True)
def send_daily_reminders() -> int:
    """Beat, daily at REMINDERS_DAILY_AT: record what is due today, and claim and send
    each person's digest. Returns how many digests are on their way."""
    day = timezone.localdate()
    services.reminders_record(day=day)
    return len(services.digests_claim(day=day))


@shared_task(name="reminders.catch_up", acks_late=True)
def catch_up() -> int:
    """Beat, every REMINDERS_CATCH_UP_SECONDS: keep the in-app lists up to date, send
    today's digests if the daily run was missed (no beat at that time), and send again
    any email whose task was lost (a worker killed before it finished)."""
    now = timezone.localtime()
    services.reminders_record(day=now.date())
    if rules.digest_due_now(now, rules.parse_daily_time(settings.REMINDERS_DAILY_AT)):
        services.digests_claim(day=now.date())
    lost = services.unsent_emails(older_than_seconds=settings.REMINDERS_CATCH_UP_SECONDS)
    for email_id in lost:
        # Its first task may have sent it and died before recording so: check first.
        send_email.delay(email_id, check_first=True)
    return len(lost)


@shared_task(name="reminders.send_email", acks_late=True, bind=True)
def send_email(self: Any, email_id: int, check_first: bool = False) -> bool:
    """Send one claimed email, unless it has been sent. A task sent again by the
    catch-up, retried or redelivered asks the mail service first."""
    redelivered = (self.request.delivery_info or {}).get("redelivered")
    check_first = check_first or bool(self.request.retries or redelivered)
    return services.email_send(email_id=email_id, check_first=check_first)


@shared_task(name="reminders.tell", acks_late=True)
def tell(happening: dict[str, Any], token: str) -> int:
    """Something happened (a plan submitted, an action assigned): refresh the in-app
    reminders, and email the people concerned."""
    services.reminders_record(day=timezone.localdate())
    return len(services.notices_claim(happening=Happening(**happening), token=token))
