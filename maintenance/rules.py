"""The maintenance rules, as plain functions of plain values: when reviews fall due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from peersupport.words import plural
from schemes.rules import add_months


def next_review_due(
    *, cadence_months: int | None, last_review_on: date | None, launched_on: date | None
) -> date | None:
    """When the next review meeting is due: a cadence after the last one, or after launch."""
    if cadence_months is None:
        return None
    since = last_review_on or launched_on
    return None if since is None else add_months(since, cadence_months)


# --- the self-assessment: the maintenance items judged from the review meetings --------

Rating = Literal["met", "partly met", "not met"]


@dataclass(frozen=True)
class ReviewFacts:
    """What the self-assessment needs of one review meeting: which headings it
    discussed and who attended (counts only)."""

    held_on: date
    communication: bool
    training: bool
    recruitment: bool
    resources: bool
    involvement: bool
    staff: int
    stakeholders: int
    peer_supporters: int


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _judge(
    latest: ReviewFacts,
    covered: list[tuple[bool, str]],
    overdue: bool,
    wording: tuple[str, str, str],
) -> tuple[Rating, str]:
    """Met when the latest review covered every part and the next is not overdue."""
    when = f"The review meeting of {latest.held_on:%-d %B %Y}"
    done = [name for ok, name in covered if ok]
    not_done = [name for ok, name in covered if not ok]
    verb, negative, but = wording
    if not done:
        return "not met", f"{when} {negative} {_and(not_done)}"
    words = f"{when} {verb} {_and(done)}"
    if not_done:
        words += f", but {but} {_and(not_done)}"
    if overdue:
        words += "; the next review meeting is overdue"
    return ("partly met" if not_done or overdue else "met"), words


DISCUSSED = ("discussed", "did not discuss", "not")
ATTENDED = ("was attended by", "had no", "no")


def review_evidence(reviews: list[ReviewFacts], *, overdue: bool) -> list[tuple[Rating, str]]:
    """The three maintenance items, judged from a running scheme's review meetings
    (newest first): the latest meeting shows what is being checked, planned and who is
    involved; an overdue next meeting keeps an item at partly met."""
    if not reviews:
        none: tuple[Rating, str] = (
            "not met",
            "No review meeting has been held since the scheme launched",
        )
        return [none, none, none]
    latest = reviews[0]
    return [
        _judge(
            latest,
            [
                (latest.communication, "communication routes"),
                (latest.training, "training and support"),
            ],
            overdue,
            DISCUSSED,
        ),
        _judge(
            latest,
            [
                (latest.recruitment, "future recruitment"),
                (latest.resources, "resources and need"),
            ],
            overdue,
            DISCUSSED,
        ),
        _judge(
            latest,
            [
                (
                    latest.staff > 0,
                    plural(latest.staff, "staff member") if latest.staff else "staff",
                ),
                (
                    latest.peer_supporters > 0,
                    plural(latest.peer_supporters, "peer supporter")
                    if latest.peer_supporters
                    else "peer supporters",
                ),
                (
                    latest.stakeholders > 0,
                    plural(latest.stakeholders, "stakeholder")
                    if latest.stakeholders
                    else "stakeholders",
                ),
            ],
            overdue,
            ATTENDED,
        ),
    ]
