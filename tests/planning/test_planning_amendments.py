"""Amending an approved plan while the scheme runs: the coordinator starts an amendment,
changes answers and submits it; the governor sees each changed answer beside the
approved one and approves it (a new version) or returns it with a reason (the approved
version stays in force). Every submission and every approved version is kept; each
version can be printed. Also the governor's re-review of a returned plan, and the
read-only answers of a plan that cannot change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.models import User
from planning.models import Plan, PlanApproval, PlanDecision, PlanSubmission
from planning.services import (
    StaleEditError,
    plan_amendment_start,
    plan_approve,
    plan_return,
    plan_save_task,
    plan_submit,
)
from schemes.models import Scheme, SchemeStatus
from tests.factories import scheme_in_state

ClientFor = Callable[[User | None], Client]

NEW_NEED = "Self-harm at night rose again after the wing moved."


@pytest.fixture
def approved(scheme: Scheme, coordinator: User, governor: User) -> Plan:
    """An approved plan (version 1) of a scheme that is recruiting."""
    return scheme_in_state(
        scheme,
        status=SchemeStatus.RECRUITING,
        approval=PlanApproval.APPROVED,
        coordinator=coordinator,
        governor=governor,
    )


def today() -> date:
    return timezone.localdate()


def url(scheme: Scheme, rest: str) -> str:
    return f"/schemes/{scheme.pk}/{rest}"


def change_need(plan: Plan, coordinator: User, need: str = NEW_NEED) -> None:
    plan_save_task(
        plan=plan,
        by=coordinator,
        task="need",
        expected_version=plan.version,
        answers={
            "need": need,
            "need_evidence": plan.need_evidence,
            "intended_outcomes": plan.intended_outcomes,
        },
        mark_complete=True,
    )


def test_coordinator_amends_the_plan_and_the_governor_approves_version_2(
    scheme: Scheme, approved: Plan, coordinator: User, governor: User, client_for: ClientFor
) -> None:
    old_need = approved.need
    client = client_for(coordinator)
    checklist = client.get(url(scheme, "planning/")).content.decode()
    assert "Amend the plan" in checklist
    page = client.get(url(scheme, "planning/amend/")).content.decode()
    assert "approved version 1 stays in force until a governor approves the amendment" in page
    response = client.post(url(scheme, "planning/amend/"), {"version": approved.version})
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.is_amendment
    assert approved.approved_version == 1
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.RECRUITING  # the scheme keeps running

    # The coordinator changes an answer; the check page shows it beside the approved one.
    form = client.post(
        url(scheme, "planning/need/"),
        {
            "need": NEW_NEED,
            "need_evidence": approved.need_evidence,
            "intended_outcomes": approved.intended_outcomes,
            "version": approved.version,
            "then": "complete",
        },
    )
    assert form.status_code == 302
    check = client.get(url(scheme, "planning/check/")).content.decode()
    assert "Check your amendment before you submit it" in check
    assert "Changed since approved version 1" in check
    assert NEW_NEED in check
    assert old_need in check
    assert client.post(url(scheme, "planning/check/")).status_code == 302

    # The governor sees the difference, then approves: version 2 is in force.
    boss = client_for(governor)
    decision = boss.get(url(scheme, "planning/decision/")).content.decode()
    assert "Approve or return the amendment of the plan" in decision
    assert "Changed since approved version 1" in decision
    assert old_need in decision
    assert NEW_NEED in decision
    response = boss.post(url(scheme, "planning/decision/"), {"decision": "approved"})
    assert response.status_code == 302
    approved.refresh_from_db()
    assert (approved.approval, approved.approved_version) == (PlanApproval.APPROVED, 2)
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.RECRUITING

    # Both versions are kept and printable, each with its own answers.
    first = client.get(url(scheme, "plan/versions/1/")).content.decode()
    second = client.get(url(scheme, "plan/versions/2/")).content.decode()
    assert old_need in first
    assert NEW_NEED not in first
    assert "Replaced" in first
    assert NEW_NEED in second
    assert "In force" in second

    # The history shows each submission and each decision, with both versions.
    history = client.get(url(scheme, "history/")).content.decode()
    assert "Plan submitted for approval" in history
    assert "Amendment submitted for approval" in history
    assert "Plan approved: version 1" in history
    assert "Plan approved: version 2" in history
    assert url(scheme, "plan/versions/1/") in history
    assert url(scheme, "plan/versions/2/") in history
    assert PlanSubmission.objects.filter(plan=approved).count() == 2


def test_the_approved_version_stays_in_force_until_the_amendment_is_approved(
    scheme: Scheme, approved: Plan, coordinator: User, governor: User
) -> None:
    old_need = approved.need
    plan_amendment_start(plan=approved, by=coordinator, expected_version=approved.version)
    change_need(approved, coordinator)
    plan_submit(plan=approved, by=coordinator)
    plan_return(plan=approved, by=governor, reason="Say what changed on the wing", today=today())
    approved.refresh_from_db()
    assert approved.approved_version == 1
    version_1 = PlanDecision.objects.get(plan=approved, version_number=1)
    assert version_1.submission is not None
    assert version_1.submission.answers["answers"]["need"] == old_need
    with pytest.raises(ValidationError):
        plan_approve(plan=approved, by=governor, today=today())  # returned, not submitted


def test_a_stale_amendment_save_is_refused_with_409(
    scheme: Scheme, approved: Plan, coordinator: User, client_for: ClientFor
) -> None:
    plan_amendment_start(plan=approved, by=coordinator, expected_version=approved.version)
    approved.refresh_from_db()
    opened_at = approved.version
    change_need(approved, coordinator, "Somebody else's change")
    response = client_for(coordinator).post(
        url(scheme, "planning/need/"),
        {
            "need": "My change",
            "need_evidence": "x",
            "intended_outcomes": "y",
            "version": opened_at,
            "then": "save",
        },
    )
    assert response.status_code == 409
    approved.refresh_from_db()
    assert approved.need == "Somebody else's change"


def test_a_stale_start_of_an_amendment_is_refused(
    scheme: Scheme, approved: Plan, coordinator: User, client_for: ClientFor
) -> None:
    with pytest.raises(StaleEditError):
        plan_amendment_start(plan=approved, by=coordinator, expected_version=approved.version - 1)
    response = client_for(coordinator).post(
        url(scheme, "planning/amend/"), {"version": approved.version - 1}
    )
    assert response.status_code == 409
    assert "Somebody else changed this plan" in response.content.decode()
    approved.refresh_from_db()
    assert approved.approval == PlanApproval.APPROVED


@pytest.mark.parametrize("persona", ["staff", "governor"])
def test_only_the_coordinator_starts_an_amendment(
    persona: str,
    scheme: Scheme,
    approved: Plan,
    personas: dict[str, User | None],
    client_for: ClientFor,
) -> None:
    response = client_for(personas[persona]).post(
        url(scheme, "planning/amend/"), {"version": approved.version}
    )
    assert response.status_code == 403
    approved.refresh_from_db()
    assert approved.approval == PlanApproval.APPROVED


def test_a_plan_in_planning_or_a_closed_scheme_cannot_be_amended(
    scheme: Scheme, coordinator: User, governor: User
) -> None:
    plan = scheme_in_state(
        scheme,
        status=SchemeStatus.CLOSED,
        approval=PlanApproval.APPROVED,
        coordinator=coordinator,
        governor=governor,
    )
    with pytest.raises(ValidationError):
        plan_amendment_start(plan=plan, by=coordinator, expected_version=plan.version)


@pytest.mark.parametrize("persona", ["coordinator", "staff", "governor"])
def test_people_at_the_prison_read_each_version_and_the_analyst_and_outsider_cannot(
    persona: str,
    scheme: Scheme,
    approved: Plan,
    personas: dict[str, User | None],
    client_for: ClientFor,
) -> None:
    assert client_for(personas[persona]).get(url(scheme, "plan/versions/1/")).status_code == 200
    assert client_for(personas[persona]).get(url(scheme, "plan/versions/2/")).status_code == 404
    assert client_for(personas["analyst"]).get(url(scheme, "plan/versions/1/")).status_code == 403
    assert client_for(personas["outsider"]).get(url(scheme, "plan/versions/1/")).status_code == 404


# --- the governor's re-review (item 6) ------------------------------------------------------


def test_the_governor_sees_the_earlier_reason_and_what_changed_since_the_return(
    scheme: Scheme, coordinator: User, governor: User, client_for: ClientFor
) -> None:
    plan = scheme_in_state(
        scheme,
        status=SchemeStatus.PLANNING,
        approval=PlanApproval.SUBMITTED,
        coordinator=coordinator,
        governor=governor,
    )
    returned_need = plan.need
    plan_return(plan=plan, by=governor, reason="Say why nights matter most", today=today())
    plan.refresh_from_db()
    change_need(plan, coordinator, "Most self-harm happens at night, in the first week.")
    plan_submit(plan=plan, by=coordinator)
    html = client_for(governor).get(url(scheme, "planning/decision/")).content.decode()
    assert "Say why nights matter most" in html
    assert "What the coordinator changed since it was returned" in html
    assert returned_need in html
    assert "Most self-harm happens at night, in the first week." in html
    # The decision is reachable without scrolling past the plan: a link at the top.
    assert html.index('href="#decision"') < html.index('id="task-need"')
    assert 'id="decision"' in html


# --- a plan that cannot change: its answers, read-only (item 10) --------------------------


@pytest.mark.parametrize("persona", ["coordinator", "staff", "governor"])
def test_an_approved_plans_tasks_lead_to_their_answers_not_back_to_the_checklist(
    persona: str,
    scheme: Scheme,
    approved: Plan,
    personas: dict[str, User | None],
    client_for: ClientFor,
) -> None:
    client = client_for(personas[persona])
    checklist = client.get(url(scheme, "planning/")).content.decode()
    assert f'href="{url(scheme, "planning/need/answers/")}"' in checklist
    assert "The approved plan answers all 7 tasks" in checklist
    assert "You have completed" not in checklist
    answers = client.get(url(scheme, "planning/need/answers/"))
    assert answers.status_code == 200
    assert approved.need in answers.content.decode()


def test_the_coordinators_old_link_to_a_locked_task_shows_its_answers(
    scheme: Scheme, approved: Plan, coordinator: User, client_for: ClientFor
) -> None:
    response = client_for(coordinator).get(url(scheme, "planning/need/"), follow=True)
    assert response.redirect_chain[-1][0] == url(scheme, "planning/need/answers/")
    html = response.content.decode()
    assert approved.need in html
    assert "amend the plan" in html


def test_the_analyst_reads_no_answers(
    scheme: Scheme, approved: Plan, analyst: User, client_for: ClientFor
) -> None:
    assert client_for(analyst).get(url(scheme, "planning/need/answers/")).status_code == 403
