"""Celery tasks for recruitment. Thin: each calls a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .pending_imports import PendingImports
from .services.prisoners import prisoners_anonymise


@shared_task(name="recruitment.apply_prisoner_retention", acks_late=True)
def apply_prisoner_retention() -> int:
    """Beat, daily: anonymise the prisoners who left more than PRISONER_RETENTION_DAYS
    ago, and remove checked uploads of extracts that were never confirmed. Safe to run
    twice: an anonymised prisoner is not anonymised again. Returns how many were
    anonymised."""
    PendingImports().remove_expired()
    return prisoners_anonymise(today=timezone.localdate())
