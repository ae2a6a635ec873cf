"""The scheme's lifecycle: planning → recruiting → active ⇄ paused → closed.

One table says which moves exist and which permission each needs; the phases add
their gates through the registry (schemes.phases). The service
(schemes.services.lifecycle.scheme_transition) is the only code that changes a
scheme's status, and records every move.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from accounts.access import Permission

from .models import SchemeStatus

S = SchemeStatus

# (from, to) -> the permission the user needs at the scheme's prison.
TRANSITIONS: dict[tuple[str, str], Permission] = {
    # The launch gate: only through a governor approving a complete plan.
    (S.PLANNING, S.RECRUITING): Permission.APPROVE,
    (S.RECRUITING, S.ACTIVE): Permission.CHANGE,
    (S.ACTIVE, S.PAUSED): Permission.CHANGE,
    (S.PAUSED, S.ACTIVE): Permission.CHANGE,
    (S.PLANNING, S.CLOSED): Permission.APPROVE,
    (S.RECRUITING, S.CLOSED): Permission.APPROVE,
    (S.ACTIVE, S.CLOSED): Permission.APPROVE,
    (S.PAUSED, S.CLOSED): Permission.APPROVE,
}

# Moves that need a reason recorded with them.
REASON_REQUIRED = {(S.ACTIVE, S.PAUSED), *((s, S.CLOSED) for s in S.values if s != S.CLOSED)}


def moves_from(status: str) -> list[str]:
    """The statuses a scheme in ``status`` can move to."""
    return [to for (frm, to) in TRANSITIONS if frm == status]


def transition_problems(
    *,
    from_status: str,
    to_status: str,
    may: Callable[[Permission], bool],
    reason: str,
) -> list[str]:
    """Why the move cannot happen by the lifecycle's own rules (empty: it can).

    The phases add their own gates through the registry (phases.gate_problems):
    planning's launch gate for planning → recruiting, recruitment's for
    recruiting → active.
    """
    move = (from_status, to_status)
    if move not in TRANSITIONS:
        return [
            f"A scheme cannot go from {S(from_status).label.lower()} "
            f"to {S(to_status).label.lower()}"
        ]
    problems: list[str] = []
    if not may(TRANSITIONS[move]):
        problems.append("You do not have permission to do that")
    if move in REASON_REQUIRED and not reason.strip():
        problems.append("Give a reason")
    return problems


@dataclass(frozen=True)
class Move:
    """A lifecycle move as the pages word it."""

    title: str  # the button and the confirmation page's heading
    verb: str  # "Why are you <verb> the scheme?"
    done: str  # the success banner
    history: str  # the history's entry


def move_wording(from_status: str, to_status: str) -> Move:
    """How the pages word each move of lifecycle.TRANSITIONS (the one place they do)."""
    S = SchemeStatus
    if to_status == S.CLOSED:
        return Move("Close the scheme", "closing", "The scheme has been closed", "Scheme closed")
    if to_status == S.PAUSED:
        return Move("Pause the scheme", "pausing", "The scheme has been paused", "Scheme paused")
    if to_status == S.RECRUITING:
        return Move(
            "Plan approved: recruiting",
            "approving",
            "The plan has been approved",
            "Recruiting started: plan approved",
        )
    if from_status == S.PAUSED:
        return Move(
            "Restart the scheme", "restarting", "The scheme has been restarted", "Scheme restarted"
        )
    return Move(
        "Start running the scheme",
        "starting",
        "The scheme is now running",
        "Scheme started running",
    )
