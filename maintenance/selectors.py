"""Reading maintenance records: when the next review is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from schemes import rules
from schemes.models import Scheme, SchemeStatus
from schemes.overview import Tag, months

from .models import ReviewMeeting
from .rules import next_review_due


@dataclass(frozen=True)
class ReviewDue:
    """When the next review meeting is due, or why none is due yet."""

    due: date | None
    tag: Tag | None
    why_none: str = ""

    @property
    def overdue(self) -> bool:
        return self.tag is not None and self.tag.text == rules.DueState.OVERDUE


def review_due(scheme: Scheme, last_review: date | None, today: date) -> ReviewDue:
    """When the next review is due: a review cadence after the last, or after launch."""
    if scheme.status == SchemeStatus.CLOSED:
        return ReviewDue(None, None, "No more reviews are due: the scheme is closed.")
    if scheme.review_cadence_months is None:
        return ReviewDue(
            None, None, "Not set yet: the plan says how often the scheme will be reviewed."
        )
    due = next_review_due(
        cadence_months=scheme.review_cadence_months,
        last_review_on=last_review,
        launched_on=scheme.launched_on,
    )
    if due is None:
        return ReviewDue(
            None,
            None,
            f"The first review is due {months(scheme.review_cadence_months)} after a "
            "governor approves the plan.",
        )
    state = rules.due_state(due, today)
    assert state is not None
    return ReviewDue(due, Tag(str(state), rules.DUE_STATE_TAG_COLOURS[state]))


def saved_review_rows(review: ReviewMeeting) -> list[tuple[str, str]]:
    """A review meeting as saved, as (label, value) rows: what the page that says
    somebody else changed the meeting shows beside what the user typed.

    Give it the meeting as read from the database, before a form validates against
    it: a ModelForm's validation writes the typed answers onto its instance.
    """
    staff = ", ".join(str(person) for person in review.staff_attendees.all())
    stakeholders = ", ".join(
        f"{s.name} ({s.get_kind_display().lower()})" for s in review.stakeholder_attendees.all()
    )
    not_discussed = "Not discussed"
    return [
        ("Date of the meeting", f"{review.held_on:%-d %B %Y}"),
        ("Staff", staff or "None recorded"),
        ("Stakeholders", stakeholders or "None recorded"),
        ("Number of peer supporters who attended", str(review.peer_supporters_attending)),
        ("Their roles", review.peer_supporter_roles or "None recorded"),
        ("Communication routes", review.communication_routes or not_discussed),
        (
            "Training and support for peer supporters and staff",
            review.training_and_support or not_discussed,
        ),
        ("Future recruitment", review.future_recruitment or not_discussed),
        ("Resources and need", review.resources_and_need or not_discussed),
        (
            "Involving staff, peer supporters and stakeholders",
            review.involvement or not_discussed,
        ),
        ("Decisions", review.decisions),
    ]
