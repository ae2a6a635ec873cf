"""Permission matrix rows for the maintenance pages (merged by tests/test_permission_matrix.py).

The matrix's scheme is "Listeners" at HMP Leeds, in planning; review_id and action_id
are its review meeting and its action (owned by the coordinator); to_status is "paused".

MAINTENANCE_WRITES: each page's valid POST and what it changes, state by state (see
tests/schemes/matrix_rows.py, Write).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from maintenance.models import ReviewMeeting
from schemes.models import Action, SchemeStatus
from tests.schemes.matrix_rows import (
    CHANGED,
    CLOSED_SHOWN,
    CONFLICT,
    READ_ONLY,
    Answer,
    Ids,
    Row,
    Write,
    coordinator_only,
    date_parts,
    row,
    signed_in,
    unless_closed,
    viewers,
)

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


# --- valid POSTs and what they change (the state matrix) --------------------------------

S = SchemeStatus
# The statuses each page of the lifecycle moves from (the guidance's lifecycle, written
# out here rather than read from schemes.lifecycle, so the test says it independently).
MOVES_FROM: dict[str, set[str]] = {
    S.ACTIVE: {S.RECRUITING, S.PAUSED},
    S.PAUSED: {S.ACTIVE},
    S.CLOSED: {S.PLANNING, S.RECRUITING, S.ACTIVE, S.PAUSED},
}


def move_to(to_status: str) -> Answer:
    """A lifecycle move: made from the statuses that allow it; from any other, the page
    (opened before somebody changed the status) says it cannot, with 409."""
    return lambda state: CHANGED if state.status in MOVES_FROM[to_status] else CONFLICT


def move_body(ids: Ids) -> dict[str, Any]:
    return {"reason": "Agreed at the review meeting"}


def action_body(ids: Ids) -> dict[str, Any]:
    return {
        "description": "Book the chapel for the Listener training",
        "owner": f"person-{ids['staff']}",
        **date_parts("due_date", timezone.localdate() + timedelta(days=21)),
    }


def action_change_body(ids: Ids) -> dict[str, Any]:
    version = Action.objects.values_list("version", flat=True).get(pk=ids["action_id"])
    return {**action_body(ids), "status": "done", "version": version}


def review_body(ids: Ids) -> dict[str, Any]:
    return {
        # Today: never in the future, nor before the scheme (made today) existed.
        **date_parts("held_on", timezone.localdate()),
        "staff_attendees": [ids["coordinator"], ids["staff"]],
        "stakeholder_attendees": [ids["stakeholder_id"]],
        "peer_supporters_attending": "3",
        "peer_supporter_roles": "3 Listeners",
        "communication_routes": "The Listener hotline works; wing notices are out of date.",
        "training_and_support": "Two Listeners need refresher training.",
        "future_recruitment": "Two Listeners are released in March.",
        "resources_and_need": "The suite is booked for visits on Tuesdays.",
        "involvement": "Wing staff asked for a monthly briefing.",
        "decisions": "Recruit two more Listeners; move the Tuesday sessions.",
    }


def review_change_body(ids: Ids) -> dict[str, Any]:
    version = ReviewMeeting.objects.values_list("version", flat=True).get(pk=ids["review_id"])
    return {**review_body(ids), "version": version}


ACTION = "schemes.Action"
REVIEW_TABLES = frozenset(
    model._meta.label
    for model in (
        ReviewMeeting,
        ReviewMeeting.staff_attendees.through,
        ReviewMeeting.stakeholder_attendees.through,
    )
)

MAINTENANCE_WRITES: dict[str, list[Write]] = {
    "schemes/<int:pk>/maintenance/": READ_ONLY,
    "schemes/<int:pk>/maintenance/reviews/new/": [
        Write(
            body=review_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=REVIEW_TABLES,
        )
    ],
    "schemes/<int:pk>/maintenance/reviews/<int:review_id>/": READ_ONLY,
    "schemes/<int:pk>/maintenance/reviews/<int:review_id>/change/": [
        Write(
            body=review_change_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=REVIEW_TABLES,
        )
    ],
    "schemes/<int:pk>/maintenance/reviews/<int:review_id>/actions/new/": [
        Write(
            body=action_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=frozenset({ACTION, "maintenance.ReviewAction"}),
        )
    ],
    "schemes/<int:pk>/actions/new/": [
        Write(
            body=action_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=frozenset({ACTION}),
        )
    ],
    "schemes/<int:pk>/actions/<int:action_id>/": [
        Write(
            body=action_change_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=frozenset({ACTION}),
        )
    ],
    "schemes/<int:pk>/history/": READ_ONLY,
    "schemes/<int:pk>/status/<slug:to_status>/": [
        # Starting, pausing and restarting: the coordinator.
        *(
            Write(
                body=move_body,
                permitted={"coordinator": move_to(to_status)},
                changes=frozenset({"schemes.Scheme", "schemes.SchemeTransition"}),
                params={"to_status": to_status},
            )
            for to_status in (S.ACTIVE, S.PAUSED)
        ),
        # Closing: a governor.
        Write(
            body=move_body,
            permitted={"governor": move_to(S.CLOSED)},
            changes=frozenset({"schemes.Scheme", "schemes.SchemeTransition"}),
            params={"to_status": S.CLOSED},
            refusals=row(
                anonymous=(302, 302),
                coordinator=(403, 403),
                staff=(403, 403),
                governor=(200, 200),
                analyst=(403, 403),
                outsider=(404, 404),
                admin=(404, 404),
            ),
        ),
        # Recruiting starts only when a governor approves the plan: no page moves to it.
        Write(body=move_body, params={"to_status": S.RECRUITING}, refusals=signed_in(404, 404)),
    ],
    "actions/": READ_ONLY,
}
