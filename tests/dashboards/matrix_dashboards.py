"""Permission matrix rows for the dashboards and the self-assessment (merged by
tests/test_permission_matrix.py).

A prison's pages (its dashboard, its self-assessment, a scheme's self-assessment) are
for the people of the prison: coordinator, staff and governor. The outsider (HMP
Bristol) gets 404, so HMP Leeds's pages are not disclosed; the analyst, who may view
every prison but see no person, gets 403 (the dashboards name actions' owners' tasks
and schemes' people-facing evidence); the administrator, with no prison, 404. The
national pages are the analyst's only: everyone else is refused (403). Every page
answers GET only, so every signed-in POST is 405; "about scheme health" is public.
"""

from __future__ import annotations

from tests.schemes.matrix_rows import READ_ONLY, Row, Write, everyone, row, signed_in, viewers

GET_ONLY = 405

# A prison's or a scheme's page: its own people; not the analyst (403) nor outsiders (404).
PRISON_PAGE = viewers(200, GET_ONLY, analyst=(403, GET_ONLY))

NATIONAL_PAGE = row(
    anonymous=(302, 302),
    coordinator=(403, GET_ONLY),
    staff=(403, GET_ONLY),
    governor=(403, GET_ONLY),
    analyst=(200, GET_ONLY),
    outsider=(403, GET_ONLY),
    admin=(403, GET_ONLY),
)

DASHBOARDS_ROWS: dict[str, Row] = {
    # Sends each user to their dashboard: the outsider to Bristol's, the analyst to the
    # national one; the administrator has none.
    "dashboard/": {**signed_in(302, GET_ONLY), "admin": (403, GET_ONLY)},
    "dashboard/prisons/<int:prison_id>/": PRISON_PAGE,
    "dashboard/prisons/<int:prison_id>/self-assessment/": PRISON_PAGE,
    "dashboard/national/": NATIONAL_PAGE,
    # Without ?table= there is no table to download: 404, after the access check.
    "dashboard/national/download/": {**NATIONAL_PAGE, "analyst": (404, GET_ONLY)},
    "dashboard/scheme-health/": everyone(200, GET_ONLY),
    "schemes/<int:pk>/self-assessment/": PRISON_PAGE,
}

DASHBOARDS_WRITES: dict[str, list[Write]] = dict.fromkeys(DASHBOARDS_ROWS, READ_ONLY)
