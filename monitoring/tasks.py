"""Celery tasks for monitoring. Thin: each calls a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .dashboards import snapshots


@shared_task(name="monitoring.refresh_scheme_snapshots", acks_late=True)
def refresh_scheme_snapshots() -> int:
    """Beat, every DASHBOARD_REFRESH_SECONDS: store afresh the dashboards' snapshot of
    every running scheme whose stored one is missing, from an earlier day, or older than
    a change in the audit trail (so the first run after midnight rates the whole estate
    for the new day), and of those changed in the last few minutes, in case a change
    committed late. Safe to run twice at once or to lose: the next run does the work,
    and until then the pages work the figures out themselves. Returns how many were
    stored."""
    today = timezone.localdate()
    since = timezone.now() - snapshots.LATE_COMMIT
    return snapshots.refresh(today, snapshots.stale_scheme_ids(today, since=since))
