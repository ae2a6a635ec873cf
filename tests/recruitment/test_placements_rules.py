"""The plain rules of placements: the moves table and who has not cleared an applicant."""

from __future__ import annotations

from datetime import date

import pytest

from recruitment.models import PlacementStatus as P
from recruitment.rules_placements import (
    ALLOWED_MOVES,
    CheckState,
    can_move,
    check_clears,
    missing_message,
    missing_parties,
    moves_from,
    probation_ends,
    training_ends,
)


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        (P.IN_TRAINING, P.PROBATION),
        (P.IN_TRAINING, P.LEFT),
        (P.PROBATION, P.LEFT),
        (P.ACTIVE, P.SUSPENDED),
        (P.ACTIVE, P.LEFT),
        (P.SUSPENDED, P.ACTIVE),
        (P.SUSPENDED, P.LEFT),
    ],
)
def test_a_placement_moves_along_the_guidances_path(from_status: str, to_status: str) -> None:
    assert can_move(from_status, to_status)


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        # Probation ends only with a recorded review.
        (P.PROBATION, P.ACTIVE),
        # Training is followed by probation, never straight to active.
        (P.IN_TRAINING, P.ACTIVE),
        (P.ACTIVE, P.PROBATION),
        (P.SUSPENDED, P.IN_TRAINING),
        (P.LEFT, P.ACTIVE),
        (P.ACTIVE, P.ACTIVE),
        (P.ACTIVE, "nonsense"),
    ],
)
def test_a_placement_cannot_skip_a_step_or_come_back_after_leaving(
    from_status: str, to_status: str
) -> None:
    assert not can_move(from_status, to_status)


def test_every_status_has_a_row_and_every_open_one_can_leave() -> None:
    assert set(ALLOWED_MOVES) == set(P.values)
    assert moves_from(P.LEFT) == ()
    assert all(P.LEFT in moves_from(status) for status in P.values if status != P.LEFT)
    assert moves_from("nonsense") == ()


def test_a_refusal_clears_only_when_a_governor_overrode_it() -> None:
    assert check_clears("cleared", False)
    assert check_clears("conditions", False)
    assert not check_clears("not_cleared", False)
    assert check_clears("not_cleared", True)


def test_missing_parties_names_those_without_a_check_or_with_a_refusal() -> None:
    required = [(1, "Security"), (2, "Safer custody"), (3, "Samaritans"), (4, "Chaplaincy")]
    checks = {
        1: CheckState("cleared", False),
        2: CheckState("not_cleared", False),
        3: CheckState("not_cleared", True),
    }
    assert missing_parties(required, checks) == ["Safer custody", "Chaplaincy"]
    assert missing_parties([], {}) == []


def test_the_refusal_message_names_every_missing_party() -> None:
    assert missing_message(["Security"]).endswith("Security has not cleared them yet")
    assert missing_message(["Security", "Safer custody", "Samaritans"]).endswith(
        "Security, Safer custody and Samaritans have not cleared them yet"
    )


def test_training_and_probation_end_after_the_schemes_number_of_weeks() -> None:
    assert training_ends(date(2027, 1, 4), 4) == date(2027, 2, 1)
    assert probation_ends(date(2027, 2, 1), 8) == date(2027, 3, 29)
