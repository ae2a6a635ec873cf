"""Reminders: what falls due, recorded once for each person, and the emails sent.

A ``Reminder`` is one ``DueItem`` of the phase registry for one person: unique on what
it is, which record, for whom and the date it falls due, so however often the day's
run goes (two beats, a retried task) each is recorded once. It is open until the
registry no longer lists it (the thing was done), then ``done_on`` is set.

An ``Email`` is one message to one person, claimed (inserted) inside a transaction
under a unique key (a day's digest, one event's notice) and sent after the commit by a
task that locks its row and sets ``sent_at``: a second task for the same email waits
for the lock, then finds it sent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Reminder(models.Model):
    """Something one person has to do, falling due on a date (from the registry)."""

    kind = models.CharField(max_length=40)  # DueItem.kind, e.g. "plan-decision"
    record_id = models.BigIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    due = models.DateField()
    scheme = models.ForeignKey(
        "schemes.Scheme", on_delete=models.CASCADE, related_name="+", db_constraint=True
    )
    title = models.CharField(max_length=300)
    href = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    # The day the registry stopped listing it: it was done (or is no longer due).
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "record_id", "user", "due"], name="reminder_once_per_due_date"
            )
        ]
        indexes = [models.Index(fields=["user", "done_on", "due"], name="reminder_open_for_user")]
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return f"{self.title} (due {self.due:%-d %B %Y})"


class EmailKind(models.TextChoices):
    DIGEST = "digest", "Daily reminders"
    NOTICE = "notice", "Notice"


class Email(models.Model):
    """One email to one person: a day's digest or an event's notice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_emails"
    )
    kind = models.CharField(max_length=10, choices=EmailKind.choices)
    # What makes it this email and no other, e.g. "digest:2026-12-01" or
    # "plan-submitted:<the event's token>".
    key = models.CharField(max_length=120)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Tasks that have started to send it. More than one: an earlier one may have sent
    # it and died before recording so, and the mail service is asked first.
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="email_once_per_key")]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="email_unsent")]

    def __str__(self) -> str:
        return f"{self.subject} ({self.get_kind_display()})"

    @property
    def reference(self) -> str:
        """Given to the mail service (GOV.UK Notify's ``reference``), so a retry can be
        checked against what was sent."""
        return f"peersupport-email-{self.pk}"


class Frequency(models.TextChoices):
    DAILY = "daily", "A daily email of what is due and overdue"
    NONE = "none", "No reminder emails"


class ReminderPreference(models.Model):
    """How a person wants their reminders by email. No row: the daily digest.

    Kept in reminders rather than on the user, so that only this app knows about it.
    Event notices (a plan submitted, returned or approved; an action assigned) follow
    the same choice.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_frequency_display()}"
