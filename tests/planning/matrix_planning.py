"""Permission matrix rows for the planning pages (merged by tests/test_permission_matrix.py).

The matrix's scheme is in planning with an empty draft plan, so: the coordinator's
task and record forms answer 200 (an empty POST is an unbound form shown again); the
check page refuses to submit an incomplete plan with an error (200); the confirmation
page sends them back to the checklist (302) because nothing was submitted; removing a
record is a POST that redirects (302). The governor's decision page shows the plan
and, on an empty POST, the error "Select whether to approve the plan or return it"
(200). Pages that list stakeholders name people: the analyst gets 403 there.

PLANNING_WRITES: each page's valid POST and what it changes, state by state (see
tests/schemes/matrix_rows.py, Write).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Model
from django.utils import timezone

from planning.models import Plan, PlanApproval, PlanTask, Resource
from schemes.models import SchemeStatus, SmartObjective, Stakeholder
from tests.schemes.matrix_rows import (
    BACK_TO_CHECKLIST,
    CHANGED,
    CLOSED_SHOWN,
    CLOSED_TO_OVERVIEW,
    READ_ONLY,
    Answer,
    Body,
    Ids,
    Outcome,
    Row,
    State,
    Write,
    coordinator_only,
    date_parts,
    nothing,
    row,
    viewers,
)

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
    # A task's answers, read-only: names stakeholders, so not for the analyst either.
    "schemes/<int:pk>/planning/<slug:task>/answers/": viewers(analyst=(403, GET_ONLY)),
    # Amending is the coordinator's; on the matrix's draft plan the page says why it
    # cannot be amended yet (200), and a POST says so again.
    "schemes/<int:pk>/planning/amend/": coordinator_only(200, 200),
    # An approved version: the matrix's draft plan has none yet, so 404 for everyone who
    # may see the scheme (tests/planning/test_planning_amendments.py reads a real one);
    # the analyst is refused first (it names people).
    "schemes/<int:pk>/plan/versions/<int:number>/": viewers(404, analyst=(403, GET_ONLY)),
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


# --- valid POSTs and what they change (the state matrix) --------------------------------

PLAN = "planning.Plan"
EDITABLE = (PlanApproval.DRAFT, PlanApproval.RETURNED)


BACK_TO_ANSWERS = Outcome(302, to="answers")  # a task of a submitted or approved plan


def plan_change(closed: Outcome, locked: Outcome = BACK_TO_CHECKLIST) -> Answer:
    """A change to the plan or its lists: made while the plan is a draft; a submitted or
    approved plan sends the coordinator back, saying why (``locked``: the checklist, or
    a task's answers); a scheme closed while its plan was a draft refuses as
    ``closed``."""

    def answer(state: State) -> Outcome:
        if state.plan not in EDITABLE:
            return locked
        if state.status == SchemeStatus.CLOSED:
            return closed
        return CHANGED

    return answer


def submission(state: State) -> Outcome:
    """Submitting the complete draft plan; it can no longer change once sent."""
    if state.plan not in EDITABLE:
        return BACK_TO_CHECKLIST
    return CLOSED_SHOWN if state.status == SchemeStatus.CLOSED else CHANGED


NOT_SUBMITTED = Outcome(200, says="Only a plan submitted for approval can be")


def decision(state: State) -> Outcome:
    """The governor's decision: only on a plan waiting for it, in a scheme not closed."""
    if state.status == SchemeStatus.CLOSED:
        return CLOSED_SHOWN
    if state == State(SchemeStatus.PLANNING, PlanApproval.SUBMITTED):
        return CHANGED
    return NOT_SUBMITTED


def amendment(state: State) -> Outcome:
    """Starting an amendment: of an approved plan, while the scheme runs."""
    if state.plan != PlanApproval.APPROVED:
        return Outcome(200, says="Only an approved plan can be amended")
    if state.status == SchemeStatus.CLOSED:
        return Outcome(200, says="A plan can be amended while the scheme is recruiting")
    return CHANGED


def plan_version(ids: Ids) -> int:
    return Plan.objects.values_list("version", flat=True).get(scheme_id=ids["pk"])


def task_body(then: str, **answers: Any) -> Body:
    """A task page's answers, the plan's version and the button pressed ("then")."""
    return lambda ids: {**answers, "version": plan_version(ids), "then": then}


TASK_WRITES = {
    # Saving changed answers without marking them complete: the task is "In progress".
    PlanTask.NEED: task_body(
        "save",
        need="Self-harm among new arrivals rose by a third, mostly at night.",
        need_evidence="41 incidents in the first two weeks of custody in 12 months.",
        intended_outcomes="Someone to talk to in confidence, day and night.",
    ),
    PlanTask.TARGET_GROUP: task_body(
        "complete",
        target_group_who="New arrivals and anyone on an ACCT.",
        target_group_size="150",
        target_group_needs="Reassurance in the first nights.",
    ),
    PlanTask.RESOURCES: task_body("complete"),
    PlanTask.AVAILABILITY: task_body(
        "complete",
        available_days=["mon", "wed", "fri", "sun"],
        available_hours="24 hours, by cell bell at night",
        locations="Every wing, and the Listener suite",
        access_routes=["referral", "drop-in"],
    ),
    PlanTask.PEER_SUPPORTERS: task_body(
        "complete",
        selection_route="Applications assessed by safer custody and Samaritans",
        training_provider="Samaritans",
        training_hours="24",
        supervision_frequency="weekly",
        pay="paid",
        pay_band="Band 2",
    ),
    PlanTask.STAKEHOLDERS: task_body("complete"),
    # The review cadence is kept on the scheme: answering it changes the scheme too.
    PlanTask.IMPACT: task_body(
        "complete",
        review_cadence_months="6",
        impact_evidence="Safer custody figures each month, and Listener call logs.",
    ),
}


def record_body(model: type[Model], id_name: str | None, **fields: Any) -> Body:
    """A list record's form; changing a record also sends the version it was read at."""

    def body(ids: Ids) -> dict[str, Any]:
        if id_name is None:
            return dict(fields)
        version = model._default_manager.values_list("version", flat=True).get(pk=ids[id_name])
        return {**fields, "version": version}

    return body


RESOURCE = {
    "kind": "budget",
    "description": "Listener suite refreshments",
    "amount": "£1,200",
    "unit": "£ a year",
    "confirmed": "on",
}
STAKEHOLDER = {
    "name": "Residential staff on A wing",
    "kind": "staff",
    "interest": "Fewer incidents at night",
    "engagement": "A briefing at the monthly wing meeting",
}


def objective(ids: Ids) -> dict[str, Any]:
    return {
        "indicator": "ACCTs opened a month for new arrivals",
        "relevance": "The scheme exists to support new arrivals in distress",
        "baseline": "15",
        "target": "10",
        "unit": "ACCTs a month",
        **date_parts("deadline", timezone.localdate() + timedelta(days=300)),
    }


def objective_change(ids: Ids) -> dict[str, Any]:
    version = SmartObjective.objects.values_list("version", flat=True).get(pk=ids["objective_id"])
    return {**objective(ids), "version": version}


def coordinator_changes(answer: Answer, *tables: str, body: Body = nothing) -> list[Write]:
    return [Write(body=body, permitted={"coordinator": answer}, changes=frozenset(tables))]


RESOURCES = ("planning.Resource", PLAN)
STAKEHOLDERS = ("schemes.Stakeholder", PLAN)
OBJECTIVES = ("schemes.SmartObjective", PLAN)

PLANNING_WRITES: dict[str, list[Write]] = {
    "schemes/<int:pk>/planning/": READ_ONLY,
    # Every submission is kept, with the answers as sent.
    "schemes/<int:pk>/planning/check/": coordinator_changes(
        submission, PLAN, "planning.PlanSubmission"
    ),
    "schemes/<int:pk>/planning/submitted/": READ_ONLY,
    "schemes/<int:pk>/planning/decision/": [
        Write(
            body=lambda ids: {"decision": "approved", "reason": ""},
            permitted={"governor": decision},
            # Approving moves the scheme to recruiting, recorded as a transition.
            changes=frozenset(
                {PLAN, "planning.PlanDecision", "schemes.Scheme", "schemes.SchemeTransition"}
            ),
            name="approve",
        ),
        Write(
            body=lambda ids: {"decision": "returned", "reason": "Say who trains the trainers"},
            permitted={"governor": decision},
            # Returning gives the coordinator an action to revise the plan.
            changes=frozenset({PLAN, "planning.PlanDecision", "schemes.Action"}),
            name="return",
        ),
    ],
    "schemes/<int:pk>/planning/<slug:task>/": [
        Write(
            body=body,
            permitted={"coordinator": plan_change(CLOSED_TO_OVERVIEW, BACK_TO_ANSWERS)},
            changes=frozenset({PLAN, "schemes.Scheme"} if task == PlanTask.IMPACT else {PLAN}),
            params={"task": task},
        )
        for task, body in TASK_WRITES.items()
    ],
    "schemes/<int:pk>/planning/resources/add/": coordinator_changes(
        plan_change(CLOSED_SHOWN), *RESOURCES, body=record_body(Resource, None, **RESOURCE)
    ),
    "schemes/<int:pk>/planning/resources/<int:resource_id>/": coordinator_changes(
        plan_change(CLOSED_SHOWN), *RESOURCES, body=record_body(Resource, "resource_id", **RESOURCE)
    ),
    "schemes/<int:pk>/planning/resources/<int:resource_id>/remove/": coordinator_changes(
        plan_change(CLOSED_TO_OVERVIEW), *RESOURCES
    ),
    "schemes/<int:pk>/planning/stakeholders/add/": coordinator_changes(
        plan_change(CLOSED_SHOWN), *STAKEHOLDERS, body=record_body(Stakeholder, None, **STAKEHOLDER)
    ),
    "schemes/<int:pk>/planning/stakeholders/<int:stakeholder_id>/": coordinator_changes(
        plan_change(CLOSED_SHOWN),
        *STAKEHOLDERS,
        body=record_body(Stakeholder, "stakeholder_id", **STAKEHOLDER),
    ),
    "schemes/<int:pk>/planning/stakeholders/<int:stakeholder_id>/remove/": coordinator_changes(
        plan_change(CLOSED_TO_OVERVIEW), *STAKEHOLDERS
    ),
    "schemes/<int:pk>/planning/objectives/add/": coordinator_changes(
        plan_change(CLOSED_SHOWN), *OBJECTIVES, body=objective
    ),
    "schemes/<int:pk>/planning/objectives/<int:objective_id>/": coordinator_changes(
        plan_change(CLOSED_SHOWN), *OBJECTIVES, body=objective_change
    ),
    "schemes/<int:pk>/planning/objectives/<int:objective_id>/remove/": coordinator_changes(
        plan_change(CLOSED_TO_OVERVIEW), *OBJECTIVES
    ),
    "schemes/<int:pk>/plan/print/": READ_ONLY,
    "schemes/<int:pk>/planning/<slug:task>/answers/": READ_ONLY,
    "schemes/<int:pk>/plan/versions/<int:number>/": READ_ONLY,
    "schemes/<int:pk>/planning/amend/": coordinator_changes(
        amendment, PLAN, body=lambda ids: {"version": plan_version(ids)}
    ),
    "plans/awaiting-approval/": READ_ONLY,
}
