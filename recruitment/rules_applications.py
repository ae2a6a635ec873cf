"""The rules of recruitment rounds and applications: plain functions, no database.

An application moves applied → shortlisted → assessed → approved (waiting for a place)
or declined; the applicant may withdraw at any live stage. Every decision says, for each
of the round's selection criteria, whether it is met, and gives a coded reason
(``DecisionReason``), so the decision is transparent and the letter can explain it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from .models import ApplicationStatus, DecisionReason

A = ApplicationStatus
R = DecisionReason

# from -> the statuses a decision can move an application to, in the order offered.
# (Approved -> placed is the placement's move, not a decision on this page.)
MOVES: dict[str, tuple[str, ...]] = {
    A.APPLIED: (A.SHORTLISTED, A.DECLINED, A.WITHDRAWN),
    A.SHORTLISTED: (A.ASSESSED, A.DECLINED, A.WITHDRAWN),
    A.ASSESSED: (A.APPROVED, A.DECLINED, A.WITHDRAWN),
    A.APPROVED: (A.WITHDRAWN,),
}

# The coded reasons that fit each move.
REASONS: dict[str, tuple[str, ...]] = {
    A.SHORTLISTED: (R.MEETS_CRITERIA, R.OTHER),
    A.ASSESSED: (R.MEETS_CRITERIA, R.OTHER),
    A.APPROVED: (R.MEETS_CRITERIA, R.OTHER),
    A.DECLINED: (
        R.CRITERIA_NOT_MET,
        R.NOT_CLEARED,
        R.RELEASE_TOO_SOON,
        R.NO_PLACES,
        R.LEFT_PRISON,
        R.OTHER,
    ),
    A.WITHDRAWN: (R.APPLICANT_WITHDREW, R.LEFT_PRISON, R.OTHER),
}

# How the decision page words each move (the radios' labels).
MOVE_LABELS: dict[str, str] = {
    A.SHORTLISTED: "Shortlist",
    A.ASSESSED: "Mark as assessed",
    A.APPROVED: "Approve: they wait for a place",
    A.DECLINED: "Decline",
    A.WITHDRAWN: "Withdraw the application",
}

MAX_CRITERIA = 12
CRITERION_LENGTH = 200


def moves_from(status: str) -> tuple[str, ...]:
    """The statuses a decision can move an application in ``status`` to."""
    return MOVES.get(status, ())


def is_live(status: str) -> bool:
    return status in MOVES


def decision_problems(
    *,
    from_status: str,
    to_status: str,
    criteria: Sequence[str],
    criteria_met: Mapping[str, bool],
    reason: str,
    note: str,
) -> dict[str, str]:
    """Why the decision cannot be recorded, by the form field it concerns (empty: it
    can). A withdrawal need not judge the criteria; every other decision judges each of
    them."""
    problems: dict[str, str] = {}
    if to_status not in moves_from(from_status):
        if not moves_from(from_status):
            label = A(from_status).label.lower() if from_status in A.values else from_status
            problems["decision"] = f"This application is {label}: no more decisions can be made"
        else:
            problems["decision"] = "Select a decision from the list"
        return problems
    if to_status != A.WITHDRAWN:
        missing = [c for c in criteria if c not in criteria_met]
        if missing:
            problems["criteria"] = f"Select whether the applicant meets “{missing[0]}”"
    if reason not in REASONS[to_status]:
        problems["reason"] = "Select a reason that fits the decision"
    elif reason == R.OTHER and not note.strip():
        problems["note"] = "Explain the reason"
    not_met = [c for c in criteria if criteria_met.get(c) is False]
    if (
        to_status in (A.SHORTLISTED, A.ASSESSED, A.APPROVED)
        and not_met
        and "criteria" not in problems
    ):
        # Transparent selection: nobody goes forward on criteria they do not meet.
        problems["criteria"] = (
            f"The applicant does not meet “{not_met[0]}”: decline the application or "
            "change your answer"
        )
    if reason == R.CRITERIA_NOT_MET and not not_met and "criteria" not in problems:
        problems["reason"] = "Say which criteria are not met, or choose another reason"
    return problems


def round_problems(
    *, opens_on: date | None, closes_on: date | None, criteria: Sequence[str]
) -> dict[str, str]:
    """Why a recruitment round cannot be saved, by field (empty: it can)."""
    problems: dict[str, str] = {}
    if opens_on and closes_on and closes_on < opens_on:
        problems["closes_on"] = "The closing date must be the same as or after the opening date"
    if not criteria:
        problems["selection_criteria"] = "Enter at least one selection criterion"
    elif len(criteria) > MAX_CRITERIA:
        problems["selection_criteria"] = f"Enter {MAX_CRITERIA} selection criteria or fewer"
    elif any(len(c) > CRITERION_LENGTH for c in criteria):
        problems["selection_criteria"] = (
            f"Each selection criterion must be {CRITERION_LENGTH} characters or fewer"
        )
    elif len(set(criteria)) != len(criteria):
        problems["selection_criteria"] = "Enter each selection criterion once"
    return problems


def criteria_from_text(text: str) -> list[str]:
    """One criterion on each line, blank lines ignored (as RecruitmentRound.criteria)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def round_state(opens_on: date, closes_on: date, today: date) -> str:
    """ "Not open yet", "Open" or "Closed" on ``today``."""
    if today < opens_on:
        return "Not open yet"
    if today > closes_on:
        return "Closed"
    return "Open"


def unmet_criteria(criteria_met: Mapping[str, bool]) -> list[str]:
    """The criteria a decision recorded as not met, in the order recorded."""
    return [criterion for criterion, met in criteria_met.items() if met is False]
