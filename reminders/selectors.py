"""Reads for reminders: a person's open reminders, and how many there are."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from accounts.models import User

from . import rules
from .models import Reminder


def open_reminders(user: User) -> QuerySet[Reminder]:
    """The user's reminders the registry still lists, the oldest due first."""
    return Reminder.objects.filter(user=user, done_on__isnull=True).order_by("due", "pk")


def open_reminder_count(user: User) -> int:
    """One query: the count in the header."""
    return open_reminders(user).count()


def summary(user: User) -> list[str]:
    """ "1 plan awaiting your decision", "2 actions to do": one query."""
    counts = (
        open_reminders(user).order_by().values_list("kind").annotate(n=Count("id")).order_by("kind")
    )
    return [rules.count_words(kind, n) for kind, n in counts]
