"""Building blocks for the permission matrix's rows (tests/test_permission_matrix.py).

A row says, for each persona, the expected status of a GET and of a POST. Each
feature keeps its rows in its own module (matrix_planning, matrix_maintenance), which
the matrix test merges, so a new URL pattern without a row fails the test. The same
modules keep each URL pattern's valid POST bodies and what they change, state by state
(``Write``, below).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from planning.models import PlanApproval
from schemes.models import SchemeStatus
from schemes.services.access import CLOSED_MESSAGE

PERSONAS = ("anonymous", "coordinator", "staff", "governor", "analyst", "outsider", "admin")

Cell = int | frozenset[int]
Row = dict[str, tuple[Cell, Cell]]  # persona -> (GET status, POST status)


def row(
    *,
    anonymous: tuple[Cell, Cell],
    coordinator: tuple[Cell, Cell],
    staff: tuple[Cell, Cell],
    governor: tuple[Cell, Cell],
    analyst: tuple[Cell, Cell],
    outsider: tuple[Cell, Cell],
    admin: tuple[Cell, Cell],
) -> Row:
    return {
        "anonymous": anonymous,
        "coordinator": coordinator,
        "staff": staff,
        "governor": governor,
        "analyst": analyst,
        "outsider": outsider,
        "admin": admin,
    }


def everyone(get: Cell, post: Cell) -> Row:
    return dict.fromkeys(PERSONAS, (get, post))


def signed_in(get: Cell, post: Cell, *, anonymous: tuple[Cell, Cell] = (302, 302)) -> Row:
    cells = everyone(get, post)
    cells["anonymous"] = anonymous
    return cells


def coordinator_only(get: Cell = 200, post: Cell = 200) -> Row:
    """A page that changes a scheme at HMP Leeds: its coordinator only.

    Staff, governors and the analyst may see the scheme but not change it (403); the
    outsider and the admin cannot see it at all (404).
    """
    return row(
        anonymous=(302, 302),
        coordinator=(get, post),
        staff=(403, 403),
        governor=(403, 403),
        analyst=(403, 403),
        outsider=(404, 404),
        admin=(404, 404),
    )


def viewers(get: Cell = 200, post: Cell = 405, *, analyst: tuple[Cell, Cell] | None = None) -> Row:
    """A read-only page of a scheme at HMP Leeds: everyone who may see the scheme."""
    return row(
        anonymous=(302, 302),
        coordinator=(get, post),
        staff=(get, post),
        governor=(get, post),
        analyst=analyst or (get, post),
        outsider=(404, post if post == 405 else 404),
        admin=(404, post if post == 405 else 404),
    )


# --- the state matrix: valid POSTs, and what they change in each state ----------------
#
# tests/test_permission_matrix.py also sends every URL pattern a VALID POST body, as
# every persona, on a scheme in each state below, and checks the database afterwards:
# a permitted cell makes its change, a refused one changes nothing. Each feature keeps
# its Writes (one or more per URL pattern) beside its rows.


@dataclass(frozen=True)
class State:
    """Where the scheme is in its lifecycle, and where its plan is in approval."""

    status: str
    plan: str

    def __str__(self) -> str:
        return f"{self.status}-scheme-{self.plan}-plan"


# The states that change the answers, as a scheme really reaches them (built through
# the services by tests.factories.scheme_in_state). A closed scheme with a draft plan is
# one closed in planning: the only closed state whose plan forms are still open, so the
# closed check itself (not the locked plan) has to refuse.
STATES = [
    State(SchemeStatus.PLANNING, PlanApproval.DRAFT),
    State(SchemeStatus.PLANNING, PlanApproval.SUBMITTED),
    State(SchemeStatus.RECRUITING, PlanApproval.APPROVED),
    State(SchemeStatus.ACTIVE, PlanApproval.APPROVED),
    State(SchemeStatus.PAUSED, PlanApproval.APPROVED),
    State(SchemeStatus.CLOSED, PlanApproval.APPROVED),
    State(SchemeStatus.CLOSED, PlanApproval.DRAFT),
]


class Outcome(NamedTuple):
    """What a POST answers and whether it changed the database.

    ``to``: where a redirect goes ("sign-in", "overview", "checklist"). ``says``: text
    the page shows (a refusal's reason).
    """

    status: int
    changes: bool = False
    to: str = ""
    says: str = ""


CHANGED = Outcome(302, changes=True)  # done, and sent on to the next page
CONFLICT = Outcome(409)  # the lifecycle move is not possible from this status
BACK_TO_CHECKLIST = Outcome(302, to="checklist")  # the plan is submitted or approved
# A closed scheme is read-only: pages that show the service's refusal on their form
# re-show it; the others go back to the overview, which shows the message.
CLOSED_SHOWN = Outcome(200, says=CLOSED_MESSAGE)
CLOSED_TO_OVERVIEW = Outcome(302, to="overview")

Ids = dict[str, Any]  # route parameters and records' ids (see test_permission_matrix)
Body = Callable[[Ids], dict[str, Any]]
Answer = Callable[[State], Outcome]  # a permitted persona's outcome in a state


def merged_ids(*parts: Ids) -> Ids:
    """The parts' ids in one dict; a key in two parts fails. The later value would fill
    the earlier part's routes with another record's id (``round_id`` once meant both a
    recruitment round and a feedback round), which SQLite can hide: in its fresh test
    database the first record of every table has id 1."""
    merged: Ids = {}
    for part in parts:
        clashes = merged.keys() & part.keys()
        assert not clashes, f"two parts name the ids {sorted(clashes)}"
        merged.update(part)
    return merged


def nothing(ids: Ids) -> dict[str, Any]:
    """The body of a button that sends no fields (submit the plan, remove a record)."""
    return {}


def always(outcome: Outcome) -> Answer:
    return lambda state: outcome


@dataclass(frozen=True)
class Write:
    """A valid POST to one URL pattern and what it does.

    ``permitted``: the personas who may make it, each with their outcome by state; every
    other persona is refused as ``refusals`` says (by default the permission matrix's
    row for the route: a valid body is refused exactly as an empty one) and changes
    nothing. ``changes``: the tables ("app_label.Model") an accepted POST changes, and
    no others. ``params``: route parameters that are not records' ids. ``name``: what
    tells two Writes to the same page apart (approve, return).
    """

    body: Body = nothing
    permitted: dict[str, Answer] = field(default_factory=dict)
    changes: frozenset[str] = frozenset()
    params: dict[str, str] = field(default_factory=dict)
    refusals: Row | None = None
    name: str = ""


# A page that answers GET only: nothing to post; every POST is refused.
READ_ONLY = [Write()]


def date_parts(name: str, value: date) -> dict[str, str]:
    """A GOV.UK date input's three fields (GovukDateField): day, month, year."""
    return {
        f"{name}_0": str(value.day),
        f"{name}_1": str(value.month),
        f"{name}_2": str(value.year),
    }


def unless_closed(closed: Outcome) -> Answer:
    """A change to the scheme's own records, made in any state but closed, where the
    page refuses as ``closed``."""
    return lambda state: closed if state.status == SchemeStatus.CLOSED else CHANGED
