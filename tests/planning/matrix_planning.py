"""Permission matrix rows for the planning pages (merged by tests/test_permission_matrix.py).

The matrix's scheme is in planning with an empty draft plan, so: the coordinator's
task and record forms answer 200 (an empty POST is an unbound form shown again); the
check page refuses to submit an incomplete plan with an error (200); the confirmation
page sends them back to the checklist (302) because nothing was submitted; removing a
record is a POST that redirects (302). The governor's decision page shows the plan
and, on an empty POST, the error "Select whether to approve the plan or return it"
(200). Pages that list stakeholders name people: the analyst gets 403 there.
"""

from __future__ import annotations

from tests.schemes.matrix_rows import Row, coordinator_only, row, viewers

# Pages that only answer GET: method checks come before the access check, so every
# signed-in persona's POST is a 405.
GET_ONLY = 405

PLANNING_ROWS: dict[str, Row] = {
    # The checklist shows statuses only, no names: everyone who may see the scheme.
    "schemes/<int:pk>/planning/": viewers(),
    "schemes/<int:pk>/planning/check/": coordinator_only(200, 200),
    "schemes/<int:pk>/planning/submitted/": row(
        anonymous=(302, 302),
        coordinator=(302, GET_ONLY),
        staff=(403, GET_ONLY),
        governor=(403, GET_ONLY),
        analyst=(403, GET_ONLY),
        outsider=(404, GET_ONLY),
        admin=(404, GET_ONLY),
    ),
    "schemes/<int:pk>/planning/decision/": row(
        anonymous=(302, 302),
        coordinator=(403, 403),
        staff=(403, 403),
        governor=(200, 200),
        analyst=(403, 403),
        outsider=(404, 404),
        admin=(404, 404),
    ),
    "schemes/<int:pk>/planning/<slug:task>/": coordinator_only(200, 200),
    "schemes/<int:pk>/planning/resources/add/": coordinator_only(200, 200),
    "schemes/<int:pk>/planning/resources/<int:resource_id>/": coordinator_only(200, 200),
    "schemes/<int:pk>/planning/resources/<int:resource_id>/remove/": coordinator_only(200, 302),
    "schemes/<int:pk>/planning/stakeholders/add/": coordinator_only(200, 200),
    "schemes/<int:pk>/planning/stakeholders/<int:stakeholder_id>/": coordinator_only(200, 200),
    "schemes/<int:pk>/planning/stakeholders/<int:stakeholder_id>/remove/": coordinator_only(
        200, 302
    ),
    "schemes/<int:pk>/planning/objectives/add/": coordinator_only(200, 200),
    "schemes/<int:pk>/planning/objectives/<int:objective_id>/": coordinator_only(200, 200),
    "schemes/<int:pk>/planning/objectives/<int:objective_id>/remove/": coordinator_only(200, 302),
    # Names stakeholders: not for the analyst.
    "schemes/<int:pk>/plan/print/": viewers(analyst=(403, GET_ONLY)),
    # Only governors approve plans; everyone else is refused, whatever their prison.
    "plans/awaiting-approval/": row(
        anonymous=(302, 302),
        coordinator=(403, GET_ONLY),
        staff=(403, GET_ONLY),
        governor=(200, GET_ONLY),
        analyst=(403, GET_ONLY),
        outsider=(403, GET_ONLY),
        admin=(403, GET_ONLY),
    ),
}
