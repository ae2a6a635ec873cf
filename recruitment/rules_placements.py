"""The rules of suitability sign-offs and placements: plain functions, no database.

The guidance, phase 2: "Recruit transparently; consider individual suitability" and
"Grow the scheme steadily: consider a probationary period". A placement starts only
when every party the scheme names has cleared the applicant (or a governor overrode a
refusal), and moves in training → on probation → active ⇄ suspended → left.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from .models import CheckOutcome, PlacementStatus

P = PlacementStatus

# The moves a placement can make on the move page, from each status. Probation ends
# only with a recorded review (confirm, extend or end), so "on probation → active" is
# not here: the probation review page makes it. Anyone can leave from any open status.
ALLOWED_MOVES: dict[str, tuple[str, ...]] = {
    P.IN_TRAINING: (P.PROBATION, P.LEFT),
    P.PROBATION: (P.LEFT,),
    P.ACTIVE: (P.SUSPENDED, P.LEFT),
    P.SUSPENDED: (P.ACTIVE, P.LEFT),
    P.LEFT: (),
}

# Placements that count as peer supporters at work (the gate and the forecast).
WORKING = (P.ACTIVE, P.PROBATION)

DEFAULT_PROBATION_WEEKS = 8
DEFAULT_TRAINING_WEEKS = 4


def moves_from(status: str) -> tuple[str, ...]:
    """Where a placement in ``status`` can move on the move page (none once left)."""
    return ALLOWED_MOVES.get(status, ())


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in moves_from(from_status)


def check_clears(outcome: str, overridden: bool) -> bool:
    """Whether a party's check lets a placement start: cleared, cleared with
    conditions, or not cleared but overridden by a governor."""
    return outcome != CheckOutcome.NOT_CLEARED or overridden


@dataclass(frozen=True)
class CheckState:
    """A party's check as the rules need it."""

    outcome: str
    overridden: bool


def missing_parties(
    required: Iterable[tuple[int, str]], checks: Mapping[int, CheckState]
) -> list[str]:
    """The names of the required parties (id, name) that have not cleared the
    applicant: no check yet, or not cleared and not overridden. Empty: the placement
    may start."""
    return [
        name
        for party_id, name in required
        if party_id not in checks
        or not check_clears(checks[party_id].outcome, checks[party_id].overridden)
    ]


def missing_message(names: list[str]) -> str:
    """ "A placement can start only when every party has cleared: Security has not"."""
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    verb = "has" if len(names) == 1 else "have"
    return (
        "A placement can start only when every party has cleared the applicant: "
        f"{listed} {verb} not cleared them yet"
    )


def training_ends(started_on: date, training_weeks: int) -> date:
    return started_on + timedelta(weeks=training_weeks)


def probation_ends(probation_started_on: date, probation_weeks: int) -> date:
    return probation_started_on + timedelta(weeks=probation_weeks)
