"""Every write service checks who is acting and that the scheme is not closed, itself:
a view, task or script that forgets cannot write."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from accounts.models import User
from maintenance.services import review_record
from monitoring.services import (
    activity_correct,
    debrief_record,
    debrief_thresholds_set,
    risk_create,
    risk_update,
)
from planning import services as planning
from planning.models import PlanTask
from planning.selectors import get_plan
from recruitment.services.applications import (
    application_decide,
    application_record,
    application_withdraw,
    round_create,
    round_update,
)
from recruitment.services.contingency import contingency_plan_create, contingency_plan_update
from schemes.models import Scheme, SchemeStatus
from schemes.services.access import CLOSED_MESSAGE, SchemeClosedError
from schemes.services.actions import action_create, action_update
from schemes.services.scheme import scheme_update
from tests.factories import (
    ActionFactory,
    ActivityEntryFactory,
    ApplicationFactory,
    ContingencyPlanFactory,
    PrisonerFactory,
    RecruitmentRoundFactory,
    ResourceFactory,
    SmartObjectiveFactory,
    StakeholderFactory,
    seeded_risks,
)

TODAY = date(2026, 12, 1)

# Staff may refer a prisoner (tests/recruitment/test_applications_services.py); these
# are the coordinator's alone.
RECRUITMENT_APPLICATION_WRITES: dict[str, Callable[[Scheme, User], Any]] = {
    "open a recruitment round": lambda scheme, by: round_create(
        scheme=scheme,
        by=by,
        title="Spring",
        opens_on=TODAY,
        closes_on=TODAY,
        places=2,
        selection_criteria="Listens well",
    ),
    "change a recruitment round": lambda scheme, by: round_update(
        recruitment_round=(r := RecruitmentRoundFactory(scheme=scheme)),
        by=by,
        expected_version=r.version,
        places=3,
    ),
    "record a prisoner's own application": lambda scheme, by: application_record(
        scheme=scheme,
        by=by,
        prisoner=PrisonerFactory(prison=scheme.prison),
        route="self",
        today=TODAY,
    ),
    "decide an application": lambda scheme, by: application_decide(
        application=(a := ApplicationFactory(scheme=scheme)),
        by=by,
        expected_version=a.version,
        to_status="shortlisted",
        criteria_met={},
        reason="meets_criteria",
        today=TODAY,
    ),
    "withdraw an application": lambda scheme, by: application_withdraw(
        application=(a := ApplicationFactory(scheme=scheme)),
        by=by,
        expected_version=a.version,
        reason="applicant_withdrew",
        today=TODAY,
    ),
}

Write = Callable[[Scheme, User], Any]

WRITES: dict[str, Write] = {
    "change the scheme's details": lambda scheme, by: scheme_update(
        scheme=scheme, by=by, expected_version=scheme.version, name="Renamed"
    ),
    "answer a planning task": lambda scheme, by: planning.plan_save_task(
        plan=get_plan(scheme),
        by=by,
        task=PlanTask.NEED,
        expected_version=get_plan(scheme).version,
        answers={"need": "Changed"},
        mark_complete=False,
    ),
    "mark a task complete": lambda scheme, by: planning.plan_mark_complete(
        plan=get_plan(scheme), by=by, task=PlanTask.NEED
    ),
    "add a resource": lambda scheme, by: planning.resource_save(
        plan=get_plan(scheme),
        by=by,
        resource=None,
        kind="budget",
        description="Budget",
        amount=Decimal(100),
        unit="£",
        confirmed=True,
    ),
    "remove a resource": lambda scheme, by: planning.resource_remove(
        plan=get_plan(scheme), by=by, resource=ResourceFactory(plan=get_plan(scheme))
    ),
    "remove a stakeholder": lambda scheme, by: planning.stakeholder_remove(
        plan=get_plan(scheme), by=by, stakeholder=StakeholderFactory(scheme=scheme)
    ),
    "remove an objective": lambda scheme, by: planning.objective_remove(
        plan=get_plan(scheme), by=by, objective=SmartObjectiveFactory(scheme=scheme)
    ),
    "submit the plan": lambda scheme, by: planning.plan_submit(plan=get_plan(scheme), by=by),
    "add an action": lambda scheme, by: action_create(
        scheme=scheme, by=by, description="Book a room", owner=by, due_date=TODAY
    ),
    # An action somebody else owns (its owner may update their own).
    "change an action": lambda scheme, by: action_update(
        action=(action := ActionFactory(scheme=scheme, owner=scheme.coordinator or by)),
        by=by,
        expected_version=action.version,
        today=TODAY,
        description="Changed",
        owner=by,
        due_date=TODAY,
        done=True,
    ),
    "record a review meeting": lambda scheme, by: review_record(
        scheme=scheme,
        by=by,
        today=TODAY,
        staff_attendees=[],
        stakeholder_attendees=[],
        held_on=TODAY - timedelta(days=1),
        decisions="Carry on",
    ),
    "add a contingency plan": lambda scheme, by: contingency_plan_create(
        scheme=scheme,
        by=by,
        today=TODAY,
        scenario="lockdown",
        title="Lockdown",
        response="Offer the Samaritans phone",
        owner=scheme.coordinator or by,
        last_tested_on=None,
        next_review_on=TODAY + timedelta(days=90),
    ),
    "change a contingency plan": lambda scheme, by: contingency_plan_update(
        plan=(plan := ContingencyPlanFactory(scheme=scheme, owner=scheme.coordinator or by)),
        by=by,
        expected_version=plan.version,
        today=TODAY,
        scenario="lockdown",
        title="Changed",
        response="Offer the Samaritans phone",
        owner=plan.owner,
        last_tested_on=None,
        next_review_on=TODAY + timedelta(days=90),
    ),
    **RECRUITMENT_APPLICATION_WRITES,
    # Staff log activity and incidents; correcting, debriefs and risks are the
    # coordinator's.
    "correct an activity entry": lambda scheme, by: activity_correct(
        entry=(entry := ActivityEntryFactory(scheme=scheme)),
        by=by,
        expected_version=entry.version,
        occurred_at=entry.occurred_at,
        location="C wing",
        duration_minutes=10,
        people_reached=1,
        outcomes=["emotional-support"],
    ),
    "record a debrief": lambda scheme, by: debrief_record(
        scheme=scheme, by=by, peer_supporter_id=1, held_on=TODAY, today=TODAY
    ),
    "set the debrief thresholds": lambda scheme, by: debrief_thresholds_set(
        scheme=scheme, by=by, expected_version=0, days=7, call_outs=5, night_call_outs=2
    ),
    "add a risk": lambda scheme, by: risk_create(
        scheme=scheme,
        by=by,
        today=TODAY,
        title="A risk",
        likelihood=1,
        impact=1,
        owner=None,
        review_on=TODAY,
    ),
    "review a risk": lambda scheme, by: risk_update(
        risk=(risk := seeded_risks(scheme)["confidentiality"]),
        by=by,
        expected_version=risk.version,
        today=TODAY,
        likelihood=5,
    ),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_staff_cannot_write_what_only_a_coordinator_may(
    write: Write, scheme: Scheme, staff: User
) -> None:
    version = scheme.version
    with pytest.raises(PermissionDenied):
        write(scheme, staff)
    scheme.refresh_from_db()
    assert scheme.version == version


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_a_coordinator_at_another_prison_cannot_write(
    write: Write, scheme: Scheme, outsider: User
) -> None:
    with pytest.raises(PermissionDenied):
        write(scheme, outsider)


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_a_closed_scheme_is_read_only(write: Write, scheme: Scheme, coordinator: User) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.CLOSED)
    scheme.refresh_from_db()
    with pytest.raises(SchemeClosedError, match="closed"):
        write(scheme, coordinator)


def test_a_closed_schemes_page_says_why_a_save_was_refused(
    scheme: Scheme, coordinator: User, client_for: Callable[[User | None], Client]
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.CLOSED)
    plan = get_plan(scheme)
    response = client_for(coordinator).post(
        f"/schemes/{scheme.pk}/planning/need/",
        {"need": "Changed", "version": plan.version, "then": "save"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/schemes/{scheme.pk}/"
    assert CLOSED_MESSAGE in response.content.decode()
    plan.refresh_from_db()
    assert plan.need == ""
