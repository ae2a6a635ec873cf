"""Plain rules for reminders: the wording of a digest and a notice, and when the day's
reminders go out. No database access; unit-tested on their own."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ImproperlyConfigured

from schemes.signals import ACTION_ASSIGNED, PLAN_APPROVED, PLAN_RETURNED, PLAN_SUBMITTED

# Each kind of DueItem as a count says it: (one, many). A kind a phase adds later
# without a line here still reads well: "1 reminder", "3 reminders".
KIND_WORDS: dict[str, tuple[str, str]] = {
    "plan-decision": ("plan awaiting your decision", "plans awaiting your decision"),
    "plan-returned": ("returned plan to revise", "returned plans to revise"),
    "review-meeting": ("review meeting due", "review meetings due"),
    "action": ("action to do", "actions to do"),
    "risk-review": ("risk to review", "risks to review"),
    "probation-review": ("probation review due", "probation reviews due"),
    "contingency-review": ("contingency plan to review", "contingency plans to review"),
    "suitability-refusal": (
        "suitability refusal you might override",
        "suitability refusals you might override",
    ),
    "monthly-return": ("monthly return to submit", "monthly returns to submit"),
    "monthly-return-approval": ("monthly return to approve", "monthly returns to approve"),
}
OTHER_WORDS = ("reminder", "reminders")


def count_words(kind: str, count: int) -> str:
    """ "1 plan awaiting your decision", "2 actions to do"."""
    one, many = KIND_WORDS.get(kind, OTHER_WORDS)
    return f"{count} {one if count == 1 else many}"


def is_overdue(due: date, today: date) -> bool:
    return due < today


def parse_daily_time(value: str) -> time:
    """``REMINDERS_DAILY_AT``: a 24-hour time, "07:00"."""
    try:
        hours, minutes = value.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise ImproperlyConfigured(
            f"REMINDERS_DAILY_AT must be a time such as 07:00, not {value!r}"
        ) from None


def digest_due_now(now: datetime, daily_at: time) -> bool:
    """Whether today's digests may go out yet (``now`` is local time)."""
    return now.time() >= daily_at


@dataclass(frozen=True)
class DigestLine:
    title: str
    due: date
    url: str


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


SIGN_OFF = "Peer Support Planner\nHM Prison and Probation Service"


def _lines(items: Iterable[DigestLine], today: date) -> list[str]:
    out: list[str] = []
    for item in items:
        when = "today" if item.due == today else f"on {item.due:%-d %B %Y}"
        out += [f"* {item.title} (due {when})", f"  {item.url}"]
    return out


def digest(
    *, name: str, today: date, items: Sequence[DigestLine], list_url: str, settings_url: str
) -> Message:
    """One person's email of the day: what is overdue, then what is due, each with
    the link where it is done. Plain text in GOV.UK Notify's style."""
    overdue = [item for item in items if is_overdue(item.due, today)]
    due = [item for item in items if not is_overdue(item.due, today)]
    count = len(items)
    subject = f"{count} thing{'' if count == 1 else 's'} to do in Peer Support Planner"
    parts = [f"Hello {name},", "", f"This is what you have to do on {today:%A %-d %B %Y}."]
    if overdue:
        parts += ["", "Overdue:", *_lines(overdue, today)]
    if due:
        parts += ["", "Due:", *_lines(due, today)]
    parts += [
        "",
        f"See all your reminders: {list_url}",
        f"To stop these emails, or get them again: {settings_url}",
        "",
        SIGN_OFF,
    ]
    return Message(subject, "\n".join(parts))


NOTICE_WORDS: dict[str, tuple[str, str]] = {
    # kind: (subject, what happened), each with {scheme}
    PLAN_SUBMITTED: (
        "A plan is waiting for your decision: {scheme}",
        "The plan for {scheme} has been submitted. It is waiting for a governor to "
        "approve it or return it.",
    ),
    PLAN_RETURNED: (
        "Your plan was returned: {scheme}",
        "A governor returned the plan for {scheme}. Read their reason, revise the plan "
        "and submit it again.",
    ),
    PLAN_APPROVED: (
        "Your plan was approved: {scheme}",
        "A governor approved the plan for {scheme}. The scheme can now recruit peer supporters.",
    ),
    ACTION_ASSIGNED: (
        "You have a new action: {scheme}",
        "You have been given an action for {scheme}, due on {due}.",
    ),
}


def notice(
    *, kind: str, name: str, scheme: str, url: str, settings_url: str, due: date | None = None
) -> Message:
    """An email about one thing that happened. It names the scheme, never a prisoner:
    the reason for a return and an action's wording stay in the service."""
    subject, what = NOTICE_WORDS[kind]
    due_text = f"{due:%-d %B %Y}" if due else ""
    body = "\n".join(
        [
            f"Hello {name},",
            "",
            what.format(scheme=scheme, due=due_text),
            "",
            url,
            "",
            f"To stop these emails, or get them again: {settings_url}",
            "",
            SIGN_OFF,
        ]
    )
    return Message(subject.format(scheme=scheme), body)
