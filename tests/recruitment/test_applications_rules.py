"""The rules of rounds and decisions on applications: plain functions, no database."""

from __future__ import annotations

from datetime import date

import pytest

from recruitment.models import ApplicationStatus as A
from recruitment.models import DecisionReason as R
from recruitment.rules_applications import (
    MOVES,
    REASONS,
    criteria_from_text,
    decision_problems,
    is_live,
    moves_from,
    round_problems,
    round_state,
    unmet_criteria,
)

CRITERIA = ["A good listener", "No adjudications in 3 months"]
ALL_MET = dict.fromkeys(CRITERIA, True)


def decide(
    to: str, *, frm: str = A.APPLIED, met: dict[str, bool] | None = None, **kw: str
) -> dict[str, str]:
    return decision_problems(
        from_status=frm,
        to_status=to,
        criteria=CRITERIA,
        criteria_met=ALL_MET if met is None else met,
        reason=kw.get("reason", R.MEETS_CRITERIA),
        note=kw.get("note", ""),
    )


def test_an_application_moves_applied_shortlisted_assessed_then_approved_or_declined() -> None:
    assert moves_from(A.APPLIED) == (A.SHORTLISTED, A.DECLINED, A.WITHDRAWN)
    assert moves_from(A.SHORTLISTED) == (A.ASSESSED, A.DECLINED, A.WITHDRAWN)
    assert moves_from(A.ASSESSED) == (A.APPROVED, A.DECLINED, A.WITHDRAWN)


def test_an_approved_applicant_waiting_for_a_place_can_only_withdraw() -> None:
    assert moves_from(A.APPROVED) == (A.WITHDRAWN,)


@pytest.mark.parametrize("status", [A.DECLINED, A.WITHDRAWN, A.PLACED])
def test_a_finished_application_has_no_more_decisions(status: str) -> None:
    assert moves_from(status) == ()
    assert not is_live(status)
    assert "no more decisions" in decide(A.SHORTLISTED, frm=status)["decision"]


def test_withdrawal_is_possible_at_every_live_stage() -> None:
    assert all(A.WITHDRAWN in moves for moves in MOVES.values())


def test_the_live_statuses_are_the_ones_the_database_keeps_unique() -> None:
    from recruitment.models import LIVE_APPLICATION

    assert set(MOVES) == set(LIVE_APPLICATION)


def test_an_application_cannot_skip_the_assessment() -> None:
    assert decide(A.APPROVED) == {"decision": "Select a decision from the list"}


def test_shortlisting_with_every_criterion_met_and_a_reason_is_accepted() -> None:
    assert decide(A.SHORTLISTED) == {}


def test_every_criterion_must_be_judged_before_a_decision() -> None:
    problems = decide(A.SHORTLISTED, met={"A good listener": True})
    assert problems == {
        "criteria": "Select whether the applicant meets “No adjudications in 3 months”"
    }


def test_nobody_goes_forward_on_a_criterion_they_do_not_meet() -> None:
    problems = decide(A.SHORTLISTED, met={**ALL_MET, "A good listener": False})
    assert "does not meet “A good listener”" in problems["criteria"]


def test_declining_for_unmet_criteria_needs_one_marked_not_met() -> None:
    problems = decide(A.DECLINED, reason=R.CRITERIA_NOT_MET)
    assert problems == {"reason": "Say which criteria are not met, or choose another reason"}
    assert decide(A.DECLINED, reason=R.CRITERIA_NOT_MET, met={**ALL_MET, CRITERIA[1]: False}) == {}


def test_a_reason_must_fit_the_decision() -> None:
    assert decide(A.DECLINED, reason=R.MEETS_CRITERIA) == {
        "reason": "Select a reason that fits the decision"
    }
    assert decide(A.SHORTLISTED, reason=R.NO_PLACES)["reason"]
    assert set(REASONS) == {A.SHORTLISTED, A.ASSESSED, A.APPROVED, A.DECLINED, A.WITHDRAWN}


def test_another_reason_must_be_explained() -> None:
    assert decide(A.DECLINED, reason=R.OTHER) == {"note": "Explain the reason"}
    assert decide(A.DECLINED, reason=R.OTHER, note="Moved to another wing's scheme") == {}


def test_a_withdrawal_need_not_judge_the_criteria() -> None:
    assert decide(A.WITHDRAWN, met={}, reason=R.APPLICANT_WITHDREW) == {}


def test_an_application_outside_a_round_has_no_criteria_to_judge() -> None:
    assert (
        decision_problems(
            from_status=A.APPLIED,
            to_status=A.SHORTLISTED,
            criteria=[],
            criteria_met={},
            reason=R.MEETS_CRITERIA,
            note="",
        )
        == {}
    )


def test_a_round_closes_on_or_after_it_opens_and_has_a_criterion() -> None:
    ok = round_problems(opens_on=date(2027, 1, 1), closes_on=date(2027, 1, 1), criteria=["x"])
    assert ok == {}
    problems = round_problems(opens_on=date(2027, 1, 2), closes_on=date(2027, 1, 1), criteria=[])
    assert problems == {
        "closes_on": "The closing date must be the same as or after the opening date",
        "selection_criteria": "Enter at least one selection criterion",
    }


def test_a_round_refuses_too_many_long_or_repeated_criteria() -> None:
    assert (
        "12 selection criteria or fewer"
        in round_problems(opens_on=None, closes_on=None, criteria=[str(n) for n in range(13)])[
            "selection_criteria"
        ]
    )
    assert (
        "200 characters or fewer"
        in round_problems(opens_on=None, closes_on=None, criteria=["x" * 201])["selection_criteria"]
    )
    assert round_problems(opens_on=None, closes_on=None, criteria=["a", "a"]) == {
        "selection_criteria": "Enter each selection criterion once"
    }


def test_criteria_are_one_to_a_line_without_blank_lines() -> None:
    assert criteria_from_text("  Listens well \n\n  Calm \r\n") == ["Listens well", "Calm"]


def test_a_round_is_not_open_yet_open_or_closed() -> None:
    opens, closes = date(2027, 3, 1), date(2027, 3, 31)
    assert round_state(opens, closes, date(2027, 2, 28)) == "Not open yet"
    assert round_state(opens, closes, date(2027, 3, 31)) == "Open"
    assert round_state(opens, closes, date(2027, 4, 1)) == "Closed"


def test_unmet_criteria_are_listed_in_order() -> None:
    assert unmet_criteria({"a": True, "b": False, "c": False}) == ["b", "c"]
