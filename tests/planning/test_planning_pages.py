"""The planning checklist and its task forms: the coordinator answers the guidance's
questions, saves and comes back later, and marks each task complete; others read it."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from accounts.models import User
from planning.models import Plan, PlanApproval, PlanDecision, PlanDecisionKind, PlanTask
from schemes.models import Scheme
from tests.factories import (
    COMPLETE_ANSWERS,
    PlanFactory,
    ResourceFactory,
    complete_plan,
)
from tests.pages import assert_error, error_summary

ClientFor = Callable[[User | None], Client]


def planning_url(scheme: Scheme) -> str:
    return f"/schemes/{scheme.pk}/planning/"


def task_url(scheme: Scheme, task: str) -> str:
    return f"/schemes/{scheme.pk}/planning/{task}/"


# --- the checklist ------------------------------------------------------------------------


def test_coordinator_sees_one_task_per_guidance_question_not_started(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    PlanFactory(scheme=scheme)
    html = client_for(coordinator).get(planning_url(scheme)).content.decode()
    assert "govuk-task-list" in html
    for task in PlanTask:
        assert f'href="{task_url(scheme, task.value)}"' in html
        assert task.label in html
    assert html.count("Not started") == len(PlanTask)
    assert "You have completed 0 of 7 tasks" in html
    assert "Check and submit your plan" not in html


def test_a_new_scheme_has_an_empty_draft_plan(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    response = client_for(coordinator).get(planning_url(scheme))
    assert response.status_code == 200
    assert Plan.objects.filter(scheme=scheme, approval=PlanApproval.DRAFT).exists()


def test_statuses_show_tasks_in_progress_and_completed(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    PlanFactory(scheme=scheme, need="Self-harm is rising", completed_tasks=[PlanTask.IMPACT])
    ResourceFactory(plan=scheme.plan)
    html = client_for(coordinator).get(planning_url(scheme)).content.decode()
    assert html.count("govuk-tag--light-blue") == 2  # need, resources
    assert html.count("govuk-tag--blue") == 4
    assert "You have completed 1 of 7 tasks" in html


def test_check_and_submit_is_offered_once_every_task_is_complete(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    complete_plan(scheme)
    html = client_for(coordinator).get(planning_url(scheme)).content.decode()
    assert "You have completed 7 of 7 tasks" in html
    assert f'href="/schemes/{scheme.pk}/planning/check/"' in html
    assert "Check and submit your plan" in html


@pytest.mark.parametrize("persona", ["staff", "governor"])
def test_staff_and_governors_read_the_checklist_without_forms(
    persona: str, scheme: Scheme, personas: dict[str, User | None], client_for: ClientFor
) -> None:
    complete_plan(scheme)
    html = client_for(personas[persona]).get(planning_url(scheme)).content.decode()
    assert 'planning/need/"' not in html
    assert "Check and submit your plan" not in html
    # Each task leads to its answers, read-only, and the count is the coordinator's.
    assert f'href="/schemes/{scheme.pk}/planning/need/answers/"' in html
    assert "The coordinator has completed 7 of 7 tasks" in html
    assert "You have completed" not in html


def test_the_analyst_sees_statuses_but_no_links_names_or_reasons(
    scheme: Scheme, coordinator: User, governor: User, analyst: User, client_for: ClientFor
) -> None:
    plan = complete_plan(scheme, approval=PlanApproval.RETURNED)
    PlanDecision.objects.create(
        plan=plan,
        decision=PlanDecisionKind.RETURNED,
        reason="Ask Sam Jones on A wing first",
        decided_by=governor,
    )
    html = client_for(analyst).get(planning_url(scheme)).content.decode()
    assert "Completed" in html
    assert "govuk-task-list__link" not in html
    assert "/plan/print/" not in html
    assert "The plan was returned on" in html
    assert "Sam Jones" not in html
    assert governor.get_full_name() not in html


def test_a_returned_plan_shows_the_governors_reason_to_the_coordinator(
    scheme: Scheme, coordinator: User, governor: User, client_for: ClientFor
) -> None:
    plan = complete_plan(scheme, approval=PlanApproval.RETURNED)
    PlanDecision.objects.create(
        plan=plan,
        decision=PlanDecisionKind.RETURNED,
        reason="Add the chaplaincy as a stakeholder.",
        decided_by=governor,
    )
    html = client_for(coordinator).get(planning_url(scheme)).content.decode()
    assert "The plan was returned on" in html
    assert "Add the chaplaincy as a stakeholder." in html
    assert f"by {governor.display_name}" in html
    # A returned plan can change again, and be submitted again.
    assert f'href="{task_url(scheme, "need")}"' in html
    assert "Check and submit your plan" in html


def test_a_submitted_plan_is_read_only_for_the_coordinator(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    html = client_for(coordinator).get(planning_url(scheme)).content.decode()
    assert "Awaiting approval" in html
    assert "waiting for a governor's approval" in html.replace("&#x27;", "'")
    assert f'href="{task_url(scheme, "need")}"' not in html
    assert "Check and submit your plan" not in html


def test_a_governor_is_offered_the_decision_on_a_submitted_plan(
    scheme: Scheme, governor: User, client_for: ClientFor
) -> None:
    complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    html = client_for(governor).get(planning_url(scheme)).content.decode()
    assert f'href="/schemes/{scheme.pk}/planning/decision/"' in html


# --- a task's form ------------------------------------------------------------------------


def test_each_task_page_asks_the_guidance_question_with_two_buttons(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    PlanFactory(scheme=scheme)
    client = client_for(coordinator)
    for task in PlanTask:
        html = client.get(task_url(scheme, task.value)).content.decode()
        assert f'<h1 class="govuk-heading-l">{task.label}</h1>' in html
        assert "The guidance says:" in html
        assert "Save and come back later" in html
        assert "Mark as complete" in html
        assert 'name="version"' in html


def test_an_unknown_task_is_not_found(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    PlanFactory(scheme=scheme)
    assert client_for(coordinator).get(task_url(scheme, "budget")).status_code == 404


def test_saving_and_coming_back_later_keeps_the_answers_in_progress(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    plan = PlanFactory(scheme=scheme)
    response = client_for(coordinator).post(
        task_url(scheme, "need"),
        {"need": "Self-harm is rising", "version": plan.version, "then": "save"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == planning_url(scheme)
    html = response.content.decode()
    assert (
        "Your answers to “Why do you need it and what do you need it to do?” have been saved"
        in html
    )
    assert "govuk-tag--light-blue" in html
    plan.refresh_from_db()
    assert plan.need == "Self-harm is rising"
    assert not plan.is_complete(PlanTask.NEED)


def test_marking_complete_with_every_answer_completes_the_task(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    plan = PlanFactory(scheme=scheme)
    answers = {
        name: COMPLETE_ANSWERS[name] for name in ("need", "need_evidence", "intended_outcomes")
    }
    response = client_for(coordinator).post(
        task_url(scheme, "need"),
        {**answers, "version": plan.version, "then": "complete"},
        follow=True,
    )
    assert "You have completed “Why do you need it and what do you need it to do?”" in (
        response.content.decode()
    )
    plan.refresh_from_db()
    assert plan.is_complete(PlanTask.NEED)


def test_marking_complete_lists_what_is_missing_and_saves_the_answers_anyway(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    plan = PlanFactory(scheme=scheme)
    response = client_for(coordinator).post(
        task_url(scheme, "need"),
        {"need": "Self-harm is rising", "version": plan.version, "then": "complete"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert_error(html, "Give the evidence of the need", "need_evidence")
    assert_error(html, "Say what the scheme needs to do", "intended_outcomes")
    assert "Say why the scheme is needed" not in error_summary(html)
    assert "govuk-input--error" in html  # the pack marks textareas with the input class
    assert "Your answers have been saved, but the task is not complete yet" in html
    assert "<title>Error: " in html
    plan.refresh_from_db()
    assert plan.need == "Self-harm is rising"
    assert not plan.is_complete(PlanTask.NEED)
    # The form carries the saved version, so saving again works.
    assert f'name="version" value="{plan.version}"' in html


def test_changing_a_completed_task_takes_it_back_to_in_progress(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    plan = complete_plan(scheme)
    client_for(coordinator).post(
        task_url(scheme, "need"),
        {
            "need": "Changed",
            "need_evidence": "x",
            "intended_outcomes": "y",
            "version": plan.version,
            "then": "save",
        },
    )
    plan.refresh_from_db()
    assert not plan.is_complete(PlanTask.NEED)


@pytest.mark.parametrize(
    ("task", "answers", "field", "message"),
    [
        (
            "target-group",
            {"target_group_size": "lots"},
            "target_group_size",
            "Enter the estimated number as a whole number",
        ),
        (
            "target-group",
            {"target_group_size": "-4"},
            "target_group_size",
            "The estimated number must be 1 or more",
        ),
        (
            "target-group",
            {"target_group_size": "2.5"},
            "target_group_size",
            "Enter the estimated number as a whole number",
        ),
        (
            "peer-supporters",
            {"training_hours": "ten"},
            "training_hours",
            "Enter the hours of training as a whole number",
        ),
        (
            "peer-supporters",
            {"training_hours": "5000"},
            "training_hours",
            "The hours of training must be 1,000 or fewer",
        ),
        ("peer-supporters", {"pay": "sometimes"}, "pay", "Select whether peer supporters are paid"),
        (
            "peer-supporters",
            {"supervision_frequency": "never"},
            "supervision_frequency",
            "Select how often peer supporters are supervised",
        ),
        (
            "availability",
            {"available_days": ["mon", "someday"]},
            "available_days",
            "Select days from the list",
        ),
        (
            "availability",
            {"available_hours": "x" * 201},
            "available_hours",
            "The times must be 200 characters or fewer",
        ),
        (
            "impact",
            {"review_cadence_months": "4"},
            "review_cadence_months",
            "Select how often the scheme will be reviewed",
        ),
    ],
)
def test_bad_answers_are_refused_with_a_govuk_message_and_kept_on_the_page(
    task: str,
    answers: dict[str, object],
    field: str,
    message: str,
    scheme: Scheme,
    coordinator: User,
    client_for: ClientFor,
) -> None:
    plan = PlanFactory(scheme=scheme)
    typed = "Typed before the mistake, not to be lost"
    text_field = {
        "target-group": "target_group_who",
        "peer-supporters": "selection_route",
        "availability": "locations",
        "impact": "impact_evidence",
    }[task]
    response = client_for(coordinator).post(
        task_url(scheme, task),
        {**answers, text_field: typed, "version": plan.version, "then": "save"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert_error(html, message, field)
    assert "govuk-form-group--error" in html
    assert typed in html
    plan.refresh_from_db()
    assert getattr(plan, text_field) == ""


def test_availability_is_chosen_with_checkboxes(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    plan = PlanFactory(scheme=scheme)
    client = client_for(coordinator)
    html = client.get(task_url(scheme, "availability")).content.decode()
    assert len(re.findall(r'type="checkbox"\s+name="available_days"', html)) == 7
    assert len(re.findall(r'type="checkbox"\s+name="access_routes"', html)) == 4
    client.post(
        task_url(scheme, "availability"),
        {
            "available_days": ["mon", "wed"],
            "available_hours": "2pm to 4pm",
            "locations": "Education block",
            "access_routes": ["drop-in"],
            "version": plan.version,
            "then": "complete",
        },
    )
    plan.refresh_from_db()
    assert plan.available_days == ["mon", "wed"]
    assert plan.access_routes == ["drop-in"]
    assert plan.is_complete(PlanTask.AVAILABILITY)
    html = client.get(task_url(scheme, "availability")).content.decode()
    assert re.search(r'value="wed"\s+checked', html), "Wednesday is ticked when they come back"


def peer_supporter_answers(plan: Plan, **overrides: object) -> dict[str, object]:
    answers: dict[str, object] = {
        name: COMPLETE_ANSWERS[name]
        for name in (
            "selection_route",
            "training_provider",
            "training_hours",
            "supervision_frequency",
            "pay",
        )
    }
    return {**answers, "version": plan.version, **overrides}


def test_paid_peer_supporters_need_a_pay_band(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    plan = PlanFactory(scheme=scheme)
    html = (
        client_for(coordinator)
        .post(
            task_url(scheme, "peer-supporters"),
            peer_supporter_answers(plan, pay="paid", pay_band="", then="complete"),
        )
        .content.decode()
    )
    assert_error(html, "Give the pay band", "pay_band")
    assert 'class="govuk-radios__conditional' in html
    plan.refresh_from_db()
    assert plan.pay == "paid"
    assert not plan.is_complete(PlanTask.PEER_SUPPORTERS)


def test_unpaid_peer_supporters_have_no_pay_band(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    plan = PlanFactory(scheme=scheme)
    client_for(coordinator).post(
        task_url(scheme, "peer-supporters"),
        peer_supporter_answers(plan, pay="unpaid", pay_band="Band 3", then="complete"),
    )
    plan.refresh_from_db()
    assert plan.pay_band == ""
    assert plan.is_complete(PlanTask.PEER_SUPPORTERS)


def test_the_impact_task_sets_how_often_the_scheme_is_reviewed(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    plan = PlanFactory(scheme=scheme)
    client = client_for(coordinator)
    html = client.get(task_url(scheme, "impact")).content.decode()
    for label in (
        "Every month",
        "Every 2 months",
        "Every 3 months",
        "Every 6 months",
        "Every 12 months",
    ):
        assert label in html
    client.post(
        task_url(scheme, "impact"),
        {
            "review_cadence_months": "6",
            "impact_evidence": "Monthly figures",
            "version": plan.version,
        },
    )
    scheme.refresh_from_db()
    assert scheme.review_cadence_months == 6


def test_the_impact_task_needs_a_smart_objective_before_it_is_complete(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    plan = PlanFactory(scheme=scheme)
    response = client_for(coordinator).post(
        task_url(scheme, "impact"),
        {"impact_evidence": "Monthly figures", "version": plan.version, "then": "complete"},
    )
    html = response.content.decode()
    assert assert_error(html, "Add at least one SMART objective") == "#impact-list"
    assert_error(html, "Choose how often the scheme will be reviewed", "review_cadence_months")
    plan.refresh_from_db()
    assert plan.impact_evidence == "Monthly figures"


def test_add_an_objective_saves_the_answers_first(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    plan = PlanFactory(scheme=scheme)
    response = client_for(coordinator).post(
        task_url(scheme, "impact"),
        {"impact_evidence": "Monthly figures", "version": plan.version, "then": "add-objective"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/schemes/{scheme.pk}/planning/objectives/add/"
    plan.refresh_from_db()
    assert plan.impact_evidence == "Monthly figures"


def test_list_tasks_cannot_be_completed_empty(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    plan = PlanFactory(scheme=scheme)
    client = client_for(coordinator)
    for task, message in (
        ("resources", "Add at least one resource"),
        ("stakeholders", "Add at least one stakeholder"),
    ):
        plan.refresh_from_db()  # each save moves the plan's version on
        response = client.post(
            task_url(scheme, task), {"version": plan.version, "then": "complete"}
        )
        assert assert_error(response.content.decode(), message) == f"#{task}-list"
    plan.refresh_from_db()
    assert plan.completed_tasks == []


def test_a_list_task_with_a_record_can_be_completed(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    plan = PlanFactory(scheme=scheme)
    ResourceFactory(plan=plan)
    response = client_for(coordinator).post(
        task_url(scheme, "resources"), {"version": plan.version, "then": "complete"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_complete(PlanTask.RESOURCES)


# --- two people editing at once -----------------------------------------------------------


def test_a_stale_edit_is_refused_with_409_and_keeps_what_was_typed(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    plan = PlanFactory(scheme=scheme)
    opened_version = plan.version
    # Somebody else saves the task after this coordinator opened it.
    Plan.objects.filter(pk=plan.pk).update(need="Their answer", version=opened_version + 1)
    response = client_for(coordinator).post(
        task_url(scheme, "need"),
        {"need": "My answer, typed carefully", "version": opened_version, "then": "save"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Somebody else changed this plan after you opened this page" in html
    assert "My answer, typed carefully" in html
    assert "What is saved now" in html
    assert "Their answer" in html
    assert f'name="version" value="{opened_version + 1}"' in html
    plan.refresh_from_db()
    assert plan.need == "Their answer"


def test_saving_again_after_a_stale_edit_works(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    plan = PlanFactory(scheme=scheme)
    Plan.objects.filter(pk=plan.pk).update(need="Their answer", version=plan.version + 1)
    client = client_for(coordinator)
    client.post(task_url(scheme, "need"), {"need": "Mine", "version": plan.version})
    response = client.post(task_url(scheme, "need"), {"need": "Mine", "version": plan.version + 1})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.need == "Mine"


# --- a plan that cannot change now --------------------------------------------------------


@pytest.mark.parametrize(
    ("approval", "message"),
    [
        (PlanApproval.SUBMITTED, "The plan is waiting for a governor"),
        (PlanApproval.APPROVED, "The plan has been approved, so it cannot be changed"),
    ],
)
def test_a_locked_plan_offers_no_forms(
    approval: str, message: str, scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    plan = complete_plan(scheme, approval=approval)
    resource = plan.resources.get()
    client = client_for(coordinator)
    paths = [
        task_url(scheme, "need"),
        task_url(scheme, "resources"),
        f"/schemes/{scheme.pk}/planning/resources/add/",
        f"/schemes/{scheme.pk}/planning/resources/{resource.pk}/",
        f"/schemes/{scheme.pk}/planning/resources/{resource.pk}/remove/",
        f"/schemes/{scheme.pk}/planning/stakeholders/add/",
        f"/schemes/{scheme.pk}/planning/objectives/add/",
        f"/schemes/{scheme.pk}/planning/check/",
    ]
    for path in paths:
        for method in ("get", "post"):
            response = getattr(client, method)(path, {"need": "Sneaky change", "then": "save"})
            assert response.status_code == 302, (method, path)
            # A task's form shows that task's answers, read-only; the rest, the checklist.
            expected = (
                f"{task_url(scheme, 'need')}answers/"
                if path == task_url(scheme, "need")
                else f"{task_url(scheme, 'resources')}answers/"
                if path == task_url(scheme, "resources")
                else planning_url(scheme)
            )
            assert response["Location"] == expected, (method, path)
    assert message in client.get(planning_url(scheme)).content.decode().replace("&#x27;", "'")
    plan.refresh_from_db()
    assert plan.need == COMPLETE_ANSWERS["need"]
    assert plan.resources.count() == 1


@pytest.mark.parametrize("persona", ["staff", "governor", "analyst"])
def test_only_the_coordinator_can_change_the_plan(
    persona: str, scheme: Scheme, personas: dict[str, User | None], client_for: ClientFor
) -> None:
    plan = PlanFactory(scheme=scheme)
    response = client_for(personas[persona]).post(
        task_url(scheme, "need"), {"need": "Not mine to change", "version": plan.version}
    )
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.need == ""


def test_the_outsider_cannot_find_the_plan(
    scheme: Scheme, outsider: User, client_for: ClientFor
) -> None:
    PlanFactory(scheme=scheme)
    client = client_for(outsider)
    assert client.get(planning_url(scheme)).status_code == 404
    assert client.get(task_url(scheme, "need")).status_code == 404
