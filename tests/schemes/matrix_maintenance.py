"""Permission matrix rows for the maintenance pages (merged by tests/test_permission_matrix.py)."""

from __future__ import annotations

from tests.schemes.matrix_rows import Row

MAINTENANCE_ROWS: dict[str, Row] = {}
