"""Things that happened which somebody else should hear about (event notices).

The phase that makes a thing happen sends ``happened`` with a small ``Happening``;
reminders receives it and tells the people concerned (the prison's governors when a
plan is submitted, the coordinator when it is returned or approved, an action's owner
when it is assigned). Sent inside the service's transaction: a receiver that does
something outside the database must wait for the commit (``transaction.on_commit``).
``schemes`` defines the signal so that the sender and the receiver need not import
each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.dispatch import Signal

# The kinds of happening, as ``Happening.kind``.
PLAN_SUBMITTED = "plan-submitted"
PLAN_RETURNED = "plan-returned"
PLAN_APPROVED = "plan-approved"
ACTION_ASSIGNED = "action-assigned"
ACTION_CHANGED = "action-changed"


@dataclass(frozen=True)
class Happening:
    """What happened (one of the kinds above), to which record of which scheme, by whom.

    ``record_id`` is the plan's id for the plan's kinds, the action's for an action's.
    """

    kind: str
    record_id: int
    scheme_id: int
    by_id: int


# Sent with ``happening=Happening(...)``.
happened = Signal()


def announce(kind: str, *, record_id: int, scheme_id: int, by_id: int) -> None:
    """Send ``happened``: one line at the service that makes the thing happen."""
    happened.send(
        sender=Happening,
        happening=Happening(kind=kind, record_id=record_id, scheme_id=scheme_id, by_id=by_id),
    )
