"""Permission matrix rows for the maintenance pages (merged by tests/test_permission_matrix.py).

The matrix's scheme is "Listeners" at HMP Leeds, in planning; review_id and action_id
are its review meeting and its action (owned by the coordinator); to_status is "paused".
"""

from __future__ import annotations

from tests.schemes.matrix_rows import Row, coordinator_only, row, viewers

MAINTENANCE_ROWS: dict[str, Row] = {
    # Everyone who may see the scheme; the analyst sees counts, not people.
    "schemes/<int:pk>/maintenance/": viewers(200, 405),
    # An empty POST re-shows the form with its errors.
    "schemes/<int:pk>/maintenance/reviews/new/": coordinator_only(200, 200),
    # A meeting names who attended: not for the analyst.
    "schemes/<int:pk>/maintenance/reviews/<int:review_id>/": viewers(200, 405, analyst=(403, 405)),
    # Correcting a meeting: an empty POST re-shows the form with its errors.
    "schemes/<int:pk>/maintenance/reviews/<int:review_id>/change/": coordinator_only(200, 200),
    # An action decided at the meeting: an empty POST re-shows the form with its errors.
    "schemes/<int:pk>/maintenance/reviews/<int:review_id>/actions/new/": coordinator_only(200, 200),
    "schemes/<int:pk>/actions/new/": coordinator_only(200, 200),
    "schemes/<int:pk>/actions/<int:action_id>/": coordinator_only(200, 200),
    # Everyone who may see the scheme; names only for those who may see people.
    "schemes/<int:pk>/history/": viewers(200, 405),
    # Pausing needs Action.CHANGE: others get 403 whatever the scheme's status. A
    # scheme in planning cannot be paused: the confirmation page is a 404, and a POST
    # (from a page opened before somebody changed the status) a 409 saying so.
    "schemes/<int:pk>/status/<slug:to_status>/": coordinator_only(404, 409),
    # Actions name their owners: not for the analyst. The outsider sees Bristol's
    # (none); the admin, with no prison, an empty list.
    "actions/": row(
        anonymous=(302, 302),
        coordinator=(200, 405),
        staff=(200, 405),
        governor=(200, 405),
        analyst=(403, 405),
        outsider=(200, 405),
        admin=(200, 405),
    ),
}
