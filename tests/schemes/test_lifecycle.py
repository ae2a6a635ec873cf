"""The lifecycle state machine: every allowed and every refused move."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import ValidationError

from accounts.access import Permission
from accounts.models import User
from planning.models import PlanApproval
from schemes import lifecycle
from schemes.models import Scheme, SchemeStatus, SchemeTransition
from schemes.services.lifecycle import scheme_transition
from tests.factories import complete_plan

S = SchemeStatus
ALL_MOVES = [(a, b) for a, b in itertools.product(S.values, S.values) if a != b]


def problems(frm: str, to: str, *, allowed: set[Permission], reason: str = "why") -> list[str]:
    return lifecycle.transition_problems(
        from_status=frm,
        to_status=to,
        may=lambda action: action in allowed,
        reason=reason,
    )


@pytest.mark.parametrize(("frm", "to"), ALL_MOVES)
def test_only_the_moves_in_the_table_exist(frm: str, to: str) -> None:
    every_permission = set(Permission)
    allowed = problems(frm, to, allowed=every_permission) == []
    assert allowed == ((frm, to) in lifecycle.TRANSITIONS)


@pytest.mark.parametrize(("move", "permission"), lifecycle.TRANSITIONS.items())
def test_each_move_needs_its_permission(move: tuple[str, str], permission: Permission) -> None:
    others = set(Permission) - {permission}
    assert "You do not have permission to do that" in problems(*move, allowed=others)
    assert problems(*move, allowed={permission}) == []


@pytest.mark.parametrize("move", sorted(lifecycle.REASON_REQUIRED))
def test_pausing_and_closing_need_a_reason(move: tuple[str, str]) -> None:
    permission = lifecycle.TRANSITIONS[move]
    assert problems(*move, allowed={permission}, reason="  ") == ["Give a reason"]


def test_moves_from_each_status() -> None:
    assert lifecycle.moves_from(S.ACTIVE) == [S.PAUSED, S.CLOSED]
    assert lifecycle.moves_from(S.CLOSED) == []


class TestTransitionService:
    def test_a_coordinator_pauses_an_active_scheme_and_the_move_is_recorded(
        self, scheme: Scheme, coordinator: User
    ) -> None:
        Scheme.objects.filter(pk=scheme.pk).update(status=S.ACTIVE)
        move = scheme_transition(
            scheme=scheme, to_status=S.PAUSED, by=coordinator, reason="Staff shortage"
        )
        assert scheme.status == S.PAUSED
        assert scheme.version == 2
        assert (move.from_status, move.to_status, move.by, move.reason) == (
            S.ACTIVE,
            S.PAUSED,
            coordinator,
            "Staff shortage",
        )

    def test_staff_cannot_move_a_scheme(self, scheme: Scheme, staff: User) -> None:
        Scheme.objects.filter(pk=scheme.pk).update(status=S.ACTIVE)
        with pytest.raises(ValidationError):
            scheme_transition(scheme=scheme, to_status=S.PAUSED, by=staff, reason="x")
        scheme.refresh_from_db()
        assert scheme.status == S.ACTIVE
        assert not SchemeTransition.objects.exists()

    def test_a_governor_of_another_prison_cannot_close_a_scheme(
        self, scheme: Scheme, outsider: User
    ) -> None:
        with pytest.raises(ValidationError):
            scheme_transition(scheme=scheme, to_status=S.CLOSED, by=outsider, reason="x")

    def test_a_governor_closes_a_scheme_with_a_reason(self, scheme: Scheme, governor: User) -> None:
        scheme_transition(scheme=scheme, to_status=S.CLOSED, by=governor, reason="Merged")
        assert scheme.status == S.CLOSED

    def test_nobody_can_skip_the_launch_gate(self, scheme: Scheme, governor: User) -> None:
        complete_plan(scheme, approval=PlanApproval.SUBMITTED)
        with pytest.raises(ValidationError, match="must approve"):
            scheme_transition(scheme=scheme, to_status=S.RECRUITING, by=governor)
        scheme.refresh_from_db()
        assert scheme.status == S.PLANNING
