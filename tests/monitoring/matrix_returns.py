"""Permission matrix rows for monthly returns, objectives' values and evaluations
(merged by tests/test_permission_matrix.py).

returns_ids (called by monitoring_ids) gives the matrix's scheme a return for this
month, submitted by the coordinator and waiting for a governor (year, month), and an
evaluation (evaluation_id). The return page's valid POSTs: the governor approves it,
and the coordinator reopens it with a reason (each refused to the other: 403).
monitored_objective_id is an objective of its own (planning's rows remove objective_id).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from monitoring.models import Evaluation, MonthlyReturn, ReturnStatus
from schemes.models import Scheme
from tests.schemes.matrix_rows import (
    CLOSED_SHOWN,
    READ_ONLY,
    Ids,
    Row,
    Write,
    coordinator_only,
    date_parts,
    row,
    unless_closed,
    viewers,
)

BASE = "schemes/<int:pk>/monitoring/"
WHILE_OPEN = unless_closed(CLOSED_SHOWN)


def return_row(coordinator_post: int = 200, governor_post: int = 200) -> Row:
    """A return: everyone who may see the scheme sees it (the analyst its figures, with
    no names); its buttons are the coordinator's and the governor's (an empty POST
    re-shows the page with its error)."""
    return row(
        anonymous=(302, 302),
        coordinator=(200, coordinator_post),
        staff=(200, 403),
        governor=(200, governor_post),
        analyst=(200, 403),
        outsider=(404, 404),
        admin=(404, 404),
    )


RETURNS_ROWS: dict[str, Row] = {
    f"{BASE}returns/": viewers(200, 405),
    f"{BASE}returns/<int:year>/<int:month>/": return_row(),
    # Entering values and saying how they are measured: the coordinator's.
    f"{BASE}objectives/<int:monitored_objective_id>/values/": coordinator_only(200, 200),
    f"{BASE}objectives/<int:monitored_objective_id>/measure/": coordinator_only(200, 200),
    # The list shows periods and counts only: everyone who may see the scheme.
    f"{BASE}evaluations/": viewers(200, 405),
    f"{BASE}evaluations/new/": coordinator_only(200, 200),
    # Findings are free text that can name people: not for the analyst.
    f"{BASE}evaluations/<int:evaluation_id>/": viewers(200, 405, analyst=(403, 405)),
    f"{BASE}evaluations/<int:evaluation_id>/change/": coordinator_only(200, 200),
    f"{BASE}evaluations/<int:evaluation_id>/adjustments/new/": coordinator_only(200, 200),
}


def returns_ids(scheme: Scheme) -> dict[str, Any]:
    """A submitted return for this month and an evaluation, on the matrix's scheme."""
    from tests.factories import SmartObjectiveFactory

    today = timezone.localdate()
    month = today.replace(day=1)
    MonthlyReturn.objects.create(
        scheme=scheme,
        month=month,
        status=ReturnStatus.SUBMITTED,
        figures={"month": month.isoformat(), "activity": {"entries": 1}, "objectives": []},
        prepared_at=timezone.now(),
        submitted_at=timezone.now(),
    )
    evaluation = Evaluation.objects.create(
        scheme=scheme,
        period_start=today - timedelta(days=90),
        period_end=today,
        method="Monthly returns and a survey of staff",
    )
    # Its own objective: planning's matrix rows remove the shared one (objective_id).
    objective = SmartObjectiveFactory(scheme=scheme)
    return {
        "year": month.year,
        "month": month.month,
        "evaluation_id": evaluation.pk,
        "monitored_objective_id": objective.pk,
    }


def _return_version(ids: Ids) -> int:
    return MonthlyReturn.objects.values_list("version", flat=True).get(
        scheme_id=ids["pk"], month__year=ids["year"], month__month=ids["month"]
    )


def approve_body(ids: Ids) -> dict[str, Any]:
    return {"action": "approve", "version": _return_version(ids)}


def reopen_body(ids: Ids) -> dict[str, Any]:
    return {
        "action": "reopen",
        "version": _return_version(ids),
        "reason": "A late call-out sheet from B wing was entered after the return.",
    }


def value_body(ids: Ids) -> dict[str, Any]:
    return {"month": f"{timezone.localdate():%Y-%m}", "value": "4"}


def measure_body(ids: Ids) -> dict[str, Any]:
    # The objective has no measure yet: no version.
    return {"measure": "outcome", "outcome": "emotional-support", "version": "0"}


def evaluation_body(ids: Ids) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        **date_parts("period_start", today - timedelta(days=180)),
        **date_parts("period_end", today),
        "own_questions": "Do new arrivals know how to reach a Listener?",
        "method": "Monthly returns, and interviews with wing staff",
        "worked_as_intended": "Call-outs rose on the induction wing.",
        "long_enough": "",
        "findings": "",
    }


def evaluation_change_body(ids: Ids) -> dict[str, Any]:
    version = Evaluation.objects.values_list("version", flat=True).get(pk=ids["evaluation_id"])
    return {**evaluation_body(ids), "findings": "Night cover is thin.", "version": version}


def adjustment_body(ids: Ids) -> dict[str, Any]:
    return {
        "summary": "Add a second Listener to the night rota on B wing",
        "owner": str(ids["coordinator"]),
        **date_parts("due_date", timezone.localdate() + timedelta(days=30)),
        "changes_design": "no",
    }


RETURNS_WRITES: dict[str, list[Write]] = {
    f"{BASE}returns/": READ_ONLY,
    f"{BASE}returns/<int:year>/<int:month>/": [
        Write(
            body=approve_body,
            permitted={"governor": WHILE_OPEN},
            changes=frozenset({"monitoring.MonthlyReturn"}),
            refusals=return_row(coordinator_post=403),
            name="approve",
        ),
        Write(
            body=reopen_body,
            permitted={"coordinator": WHILE_OPEN},
            changes=frozenset({"monitoring.MonthlyReturn"}),
            refusals=return_row(governor_post=403),
            name="reopen",
        ),
    ],
    f"{BASE}objectives/<int:monitored_objective_id>/values/": [
        Write(
            body=value_body,
            permitted={"coordinator": WHILE_OPEN},
            changes=frozenset({"monitoring.IndicatorValue"}),
        )
    ],
    f"{BASE}objectives/<int:monitored_objective_id>/measure/": [
        Write(
            body=measure_body,
            permitted={"coordinator": WHILE_OPEN},
            changes=frozenset({"monitoring.MonitoringIndicator"}),
        )
    ],
    f"{BASE}evaluations/": READ_ONLY,
    f"{BASE}evaluations/new/": [
        Write(
            body=evaluation_body,
            permitted={"coordinator": WHILE_OPEN},
            changes=frozenset({"monitoring.Evaluation"}),
        )
    ],
    f"{BASE}evaluations/<int:evaluation_id>/": READ_ONLY,
    f"{BASE}evaluations/<int:evaluation_id>/change/": [
        Write(
            body=evaluation_change_body,
            permitted={"coordinator": WHILE_OPEN},
            changes=frozenset({"monitoring.Evaluation"}),
        )
    ],
    f"{BASE}evaluations/<int:evaluation_id>/adjustments/new/": [
        Write(
            body=adjustment_body,
            permitted={"coordinator": WHILE_OPEN},
            changes=frozenset({"monitoring.EvaluationAdjustment", "schemes.Action"}),
        )
    ],
}
