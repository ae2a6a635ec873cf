"""Monthly returns, objectives' values and evaluations, as their users meet them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from monitoring import returns_rules
from monitoring.models import (
    ConfidentialityIncident,
    Evaluation,
    IndicatorValue,
    Measure,
    MonitoringIndicator,
    MonthlyReturn,
    ReturnStatus,
)
from schemes.models import Action, ActionSource, Scheme, SchemeStatus
from schemes.services.access import CLOSED_MESSAGE
from tests.factories import ActivityEntryFactory, SmartObjectiveFactory, seeded_risks
from tests.schemes.matrix_rows import date_parts

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User | None], Client]


@pytest.fixture
def last_month() -> date:
    return returns_rules.previous_month(timezone.localdate())


@pytest.fixture
def active(scheme: Scheme) -> Scheme:
    Scheme.objects.filter(pk=scheme.pk).update(
        status=SchemeStatus.ACTIVE,
        created_at=timezone.now() - timedelta(days=120),
        launched_on=timezone.localdate() - timedelta(days=100),
    )
    scheme.refresh_from_db()
    return scheme


def return_url(scheme: Scheme, month: date) -> str:
    return f"/schemes/{scheme.pk}/monitoring/returns/{month.year}/{month.month}/"


def press(client: Client, url: str, action: str, **extra: object) -> Any:
    found = MonthlyReturn.objects.filter(
        scheme_id=int(url.split("/")[2]),
        month__year=int(url.split("/")[5]),
        month__month=int(url.split("/")[6]),
    ).first()
    return client.post(url, {"action": action, "version": found.version if found else 0, **extra})


def test_the_coordinator_prepares_submits_the_governor_approves_and_a_correction_reopens_it(
    active: Scheme,
    coordinator: User,
    governor: User,
    client_for: ClientFor,
    last_month: date,
) -> None:
    month = last_month
    when = datetime(month.year, month.month, 3, 14, 0, tzinfo=timezone.get_current_timezone())
    for _ in range(3):
        ActivityEntryFactory(scheme=active, occurred_at=when, people_reached=2)
    risk = seeded_risks(active)["confidentiality"]
    ConfidentialityIncident.objects.create(
        risk=risk, occurred_on=when.date(), what_happened="x", action_taken="y"
    )
    counted = SmartObjectiveFactory(scheme=active, baseline=Decimal(1), target=Decimal(10))
    MonitoringIndicator.objects.create(objective=counted, measure=Measure.ENTRIES)
    entered = SmartObjectiveFactory(scheme=active, baseline=Decimal(10), target=Decimal(4))
    IndicatorValue.objects.create(
        objective=entered, month=month, value=Decimal(12), source="entered"
    )
    coordinator_client, governor_client = client_for(coordinator), client_for(governor)
    url = return_url(active, month)

    assert "This return has not been started" in coordinator_client.get(url).content.decode()
    assert press(coordinator_client, url, "prepare").status_code == 302
    found = MonthlyReturn.objects.get(scheme=active, month=month)
    assert found.status == ReturnStatus.DRAFT
    assert found.figures["activity"]["entries"] == 3
    assert found.figures["activity"]["people_reached"] == 6
    assert found.figures["incidents"] == 1
    by_id = {row["id"]: row for row in found.figures["objectives"]}
    assert by_id[counted.pk]["value"] == "3"
    assert by_id[entered.pk]["progress"] == "Off track"
    # The count's value is kept, so the objectives' latest values are one table.
    assert IndicatorValue.objects.get(objective=counted, month=month).source == "computed"

    assert press(coordinator_client, url, "submit").status_code == 302
    found.refresh_from_db()
    assert found.status == ReturnStatus.SUBMITTED
    assert found.submitted_at is not None
    # The coordinator cannot approve their own return, nor the governor reopen it.
    assert press(coordinator_client, url, "approve").status_code == 403
    assert press(governor_client, url, "reopen", reason="x").status_code == 403

    page = governor_client.get(url).content.decode()
    assert "Approve the return" in page
    assert press(governor_client, url, "approve").status_code == 302
    found.refresh_from_db()
    assert found.status == ReturnStatus.APPROVED
    assert found.approved_by == governor
    page = coordinator_client.get(url).content.decode()
    assert "Locked" in page
    assert "Refresh the figures" not in page
    # Locked: preparing again is refused, and nothing changes.
    response = press(coordinator_client, url, "prepare")
    assert response.status_code == 200
    assert "Only a draft or reopened return can be prepared again" in response.content.decode()

    # A reason is needed to reopen it.
    response = press(coordinator_client, url, "reopen", reason="  ")
    assert "Enter why the return is reopened" in response.content.decode()
    found.refresh_from_db()
    assert found.status == ReturnStatus.APPROVED
    assert (
        press(coordinator_client, url, "reopen", reason="A late sheet from B wing").status_code
        == 302
    )
    found.refresh_from_db()
    assert found.status == ReturnStatus.REOPENED
    assert found.reopen_reason == "A late sheet from B wing"
    assert found.approved_by is None
    assert press(coordinator_client, url, "prepare").status_code == 302
    assert press(coordinator_client, url, "submit").status_code == 302
    assert press(governor_client, url, "approve").status_code == 302
    found.refresh_from_db()
    assert found.status == ReturnStatus.APPROVED
    assert found.version == 7


def test_a_button_pressed_on_a_stale_page_answers_409_and_moves_nothing(
    active: Scheme, coordinator: User, client_for: ClientFor, last_month: date
) -> None:
    client = client_for(coordinator)
    url = return_url(active, last_month)
    press(client, url, "prepare")
    found = MonthlyReturn.objects.get(scheme=active)
    response = client.post(url, {"action": "submit", "version": found.version - 1 + 5})
    assert response.status_code == 409
    assert "Somebody else changed this return" in response.content.decode()
    found.refresh_from_db()
    assert found.status == ReturnStatus.DRAFT
    # A second "prepare" of a month that has a return, from a page that had none.
    assert client.post(url, {"action": "prepare", "version": 0}).status_code == 409


def test_the_analyst_sees_the_figures_with_no_names(
    active: Scheme,
    coordinator: User,
    analyst: User,
    staff: User,
    client_for: ClientFor,
    last_month: date,
) -> None:
    url = return_url(active, last_month)
    press(client_for(coordinator), url, "prepare")
    page = client_for(analyst).get(url).content.decode()
    assert "Activity entries" in page
    assert coordinator.display_name not in page
    assert "Prepare the figures" not in page
    assert client_for(analyst).post(url, {"action": "prepare"}).status_code == 403
    assert client_for(staff).post(url, {"action": "prepare"}).status_code == 403
    assert coordinator.display_name in client_for(coordinator).get(url).content.decode()


def test_a_return_is_for_a_real_month_no_later_than_this_one(
    active: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    base = f"/schemes/{active.pk}/monitoring/returns/"
    assert client.get(f"{base}2026/13/").status_code == 404
    assert client.get(f"{base}2026/0/").status_code == 404
    future = returns_rules.next_month(timezone.localdate())
    assert client.get(f"{base}{future.year}/{future.month}/").status_code == 404
    assert client.post(f"{base}2025/1/", {"action": "nonsense"}).status_code == 200


def test_a_closed_schemes_return_is_read_only(
    active: Scheme, coordinator: User, client_for: ClientFor, last_month: date
) -> None:
    Scheme.objects.filter(pk=active.pk).update(status=SchemeStatus.CLOSED)
    response = press(client_for(coordinator), return_url(active, last_month), "prepare")
    assert CLOSED_MESSAGE in response.content.decode()
    assert not MonthlyReturn.objects.exists()


def test_the_coordinator_enters_a_months_value_unless_it_is_read_from_the_activity_log(
    active: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    objective = SmartObjectiveFactory(scheme=active)
    client = client_for(coordinator)
    url = f"/schemes/{active.pk}/monitoring/objectives/{objective.pk}/values/"
    measure = f"/schemes/{active.pk}/monitoring/objectives/{objective.pk}/measure/"
    this_month = timezone.localdate().replace(day=1)
    response = client.post(url, {"month": f"{this_month:%Y-%m}", "value": "7.5"})
    assert response.status_code == 302
    assert IndicatorValue.objects.get(objective=objective).value == Decimal("7.5")
    response = client.post(url, {"month": "2999-01", "value": "x"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select the month" in page
    assert "Enter the value as a number" in page

    response = client.post(measure, {"measure": "outcome", "outcome": "", "version": "0"})
    assert "Select the outcome" in response.content.decode()
    response = client.post(
        measure, {"measure": "outcome", "outcome": "emotional-support", "version": "0"}
    )
    assert response.status_code == 302
    indicator = MonitoringIndicator.objects.get(objective=objective)
    assert indicator.outcome == "emotional-support"
    page = client.get(url).content.decode()
    assert "Enter a month&#x27;s value" not in page
    assert "From the activity log" in page
    response = client.post(url, {"month": f"{this_month:%Y-%m}", "value": "1"})
    assert "read from the activity log" in response.content.decode()
    # Saving the measure from a stale page keeps what is saved.
    response = client.post(measure, {"measure": "entries", "version": "0"})
    assert response.status_code == 409
    indicator.refresh_from_db()
    assert indicator.measure == Measure.OUTCOME


def evaluation_body(**changes: str) -> dict[str, str]:
    today = timezone.localdate()
    return {
        **date_parts("period_start", today - timedelta(days=180)),
        **date_parts("period_end", today),
        "own_questions": "Do new arrivals know how to reach a Listener?",
        "method": "Monthly returns and interviews with staff",
        "worked_as_intended": "",
        "long_enough": "",
        "findings": "",
        **changes,
    }


def test_an_evaluation_compares_baselines_with_follow_ups_and_its_adjustments_become_actions(
    active: Scheme, coordinator: User, analyst: User, client_for: ClientFor
) -> None:
    objective = SmartObjectiveFactory(scheme=active, baseline=Decimal(10), target=Decimal(4))
    month = returns_rules.previous_month(timezone.localdate())
    IndicatorValue.objects.create(
        objective=objective, month=month, value=Decimal(6), source="entered"
    )
    client = client_for(coordinator)
    base = f"/schemes/{active.pk}/monitoring/evaluations/"
    response = client.post(f"{base}new/", evaluation_body(method=""))
    assert "Enter the method" in response.content.decode()
    response = client.post(f"{base}new/", evaluation_body())
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(scheme=active)
    page = client.get(f"{base}{evaluation.pk}/").content.decode()
    assert "Has it worked as intended?" in page
    assert "Has it run long enough to achieve what it sets out to do?" in page
    assert "Do new arrivals know how to reach a Listener?" in page
    assert f"6 ({month:%B %Y})" in page
    assert "On track" in page

    # Two people change it: the second answers 409, keeping what they typed.
    change = f"{base}{evaluation.pk}/change/"
    assert client.post(change, evaluation_body(findings="First", version="1")).status_code == 302
    response = client.post(change, evaluation_body(findings="Second", version="1"))
    assert response.status_code == 409
    assert "Second" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.findings == "First"

    response = client.post(
        f"{base}{evaluation.pk}/adjustments/new/",
        {
            "summary": "Add a night Listener on B wing",
            "owner": str(coordinator.pk),
            **date_parts("due_date", timezone.localdate() + timedelta(days=14)),
            "changes_design": "yes",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(scheme=active)
    assert action.source == ActionSource.EVALUATION
    assert action.owner == coordinator
    page = client.get(f"{base}{evaluation.pk}/").content.decode()
    assert f"/schemes/{active.pk}/planning/amend/" in page
    # The analyst sees the list (periods and counts), not the findings.
    listing = client_for(analyst).get(base).content.decode()
    assert "Recorded" in listing
    assert client_for(analyst).get(f"{base}{evaluation.pk}/").status_code == 403


def test_an_adjustment_due_in_the_past_is_refused(
    active: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    evaluation = Evaluation.objects.create(
        scheme=active,
        period_start=timezone.localdate() - timedelta(days=30),
        period_end=timezone.localdate(),
        method="Returns",
    )
    response = client_for(coordinator).post(
        f"/schemes/{active.pk}/monitoring/evaluations/{evaluation.pk}/adjustments/new/",
        {
            "summary": "Something",
            "owner": str(coordinator.pk),
            **date_parts("due_date", timezone.localdate() - timedelta(days=1)),
            "changes_design": "no",
        },
    )
    assert "The due date must be today or in the future" in response.content.decode()
    assert not Action.objects.exists()
