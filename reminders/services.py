"""Writes for reminders: record what falls due, claim emails, send them, and each
person's choice of emails.

Exactly once: a reminder is unique on (kind, record, person, due date) and an email on
(person, key), both inserted with ``ignore_conflicts`` inside a transaction, so two
runs at once (two beats, a retried task) record each once. An email is sent only after
the transaction that claimed it commits, by ``email_send``, which locks the email's row,
sends, and sets ``sent_at`` before the lock is released: a second send of the same email
waits, then finds it sent. A worker killed before the commit leaves the email unsent, and
the next catch-up run sends it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Role, User
from schemes.models import Action, Scheme
from schemes.phases import due_items
from schemes.services.versioning import StaleEditError, save_if_unchanged
from schemes.signals import (
    ACTION_ASSIGNED,
    PLAN_APPROVED,
    PLAN_RETURNED,
    PLAN_SUBMITTED,
    Happening,
)

from . import rules
from .models import Email, EmailKind, Frequency, Reminder, ReminderPreference

BATCH = 500


def absolute(href: str) -> str:
    return settings.SERVICE_URL.rstrip("/") + href


@dataclass(frozen=True)
class Recorded:
    due: int  # reminders the registry lists (one per person)
    done: int  # reminders it no longer lists, marked done now
    reopened: int  # reminders marked done before and listed again


def reminders_record(*, day: date) -> Recorded:
    """Record everything the phase registry says falls due on or before ``day``, once
    for each person it is for, and mark done every open reminder it no longer lists.

    A fixed number of queries for the registry (each phase's ``due`` hook is
    set-based), then the inserts and updates in batches.
    """
    wanted = {
        (item.kind, item.record_id, user_id, item.due): item
        for item in due_items(day)
        for user_id in item.user_ids
    }
    with transaction.atomic():
        Reminder.objects.bulk_create(
            [
                Reminder(
                    kind=kind,
                    record_id=record_id,
                    user_id=user_id,
                    due=due,
                    scheme_id=item.scheme_id,
                    title=item.title[:300],
                    href=item.href,
                )
                for (kind, record_id, user_id, due), item in wanted.items()
            ],
            ignore_conflicts=True,
            batch_size=BATCH,
        )
        record_ids = {key[1] for key in wanted}
        rows = Reminder.objects.filter(
            Q(done_on__isnull=True) | Q(record_id__in=record_ids, done_on__isnull=False)
        ).values_list("pk", "kind", "record_id", "user_id", "due", "done_on")
        done, reopened = [], []
        for pk, kind, record_id, user_id, due, done_on in rows:
            listed = (kind, record_id, user_id, due) in wanted
            if done_on is None and not listed:
                done.append(pk)
            elif done_on is not None and listed:
                reopened.append(pk)
        for start in range(0, len(done), BATCH):
            Reminder.objects.filter(pk__in=done[start : start + BATCH]).update(done_on=day)
        for start in range(0, len(reopened), BATCH):
            Reminder.objects.filter(pk__in=reopened[start : start + BATCH]).update(done_on=None)
    return Recorded(due=len(wanted), done=len(done), reopened=len(reopened))


def _wants_email() -> Q:
    """People with an address who have not turned reminder emails off."""
    return Q(is_active=True) & ~Q(email="") & ~Q(reminder_preference__frequency=Frequency.NONE)


def _enqueue(email_ids: list[int]) -> None:
    """Send each email once the claiming transaction has committed."""
    if not email_ids:
        return
    from .tasks import send_email

    def enqueue() -> None:
        for email_id in email_ids:
            send_email.delay(email_id)

    transaction.on_commit(enqueue, robust=True)  # lost sends: the catch-up sends them


def digest_key(day: date) -> str:
    return f"digest:{day.isoformat()}"


@transaction.atomic
def digests_claim(*, day: date) -> list[int]:
    """Claim the day's digest for everyone with an open reminder who wants emails, and
    send (after the commit) every digest of the day not sent yet. Returns their ids.

    One digest per person per day, whatever else is recorded later that day: a thing
    that falls due after the digest went waits for tomorrow's (or shows in the service).
    """
    key = digest_key(day)
    already = set(Email.objects.filter(key=key).values_list("user_id", flat=True))
    open_reminders = (
        Reminder.objects.filter(done_on__isnull=True, due__lte=day)
        .filter(user__in=User.objects.filter(_wants_email()))
        .exclude(user_id__in=already)
        .select_related("user")
        .order_by("user_id", "due", "pk")
    )
    by_user: dict[int, list[Reminder]] = defaultdict(list)
    for reminder in open_reminders:
        by_user[reminder.user_id].append(reminder)
    list_url, settings_url = (
        absolute(reverse("reminders:list")),
        absolute(reverse("reminders:settings")),
    )
    emails = []
    for user_id, reminders in by_user.items():
        user = reminders[0].user
        message = rules.digest(
            name=user.display_name,
            today=day,
            items=[rules.DigestLine(r.title, r.due, absolute(r.href)) for r in reminders],
            list_url=list_url,
            settings_url=settings_url,
        )
        emails.append(
            Email(
                user_id=user_id,
                kind=EmailKind.DIGEST,
                key=key,
                subject=message.subject,
                body=message.body,
            )
        )
    Email.objects.bulk_create(emails, ignore_conflicts=True, batch_size=BATCH)
    unsent = list(Email.objects.filter(key=key, sent_at__isnull=True).values_list("pk", flat=True))
    _enqueue(unsent)
    return unsent


def _notice_recipients(happening: Happening, scheme: Scheme) -> tuple[list[User], str, date | None]:
    """Who hears about a happening, the link they get, and an action's due date."""
    people = User.objects.filter(_wants_email())
    if happening.kind == PLAN_SUBMITTED:
        governors = Membership.objects.filter(prison_id=scheme.prison_id, role=Role.GOVERNOR)
        recipients = list(people.filter(pk__in=governors.values("user_id")))
        return recipients, reverse("planning:decision", args=[scheme.pk]), None
    if happening.kind in (PLAN_RETURNED, PLAN_APPROVED):
        recipients = list(people.filter(pk=scheme.coordinator_id or 0))
        page = "planning:index" if happening.kind == PLAN_RETURNED else "schemes:detail"
        return recipients, reverse(page, args=[scheme.pk]), None
    if happening.kind == ACTION_ASSIGNED:
        action = Action.objects.filter(pk=happening.record_id).first()
        if action is None or action.owner_id is None or action.owner_id == happening.by_id:
            # Nobody needs telling about their own action; a stakeholder (the partner
            # charity) has no account to tell.
            return [], "", None
        recipients = list(people.filter(pk=action.owner_id))
        href = reverse("schemes:action-change", args=[scheme.pk, action.pk])
        return recipients, href, action.due_date
    return [], "", None


@transaction.atomic
def notices_claim(*, happening: Happening, token: str) -> list[int]:
    """Claim an email for each person who should hear about ``happening`` (the event's
    ``token`` makes the key, so a retried task claims nothing new), and send them after
    the commit. Returns the ids of its emails not yet sent."""
    if happening.kind not in rules.NOTICE_WORDS:
        return []
    scheme = Scheme.objects.filter(pk=happening.scheme_id).first()
    if scheme is None:
        return []
    recipients, href, due = _notice_recipients(happening, scheme)
    key = f"{happening.kind}:{token}"
    settings_url = absolute(reverse("reminders:settings"))
    emails = []
    for user in recipients:
        message = rules.notice(
            kind=happening.kind,
            name=user.display_name,
            scheme=scheme.name,
            url=absolute(href),
            settings_url=settings_url,
            due=due,
        )
        emails.append(
            Email(
                user=user,
                kind=EmailKind.NOTICE,
                key=key,
                subject=message.subject,
                body=message.body,
            )
        )
    Email.objects.bulk_create(emails, ignore_conflicts=True)
    unsent = list(Email.objects.filter(key=key, sent_at__isnull=True).values_list("pk", flat=True))
    _enqueue(unsent)
    return unsent


def unsent_emails(*, older_than_seconds: int) -> list[int]:
    """Emails claimed a while ago and still not sent (their task was lost)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return list(
        Email.objects.filter(sent_at__isnull=True, created_at__lte=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def email_send(*, email_id: int, check_first: bool = False) -> bool:
    """Send one claimed email unless it has been sent. True if this call sent it (or
    found that the mail service had it already).

    First the attempt is counted, in its own short transaction; then the row is locked
    from the check until ``sent_at`` is committed, so two tasks for one email send it
    once. An email attempted before (a worker killed after sending and before the
    commit, a task redelivered or sent again by the catch-up) is checked with the mail
    service first, by its reference, where the service can say (Notify, the outbox).
    """
    if not Email.objects.filter(pk=email_id, sent_at__isnull=True).update(
        attempts=F("attempts") + 1
    ):
        return False
    with transaction.atomic():
        email = (
            Email.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=email_id)
            .first()
        )
        if email is None or email.sent_at is not None:
            return False
        mailer = mailers.default
        already = getattr(mailer, "already_sent", None)
        check = check_first or email.attempts > 1
        if not (check and already is not None and already(email.reference)):
            EmailMessage(
                subject=email.subject,
                body=email.body,
                to=[email.user.email],
                headers={"X-Reference": email.reference},
            ).send()
        email.sent_at = timezone.now()
        email.save(update_fields=["sent_at"])
    return True


def preference_for(user: User) -> ReminderPreference:
    """The user's choice (not saved: no row means the daily digest)."""
    found = ReminderPreference.objects.filter(user=user).first()
    return found or ReminderPreference(user=user, frequency=Frequency.DAILY, version=0)


@transaction.atomic
def preference_save(*, by: User, frequency: str, expected_version: int) -> ReminderPreference:
    """Save the signed-in person's own choice of reminder emails, unless it changed
    meanwhile (``StaleEditError``)."""
    if not by.is_authenticated:
        raise PermissionDenied
    preference = preference_for(by)
    if preference.pk is None:
        if expected_version != 0:
            raise StaleEditError
        preference.frequency = frequency
        preference.version = 1
        preference.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                preference.save()
        except IntegrityError:  # saved by another of their tabs meanwhile
            raise StaleEditError from None
        return preference
    save_if_unchanged(
        preference, expected_version=expected_version, fields={"frequency": frequency}
    )
    return preference
