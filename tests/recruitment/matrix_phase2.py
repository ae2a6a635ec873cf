"""Permission matrix rows for recruitment's own pages (merged by
tests/test_permission_matrix.py): the recruitment page, the turnover forecast, and the
emergency and contingency plans.

The matrix's scheme is "Listeners" at HMP Leeds; plan_id is its contingency plan,
owned by the coordinator.

PHASE2_WRITES: each page's valid POST and what it changes, state by state (see
tests/schemes/matrix_rows.py, Write).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from recruitment.models import ContingencyPlan
from tests.schemes.matrix_rows import (
    CLOSED_SHOWN,
    READ_ONLY,
    Ids,
    Row,
    Write,
    coordinator_only,
    date_parts,
    unless_closed,
    viewers,
)

PHASE2_ROWS: dict[str, Row] = {
    # Counts only: everyone who may see the scheme, the analyst too.
    "schemes/<int:pk>/recruitment/": viewers(200, 405),
    # Counts for everyone; the waitlist's names only for those who may see people.
    "schemes/<int:pk>/recruitment/forecast/": viewers(200, 405),
    # Everyone who may see the scheme; owners' names only for those who may see people.
    "schemes/<int:pk>/recruitment/contingency/": viewers(200, 405),
    # An empty POST re-shows the form with its errors.
    "schemes/<int:pk>/recruitment/contingency/new/": coordinator_only(200, 200),
    "schemes/<int:pk>/recruitment/contingency/<int:plan_id>/change/": coordinator_only(200, 200),
}


def contingency_body(ids: Ids) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "scenario": "too_few",
        "title": "Too few Listeners on nights",
        "response": "The night orderly officer rings the Samaritans line; the coordinator "
        "asks the next round's trainees to shadow.",
        "owner": str(ids["coordinator"]),
        **date_parts("last_tested_on", today),
        **date_parts("next_review_on", today + timedelta(days=90)),
    }


def contingency_change_body(ids: Ids) -> dict[str, Any]:
    version = ContingencyPlan.objects.values_list("version", flat=True).get(pk=ids["plan_id"])
    return {**contingency_body(ids), "version": version}


PLANS = frozenset({"recruitment.ContingencyPlan"})

PHASE2_WRITES: dict[str, list[Write]] = {
    "schemes/<int:pk>/recruitment/": READ_ONLY,
    "schemes/<int:pk>/recruitment/forecast/": READ_ONLY,
    "schemes/<int:pk>/recruitment/contingency/": READ_ONLY,
    "schemes/<int:pk>/recruitment/contingency/new/": [
        Write(
            body=contingency_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=PLANS,
        )
    ],
    "schemes/<int:pk>/recruitment/contingency/<int:plan_id>/change/": [
        Write(
            body=contingency_change_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=PLANS,
        )
    ],
}
