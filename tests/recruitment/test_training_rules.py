"""The training rules: what stands before probation, and when refreshers fall due."""

from __future__ import annotations

from datetime import date

from recruitment.rules_training import (
    ModuleFacts,
    modules_missing,
    probation_problems,
    refresher_due_on,
    refreshers_due,
)

COMMUNICATION = ModuleFacts(id=1, title="Communication", required=True, refresh_months=None)
SAMARITANS = ModuleFacts(id=2, title="Samaritans course", required=True, refresh_months=12)
OPTIONAL = ModuleFacts(id=3, title="First aid", required=False, refresh_months=None)
MODULES = [COMMUNICATION, SAMARITANS, OPTIONAL]


def test_only_required_modules_not_passed_are_missing() -> None:
    assert modules_missing(MODULES, {1: date(2026, 5, 1)}) == ["Samaritans course"]


def test_a_refresher_falls_due_a_set_number_of_months_after_the_pass() -> None:
    assert refresher_due_on(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert refresher_due_on(date(2026, 1, 31), None) is None


def test_refreshers_due_lists_only_modules_passed_and_due_by_the_date() -> None:
    passed = {1: date(2020, 1, 1), 2: date(2025, 11, 1)}
    assert refreshers_due(MODULES, passed, date(2026, 11, 1)) == [
        ("Samaritans course", date(2026, 11, 1))
    ]
    assert refreshers_due(MODULES, passed, date(2026, 10, 31)) == []


def test_probation_waits_for_every_required_module_and_the_practice() -> None:
    problems = probation_problems(
        modules=MODULES,
        last_passed={1: date(2026, 5, 1)},
        practice_held=1,
        practice_needed=3,
        last_practice_ready=True,
    )
    assert problems == [
        "They have not passed: Samaritans course",
        "They need 2 more supervised practice sessions (1 of 3 held)",
    ]


def test_probation_waits_while_the_latest_practice_found_more_was_needed() -> None:
    problems = probation_problems(
        modules=MODULES,
        last_passed={1: date(2026, 5, 1), 2: date(2026, 5, 2)},
        practice_held=2,
        practice_needed=2,
        last_practice_ready=False,
    )
    assert problems == ["Their latest practice session found they need more practice"]


def test_nothing_stands_before_probation_when_all_is_done() -> None:
    assert (
        probation_problems(
            modules=MODULES,
            last_passed={1: date(2026, 5, 1), 2: date(2026, 5, 2)},
            practice_held=2,
            practice_needed=2,
            last_practice_ready=True,
        )
        == []
    )
