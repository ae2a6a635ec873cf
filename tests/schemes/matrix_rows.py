"""Building blocks for the permission matrix's rows (tests/test_permission_matrix.py).

A row says, for each persona, the expected status of a GET and of a POST. Each
feature keeps its rows in its own module (matrix_planning, matrix_maintenance), which
the matrix test merges, so a new URL pattern without a row fails the test.
"""

from __future__ import annotations

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
