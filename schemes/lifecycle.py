"""The scheme's lifecycle: planning → recruiting → active ⇄ paused → closed.

One table says which moves exist and which permission each needs; the service
(schemes.services.lifecycle.scheme_transition) is the only code that changes a
scheme's status, and records every move.
"""

from __future__ import annotations

from collections.abc import Callable

from accounts.access import Action

from .models import SchemeStatus

S = SchemeStatus

# (from, to) -> the permission the user needs at the scheme's prison.
TRANSITIONS: dict[tuple[str, str], Action] = {
    # The launch gate: only through a governor approving a complete plan.
    (S.PLANNING, S.RECRUITING): Action.APPROVE,
    (S.RECRUITING, S.ACTIVE): Action.CHANGE,
    (S.ACTIVE, S.PAUSED): Action.CHANGE,
    (S.PAUSED, S.ACTIVE): Action.CHANGE,
    (S.PLANNING, S.CLOSED): Action.APPROVE,
    (S.RECRUITING, S.CLOSED): Action.APPROVE,
    (S.ACTIVE, S.CLOSED): Action.APPROVE,
    (S.PAUSED, S.CLOSED): Action.APPROVE,
}

# Moves that need a reason recorded with them.
REASON_REQUIRED = {(S.ACTIVE, S.PAUSED), *((s, S.CLOSED) for s in S.values if s != S.CLOSED)}

# Checks that must pass before a scheme starts running (recruiting → active). The
# recruitment phase adds its own: an emergency and contingency plan, and enough
# trained peer supporters. Each takes the scheme and returns what is missing.
ActivationCheck = Callable[[object], list[str]]
ACTIVATION_CHECKS: list[ActivationCheck] = []


def moves_from(status: str) -> list[str]:
    """The statuses a scheme in ``status`` can move to."""
    return [to for (frm, to) in TRANSITIONS if frm == status]


def transition_problems(
    *,
    from_status: str,
    to_status: str,
    may: Callable[[Action], bool],
    reason: str,
    plan_approved: bool,
    activation_problems: list[str],
) -> list[str]:
    """Why the move cannot happen (empty: it can)."""
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
    if move == (S.PLANNING, S.RECRUITING) and not plan_approved:
        problems.append("A governor must approve the complete plan before recruiting starts")
    if move == (S.RECRUITING, S.ACTIVE):
        problems += activation_problems
    return problems
