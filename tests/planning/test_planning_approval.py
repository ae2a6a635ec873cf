"""The launch gate: the coordinator checks and submits a complete plan; a governor of
the prison reads it, then approves it (the scheme starts recruiting) or returns it
with a reason the coordinator sees. Nobody else decides, and never on an incomplete
or unsubmitted plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Prison, Role, User
from planning.models import Plan, PlanApproval, PlanDecision, PlanDecisionKind, PlanTask
from planning.services import plan_approve
from schemes.models import Action, ActionSource, ActionStatus, Scheme, SchemeStatus
from tests.factories import (
    ActionFactory,
    PlanFactory,
    SchemeFactory,
    StakeholderFactory,
    complete_plan,
    user_with_role,
)
from tests.pages import error_summary

ClientFor = Callable[[User | None], Client]


def check_url(scheme: Scheme) -> str:
    return f"/schemes/{scheme.pk}/planning/check/"


def decision_url(scheme: Scheme) -> str:
    return f"/schemes/{scheme.pk}/planning/decision/"


# --- check your answers and submit --------------------------------------------------------


def test_the_check_page_shows_every_task_with_change_links(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    complete_plan(scheme)
    html = client_for(coordinator).get(check_url(scheme)).content.decode()
    assert "Check your plan before you submit it" in html
    for task in PlanTask:
        assert f'id="task-{task.value}"' in html
        assert f'href="/schemes/{scheme.pk}/planning/{task.value}/"' in html
    assert "Self-harm on the induction wing rose by a third last year." in html
    assert "Every day" not in html  # days are listed by name
    assert "Monday, Tuesday" in html
    assert "Head of safety" in html
    assert "Self-harm incidents a month on A wing" in html
    assert "Every 3 months" in html
    assert "Submit the plan for approval" in html


def test_an_incomplete_plan_cannot_be_submitted(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    plan = complete_plan(scheme)
    plan.completed_tasks = [t for t in plan.completed_tasks if t != PlanTask.STAKEHOLDERS]
    plan.save()
    client = client_for(coordinator)
    html = client.get(check_url(scheme)).content.decode()
    assert "You cannot submit the plan yet" in html
    assert "Submit the plan for approval" not in html
    response = client.post(check_url(scheme))
    assert response.status_code == 200
    summary = error_summary(response.content.decode())
    assert f"Complete “{PlanTask.STAKEHOLDERS.label}”" in summary
    assert 'href="#incomplete-tasks"' in summary
    plan.refresh_from_db()
    assert plan.approval == PlanApproval.DRAFT


def test_coordinator_submits_a_complete_plan_and_sees_the_confirmation(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    plan = complete_plan(scheme)
    response = client_for(coordinator).post(check_url(scheme), follow=True)
    assert response.redirect_chain[-1][0] == f"/schemes/{scheme.pk}/planning/submitted/"
    html = response.content.decode()
    assert "govuk-panel--confirmation" in html
    assert "Plan submitted for approval" in html
    assert "What happens next" in html
    plan.refresh_from_db()
    assert plan.approval == PlanApproval.SUBMITTED
    assert plan.submitted_by == coordinator


def test_resubmitting_a_returned_plan_closes_the_action_to_revise_it(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    complete_plan(scheme, approval=PlanApproval.RETURNED)
    action = ActionFactory(scheme=scheme, owner=coordinator, source=ActionSource.PLAN_RETURNED)
    client_for(coordinator).post(check_url(scheme))
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_the_confirmation_page_of_an_unsubmitted_plan_goes_back_to_the_checklist(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    PlanFactory(scheme=scheme)
    response = client_for(coordinator).get(f"/schemes/{scheme.pk}/planning/submitted/")
    assert response.status_code == 302
    assert response["Location"] == f"/schemes/{scheme.pk}/planning/"


@pytest.mark.parametrize("persona", ["staff", "governor", "analyst"])
def test_only_the_coordinator_submits_the_plan(
    persona: str, scheme: Scheme, personas: dict[str, User | None], client_for: ClientFor
) -> None:
    plan = complete_plan(scheme)
    assert client_for(personas[persona]).post(check_url(scheme)).status_code == 403
    plan.refresh_from_db()
    assert plan.approval == PlanApproval.DRAFT


# --- plans awaiting approval --------------------------------------------------------------


def test_a_governor_sees_the_submitted_plans_of_their_prison(
    scheme: Scheme, leeds: Prison, bristol: Prison, governor: User, client_for: ClientFor
) -> None:
    complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    draft = SchemeFactory(prison=leeds, name="Insiders")
    complete_plan(draft)
    elsewhere = SchemeFactory(prison=bristol, name="Toe by Toe")
    complete_plan(elsewhere, approval=PlanApproval.SUBMITTED)
    Plan.objects.filter(scheme=scheme).update(submitted_by=scheme.coordinator)
    html = client_for(governor).get("/plans/awaiting-approval/").content.decode()
    assert "1 plan waiting for a decision" in html
    assert "Listeners" in html
    assert scheme.coordinator is not None
    assert scheme.coordinator.display_name in html
    assert f'href="{decision_url(scheme)}"' in html
    assert "Insiders" not in html
    assert "Toe by Toe" not in html


def test_the_awaiting_list_says_when_there_is_nothing_to_decide(
    governor: User, client_for: ClientFor
) -> None:
    html = client_for(governor).get("/plans/awaiting-approval/").content.decode()
    assert "There are no plans waiting for your approval." in html


def test_the_awaiting_list_is_paginated(
    leeds: Prison, governor: User, client_for: ClientFor
) -> None:
    for _ in range(27):
        complete_plan(SchemeFactory(prison=leeds), approval=PlanApproval.SUBMITTED)
    client = client_for(governor)
    html = client.get("/plans/awaiting-approval/").content.decode()
    assert "27 plans waiting for a decision, showing 1 to 25" in html
    assert "govuk-pagination" in html
    html = client.get("/plans/awaiting-approval/?page=2").content.decode()
    assert "showing 26 to 27" in html


@pytest.mark.parametrize("persona", ["coordinator", "staff", "analyst", "outsider", "admin"])
def test_only_governors_have_a_list_of_plans_to_approve(
    persona: str, personas: dict[str, User | None], client_for: ClientFor
) -> None:
    assert client_for(personas[persona]).get("/plans/awaiting-approval/").status_code == 403


# --- the governor's decision --------------------------------------------------------------


def test_the_governor_reads_the_plan_summary_before_deciding(
    scheme: Scheme, governor: User, client_for: ClientFor
) -> None:
    complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    html = client_for(governor).get(decision_url(scheme)).content.decode()
    assert "Approve or return the plan" in html
    for task in PlanTask:
        assert task.label in html
    assert "Head of safety" in html
    assert 'name="decision"' in html
    assert "Approve the plan" in html
    assert "Return it to the coordinator" in html
    assert 'name="reason"' in html
    assert "govuk-radios__conditional" in html
    # No links into the coordinator's forms.
    assert "/planning/need/" not in html


def test_the_governor_approves_and_the_scheme_starts_recruiting(
    scheme: Scheme, governor: User, client_for: ClientFor
) -> None:
    plan = complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    response = client_for(governor).post(
        decision_url(scheme), {"decision": "approved", "reason": "ignored"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/schemes/{scheme.pk}/"
    assert "You have approved the plan: Listeners is now recruiting" in response.content.decode()
    scheme.refresh_from_db()
    plan.refresh_from_db()
    assert scheme.status == SchemeStatus.RECRUITING
    assert scheme.launched_on == timezone.localdate()
    assert plan.approval == PlanApproval.APPROVED
    decision = PlanDecision.objects.get(plan=plan)
    assert decision.decision == PlanDecisionKind.APPROVED
    assert decision.decided_by == governor
    assert decision.reason == ""


def test_returning_a_plan_needs_a_reason(
    scheme: Scheme, governor: User, client_for: ClientFor
) -> None:
    plan = complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    response = client_for(governor).post(decision_url(scheme), {"decision": "returned"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#id_reason">Enter why you are returning the plan</a>' in error_summary(html)
    assert 'id="id_reason"' in html
    plan.refresh_from_db()
    assert plan.approval == PlanApproval.SUBMITTED


def test_a_decision_must_be_chosen(scheme: Scheme, governor: User, client_for: ClientFor) -> None:
    complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    html = client_for(governor).post(decision_url(scheme), {}).content.decode()
    summary = error_summary(html)
    assert '<a href="#id_decision_1">Select whether to approve the plan or return it</a>' in summary
    assert 'id="id_decision_1"' in html


def test_a_returned_plan_goes_back_to_the_coordinator_with_the_reason(
    scheme: Scheme, coordinator: User, governor: User, client_for: ClientFor
) -> None:
    plan = complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    reason = "Add the chaplaincy as a stakeholder and say how you will engage them."
    response = client_for(governor).post(
        decision_url(scheme), {"decision": "returned", "reason": reason}, follow=True
    )
    assert "You have returned the plan to the coordinator" in response.content.decode()
    plan.refresh_from_db()
    scheme.refresh_from_db()
    assert plan.approval == PlanApproval.RETURNED
    assert scheme.status == SchemeStatus.PLANNING
    action = Action.objects.get(scheme=scheme, source=ActionSource.PLAN_RETURNED)
    assert action.owner == coordinator
    assert reason in action.description
    assert action.due_date == timezone.localdate() + timedelta(days=14)
    html = client_for(coordinator).get(f"/schemes/{scheme.pk}/planning/").content.decode()
    assert "The plan was returned on" in html
    assert reason in html


def test_a_governor_cannot_approve_a_plan_that_was_not_submitted(
    scheme: Scheme, governor: User, client_for: ClientFor
) -> None:
    plan = complete_plan(scheme)
    client = client_for(governor)
    html = client.get(decision_url(scheme)).content.decode()
    assert "This plan is not waiting for approval" in html
    assert 'name="decision"' not in html
    response = client.post(decision_url(scheme), {"decision": "approved"})
    assert response.status_code == 200
    assert "Only a plan submitted for approval can be approved or returned" in error_summary(
        response.content.decode()
    )
    plan.refresh_from_db()
    scheme.refresh_from_db()
    assert plan.approval == PlanApproval.DRAFT
    assert scheme.status == SchemeStatus.PLANNING
    assert not PlanDecision.objects.exists()


def test_a_governor_cannot_approve_an_incomplete_plan(
    scheme: Scheme, governor: User, client_for: ClientFor
) -> None:
    # Submitted, then (by whatever means) a task is no longer complete: the service
    # checks again, whatever the page showed.
    plan = complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    Plan.objects.filter(pk=plan.pk).update(completed_tasks=[PlanTask.NEED])
    response = client_for(governor).post(decision_url(scheme), {"decision": "approved"})
    summary = error_summary(response.content.decode())
    assert f"“{PlanTask.IMPACT.label}” is not complete" in summary
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.PLANNING
    assert scheme.launched_on is None


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 403), ("staff", 403), ("analyst", 403), ("outsider", 404)],
)
def test_nobody_but_a_governor_of_the_prison_decides(
    persona: str,
    status: int,
    scheme: Scheme,
    personas: dict[str, User | None],
    client_for: ClientFor,
) -> None:
    plan = complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    client = client_for(personas[persona])
    assert client.get(decision_url(scheme)).status_code == status
    assert client.post(decision_url(scheme), {"decision": "approved"}).status_code == status
    plan.refresh_from_db()
    assert plan.approval == PlanApproval.SUBMITTED


def test_a_governor_of_another_prison_cannot_find_the_plan(
    scheme: Scheme, bristol: Prison, client_for: ClientFor
) -> None:
    complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    bristol_governor = user_with_role(Role.GOVERNOR, bristol)
    response = client_for(bristol_governor).post(decision_url(scheme), {"decision": "approved"})
    assert response.status_code == 404
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.PLANNING


# --- the printable summary ----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "staff", "governor"])
def test_the_printable_plan_has_every_task_on_one_page(
    persona: str, scheme: Scheme, personas: dict[str, User | None], client_for: ClientFor
) -> None:
    complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    html = client_for(personas[persona]).get(f"/schemes/{scheme.pk}/plan/print/").content.decode()
    assert "Plan for Listeners" in html
    assert 'media="print"' in html
    assert "Print this page" in html
    assert "app-no-print" in html
    for task in PlanTask:
        assert f'id="task-{task.value}"' in html
    assert "Head of safety" in html
    assert "Safer custody officer time" in html
    assert "7.50 hours a week" in html


def test_the_printable_plan_lists_the_governors_decisions(
    scheme: Scheme, governor: User, coordinator: User, client_for: ClientFor
) -> None:
    plan = complete_plan(scheme, approval=PlanApproval.RETURNED)
    PlanDecision.objects.create(
        plan=plan, decision=PlanDecisionKind.RETURNED, reason="Needs more", decided_by=governor
    )
    html = client_for(coordinator).get(f"/schemes/{scheme.pk}/plan/print/").content.decode()
    assert "Governors’ decisions" in html
    assert "Needs more" in html


def test_the_analyst_cannot_print_a_plan_that_names_people(
    scheme: Scheme, analyst: User, client_for: ClientFor
) -> None:
    complete_plan(scheme)
    StakeholderFactory(scheme=scheme, name="Sam Jones")
    response = client_for(analyst).get(f"/schemes/{scheme.pk}/plan/print/")
    assert response.status_code == 403
    assert b"Sam Jones" not in response.content


def test_the_overview_and_the_printed_plan_say_who_approved_the_plan(
    scheme: Scheme,
    coordinator: User,
    governor: User,
    analyst: User,
    client_for: Callable[[User | None], Client],
) -> None:
    plan = complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    plan_approve(plan=plan, by=governor, today=timezone.localdate())
    when = f"{timezone.localdate():%-d %B %Y}"
    overview = client_for(coordinator).get(f"/schemes/{scheme.pk}/").content.decode()
    assert f"Approved by {governor.display_name} on {when}" in overview
    printed = client_for(coordinator).get(f"/schemes/{scheme.pk}/plan/print/").content.decode()
    assert f"Approved by {governor.display_name} on {when}" in printed
    # The analyst learns when, never who.
    national = client_for(analyst).get(f"/schemes/{scheme.pk}/").content.decode()
    assert f"Approved on {when}" in national
    assert governor.display_name not in national
