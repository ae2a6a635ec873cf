"""Permission matrix rows for the planning pages (merged by tests/test_permission_matrix.py)."""

from __future__ import annotations

from tests.schemes.matrix_rows import Row

PLANNING_ROWS: dict[str, Row] = {}
