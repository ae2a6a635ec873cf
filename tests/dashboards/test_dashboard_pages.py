"""The dashboards and the self-assessment, as governors, coordinators and the national
analyst use them."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Prison, Role, User
from monitoring.dashboards.snapshots import activity_months
from monitoring.models import RiskEntry, RiskStatus
from monitoring.models_returns import IndicatorValue
from planning.models import PlanApproval
from schemes import phases
from schemes.models import ActionStatus, Scheme, SchemeStatus
from tests.factories import (
    ActionFactory,
    SchemeFactory,
    SmartObjectiveFactory,
    SuitabilityCheckFactory,
    complete_plan,
)

ClientFor = Callable[[User | None], Client]


def page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def active(scheme: Scheme, *, launched_days_ago: int = 200, cadence: int = 3) -> Scheme:
    Scheme.objects.filter(pk=scheme.pk).update(
        status=SchemeStatus.ACTIVE,
        launched_on=timezone.localdate() - timedelta(days=launched_days_ago),
        review_cadence_months=cadence,
    )
    scheme.refresh_from_db()
    return scheme


@pytest.fixture
def figures_phase() -> Iterator[dict[int, dict[str, Any]]]:
    """A phase registered for one test that records people and activity (as
    recruitment and monitoring will): the figures it gives each scheme, by id."""
    given: dict[int, dict[str, Any]] = {}
    phases.register(
        phases.Phase(
            number=97,
            slug="test-figures",
            title="Test",
            summary="",
            checklist=(),
            figures_many=lambda schemes, day: {s.pk: given.get(s.pk, {}) for s in schemes},
        )
    )
    yield given
    phases._registry.pop(97)


# --- landing pages -----------------------------------------------------------------------


def test_a_governor_lands_on_their_prisons_dashboard(
    governor: User, leeds: Prison, client_for: ClientFor
) -> None:
    client = client_for(governor)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == f"/dashboard/prisons/{leeds.pk}/"
    assert '<h1 class="govuk-heading-l">HMP Leeds dashboard</h1>' in response.content.decode()


def test_the_analyst_lands_on_the_national_dashboard_and_a_coordinator_on_the_schemes(
    analyst: User, coordinator: User, client_for: ClientFor
) -> None:
    assert client_for(analyst).get("/")["Location"] == "/dashboard/national/"
    assert client_for(coordinator).get("/")["Location"] == "/schemes/"


def test_the_dashboard_link_takes_each_user_to_their_own_prison(
    outsider: User, bristol: Prison, client_for: ClientFor
) -> None:
    client = client_for(outsider)
    assert client.get("/dashboard/")["Location"] == f"/dashboard/prisons/{bristol.pk}/"


def test_another_prisons_dashboard_is_not_disclosed(
    outsider: User, leeds: Prison, scheme: Scheme, client_for: ClientFor
) -> None:
    client = client_for(outsider)
    assert client.get(f"/dashboard/prisons/{leeds.pk}/").status_code == 404
    assert client.get(f"/dashboard/prisons/{leeds.pk}/self-assessment/").status_code == 404
    assert client.get(f"/schemes/{scheme.pk}/self-assessment/").status_code == 404
    assert client.get("/dashboard/prisons/999999/").status_code == 404


# --- the governor's dashboard --------------------------------------------------------


def test_every_scheme_shows_its_health_with_the_reasons_red_first(
    governor: User, leeds: Prison, scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    active(scheme, launched_days_ago=200)  # never reviewed: due 3 months after launch
    ActionFactory(
        scheme=scheme,
        owner=coordinator,
        due_date=timezone.localdate() - timedelta(days=2),
        status=ActionStatus.OPEN,
    )
    healthy = SchemeFactory(prison=leeds, name="Insiders")
    html = page(client_for(governor), f"/dashboard/prisons/{leeds.pk}/")
    assert html.index("Listeners") < html.index("Insiders")  # the red scheme first
    assert "The review meeting was due on" in html
    assert "1 action overdue" in html
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in html
    assert "Nothing needs attention" in html  # the Insiders, in planning
    assert f'href="/schemes/{healthy.pk}/self-assessment/"' in html
    assert f'href="/schemes/{scheme.pk}/"' in html  # each scheme links to its page


def test_the_plans_waiting_for_the_governor_are_what_needs_them(
    governor: User, coordinator: User, leeds: Prison, scheme: Scheme, client_for: ClientFor
) -> None:
    complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    html = page(client_for(governor), f"/dashboard/prisons/{leeds.pk}/")
    assert "Plans to approve or return" in html
    assert (
        f'href="/schemes/{scheme.pk}/planning/decision/">Approve or return the plan for Listeners'
        in html
    )
    # The coordinator does not decide plans: it is not what needs them.
    html = page(client_for(coordinator), f"/dashboard/prisons/{leeds.pk}/")
    assert "Plans to approve or return" not in html
    assert "Nothing at HMP Leeds is waiting for you today." in html


def test_figures_no_phase_records_yet_say_so_and_are_never_made_up(
    governor: User, leeds: Prison, scheme: Scheme, client_for: ClientFor
) -> None:
    html = page(client_for(governor), f"/dashboard/prisons/{leeds.pk}/")
    # Recruitment records peer supporters: none yet is 0, against the minimum of 6.
    assert '<td class="govuk-table__cell">0 (6)</td>' in html
    assert "Peer supporters are not recorded yet." not in html
    # Monitoring records activity: its monthly summaries give every scheme its counts,
    # none logged yet being 0, not "not recorded".
    assert "Activity is not recorded yet." not in html
    assert "Activity logged each month, by scheme" in html


def test_people_and_activity_figures_appear_as_a_phase_records_them(
    governor: User,
    leeds: Prison,
    scheme: Scheme,
    figures_phase: dict[int, dict[str, Any]],
    client_for: ClientFor,
) -> None:
    active(scheme)
    today = timezone.localdate()
    months = activity_months(today)
    figures_phase[scheme.pk] = {
        phases.HEADCOUNT: 4,
        phases.FORECAST_LOW: (today + timedelta(weeks=3), 3),
        phases.ACTIVITY_BY_MONTH: {months[0]: 10, months[1]: 12, months[2]: 9},
        phases.LAST_ACTIVITY: today - timedelta(days=2),
    }
    html = page(client_for(governor), f"/dashboard/prisons/{leeds.pk}/")
    assert "4 peer supporters now, below the minimum of 6" in html  # a red reason
    assert "4 (6)" in html
    assert "Peer supporters now, against each scheme&#x27;s minimum" in html
    assert html.count("app-chart__svg") == 2  # people and activity charts
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">31</td>' in html  # total
    assert 'role="img"' in html
    assert "style=" not in html.split("<main", 1)[1]  # the CSP: no inline style
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


# --- the national dashboard ----------------------------------------------------------


@pytest.fixture
def estate(leeds: Prison, bristol: Prison, scheme: Scheme) -> list[Scheme]:
    Prison.objects.filter(pk=leeds.pk).update(region="yorkshire", population=1100)
    Prison.objects.filter(pk=bristol.pk).update(region="south-west", population=600)
    reading = SchemeFactory(prison=bristol, name="Toe by Toe", scheme_type="reading")
    return [scheme, reading]


def test_the_analyst_sees_the_estate_by_region_type_and_prison_without_a_name(
    analyst: User,
    coordinator: User,
    estate: list[Scheme],
    figures_phase: dict[int, dict[str, Any]],
    client_for: ClientFor,
) -> None:
    listeners, reading = estate
    figures_phase[listeners.pk] = {phases.HEADCOUNT: 3}
    figures_phase[reading.pk] = {phases.HEADCOUNT: 14}
    html = page(client_for(analyst), "/dashboard/national/")
    for heading in ("Schemes by region", "Schemes by type", "Schemes by prison"):
        assert heading in html
    assert "Yorkshire and the Humber" in html
    assert "HMP Bristol" in html
    assert "fewer than 5" in html  # Leeds's 3 peer supporters
    assert ">14<" in html
    # No person: not the coordinator, not a scheme's name.
    assert coordinator.get_full_name() not in html
    assert "Listeners</a>" not in html.split("Schemes by type")[0]
    assert html.count("app-chart__svg") == 2
    assert html.count("as CSV") == 8


def test_the_analyst_filters_the_estate_by_region(
    analyst: User, estate: list[Scheme], client_for: ClientFor
) -> None:
    html = page(client_for(analyst), "/dashboard/national/?region=south-west")
    assert "1 scheme matching the filters" in html
    assert "HMP Leeds" not in html
    response = client_for(analyst).get("/dashboard/national/?region=atlantis")
    assert response.status_code == 200
    assert "Select a region from the list" in response.content.decode()


def test_every_table_downloads_as_csv_with_the_filters_and_suppression(
    analyst: User,
    estate: list[Scheme],
    figures_phase: dict[int, dict[str, Any]],
    client_for: ClientFor,
) -> None:
    figures_phase[estate[0].pk] = {phases.HEADCOUNT: 2}
    client = client_for(analyst)
    for table in ("status", "regions", "types", "prisons"):
        response = client.get(f"/dashboard/national/download/?table={table}")
        assert response.status_code == 200
        assert response.streaming
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert f"peer-support-{table}-" in response["Content-Disposition"]
    response = client.get("/dashboard/national/download/?table=prisons&region=yorkshire")
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows[0][:3] == ["Prison", "Region", "Schemes"]
    assert [row[0] for row in rows[1:]] == ["HMP Leeds"]
    assert rows[1][rows[0].index("Peer supporters")] == "fewer than 5"
    assert client.get("/dashboard/national/download/?table=people").status_code == 404
    bad = client.get("/dashboard/national/download/?table=prisons&status=lost")
    assert bad.status_code == 302
    assert bad["Location"] == "/dashboard/national/?status=lost"


def test_the_national_dashboard_is_the_analysts_only(
    governor: User, coordinator: User, client_for: ClientFor
) -> None:
    assert client_for(governor).get("/dashboard/national/").status_code == 403
    assert client_for(coordinator).get("/dashboard/national/download/").status_code == 403


def test_the_prisons_table_pages_through_the_estate(
    analyst: User, client_for: ClientFor, db: None
) -> None:
    for index in range(30):
        Prison.objects.create(
            name=f"HMP Test {index:02d}", code=f"T{chr(65 + index // 26)}{chr(65 + index % 26)}"
        )
    html = page(client_for(analyst), "/dashboard/national/?page=2")
    assert "Showing prisons 26 to 30 of 30" in html
    assert "HMP Test 29" in html
    assert "HMP Test 00" not in html


# --- the self-assessment -------------------------------------------------------------


def test_a_schemes_self_assessment_lists_the_25_items_with_evidence_and_links(
    governor: User, scheme: Scheme, client_for: ClientFor
) -> None:
    complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    html = page(client_for(governor), f"/schemes/{scheme.pk}/self-assessment/")
    assert "Self-assessment of Listeners against the guidance" in html
    for number in range(1, 26):
        assert f">{number}. " in html
    assert "Why do you need it and what do you need it to do?" in html
    assert "the plan awaits a governor&#x27;s decision" in html
    assert "Have emergency and contingency plans in place" in html
    assert html.count("Not assessed yet") >= 15  # recruitment, monitoring, maintenance
    assert "Judged once the scheme is running" in html
    assert f'href="/schemes/{scheme.pk}/planning/">Act on this' in html
    assert 'data-module="app-print-link"' in html


def test_a_prisons_self_assessment_rolls_its_schemes_up(
    governor: User, leeds: Prison, scheme: Scheme, client_for: ClientFor
) -> None:
    complete_plan(scheme, approval=PlanApproval.APPROVED)
    SchemeFactory(prison=leeds, name="Insiders")  # an empty plan: nothing met
    SchemeFactory(prison=leeds, name="Old scheme", status=SchemeStatus.CLOSED)
    html = page(client_for(governor), f"/dashboard/prisons/{leeds.pk}/self-assessment/")
    assert "across the prison's 2 schemes that are not closed" in html
    assert "Old scheme" not in html
    assert html.count('govuk-tag--yellow">Partly met') == 7  # planning: 1 met, 1 not
    assert "Self-assessment of HMP Leeds against the guidance" in html


def test_the_analyst_sees_no_prisons_or_schemes_self_assessment(
    analyst: User, leeds: Prison, scheme: Scheme, client_for: ClientFor
) -> None:
    client = client_for(analyst)
    assert client.get(f"/dashboard/prisons/{leeds.pk}/").status_code == 403
    assert client.get(f"/schemes/{scheme.pk}/self-assessment/").status_code == 403


def test_about_scheme_health_explains_the_rules_to_anyone(client_for: ClientFor) -> None:
    html = page(client_for(None), "/dashboard/scheme-health/")
    assert "A scheme is <strong>red</strong> if any of its reasons is red" in html
    assert "within 8 weeks" in html
    assert "no activity logged for 14 days" in html


def test_a_governor_of_two_prisons_can_switch_between_them(
    governor: User, leeds: Prison, bristol: Prison, client_for: ClientFor
) -> None:
    governor.memberships.create(prison=bristol, role=Role.GOVERNOR)
    html = page(client_for(governor), f"/dashboard/prisons/{leeds.pk}/")
    assert f'href="/dashboard/prisons/{bristol.pk}/">HMP Bristol' in html


# --- the governor's dashboard: what a governor decides, risks and the equality check ---


def test_a_suitability_refusal_a_governor_might_override_needs_the_governor(
    governor: User, coordinator: User, leeds: Prison, scheme: Scheme, client_for: ClientFor
) -> None:
    refused = SuitabilityCheckFactory(application__scheme=scheme, outcome="not_cleared")
    # An overridden refusal and a check that cleared need nobody.
    SuitabilityCheckFactory(
        application__scheme=scheme,
        outcome="not_cleared",
        overridden_by=governor,
        overridden_at=timezone.now(),
        override_reason="Security have since reviewed the adjudication.",
    )
    SuitabilityCheckFactory(application__scheme=scheme, outcome="cleared")
    html = page(client_for(governor), f"/dashboard/prisons/{leeds.pk}/")
    assert "Suitability refusals you might override" in html
    href = f"/schemes/{scheme.pk}/recruitment/applications/{refused.application_id}/suitability/"
    assert f'href="{href}">Decide whether to override a suitability refusal in Listeners' in html
    assert html.count("Decide whether to override a suitability refusal") == 1
    assert (
        refused.application.prisoner.last_name
        not in html.split('id="needs-you"')[1].split('id="schemes"')[0]
    )
    # Only a governor overrides: the coordinator is not asked.
    html = page(client_for(coordinator), f"/dashboard/prisons/{leeds.pk}/")
    assert "Suitability refusals you might override" not in html


def test_the_monthly_returns_waiting_for_the_governor_are_what_needs_them(
    governor: User, leeds: Prison, scheme: Scheme, client_for: ClientFor
) -> None:
    active(scheme)
    item = phases.DueItem(
        kind="monthly-return-approval",
        record_id=1,
        scheme_id=scheme.pk,
        user_ids=(governor.pk,),
        due=timezone.localdate(),
        title="Approve the monthly return for Listeners",
        href=f"/schemes/{scheme.pk}/monitoring/returns/",
    )
    phases.register(
        phases.Phase(
            number=96,
            slug="test-due",
            title="Test",
            summary="",
            checklist=(),
            due_many=lambda schemes, day: [item],
        )
    )
    try:
        html = page(client_for(governor), f"/dashboard/prisons/{leeds.pk}/")
    finally:
        phases._registry.pop(96)
    assert "Monthly returns to approve" in html
    assert f'href="{item.href}">Approve the monthly return for Listeners' in html


def test_the_governor_sees_each_schemes_open_high_risks_with_their_owners(
    governor: User, coordinator: User, leeds: Prison, scheme: Scheme, client_for: ClientFor
) -> None:
    active(scheme)
    today = timezone.localdate()

    def risk(title: str, likelihood: int, impact: int, **extra: Any) -> RiskEntry:
        return RiskEntry.objects.create(
            scheme=scheme,
            title=title,
            likelihood=likelihood,
            impact=impact,
            review_on=today + timedelta(days=30),
            **extra,
        )

    worst = risk("Peer supporters pressured to pass items", 5, 5, owner=coordinator)
    risk("Too few trained to cover nights", 4, 4)
    risk("Leaflets out of date", 2, 2)  # not high
    risk("Closed and handled", 5, 4, status=RiskStatus.CLOSED)
    html = page(client_for(governor), f"/dashboard/prisons/{leeds.pk}/")
    section = html.split('id="high-risks"')[1].split('id="equality"')[0]
    assert "2 open high risks (scored 15 or more) across 1 scheme." in section
    assert section.index("pressured") < section.index("cover nights")  # highest first
    assert f'href="/schemes/{scheme.pk}/monitoring/risks/{worst.pk}/"' in section
    assert f'href="/schemes/{scheme.pk}/monitoring/risks/"' in section
    assert coordinator.get_full_name() in section
    assert "No owner" in section
    assert "Leaflets out of date" not in section
    assert "Closed and handled" not in section


def test_no_high_risks_says_so(
    governor: User, leeds: Prison, scheme: Scheme, client_for: ClientFor
) -> None:
    html = page(client_for(governor), f"/dashboard/prisons/{leeds.pk}/")
    assert "No scheme at HMP Leeds has an open high risk." in html


def test_the_equality_checks_flags_link_to_the_check(
    governor: User,
    leeds: Prison,
    scheme: Scheme,
    client_for: ClientFor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    active(scheme)
    asked: list[list[int]] = []

    def flags(schemes: Any, day: Any) -> dict[int, int]:
        asked.append([s.pk for s in schemes])
        return {s.pk: 2 for s in schemes}

    monkeypatch.setattr("monitoring.dashboards.snapshots.equality_flags_many", flags)
    SchemeFactory(prison=leeds, name="Closed one", status=SchemeStatus.CLOSED)
    html = page(client_for(governor), f"/dashboard/prisons/{leeds.pk}/")
    section = html.split('id="equality"')[1].split('id="peer-supporters"')[0]
    assert f'href="/schemes/{scheme.pk}/monitoring/equality/">Listeners' in section
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in section
    assert asked == [[scheme.pk]]  # the prison's running schemes only


# --- the national dashboard: feedback results ---------------------------------------


def feedback(responses: int, percent: int | None) -> phases.FeedbackFigure:
    return phases.FeedbackFigure(
        title="Spring survey",
        closed_on=timezone.localdate(),
        responses=responses,
        satisfied_percent=percent,
        href="/",
    )


def test_the_analyst_sees_feedback_results_by_type_and_region_suppressed_under_five(
    analyst: User,
    estate: list[Scheme],
    figures_phase: dict[int, dict[str, Any]],
    client_for: ClientFor,
) -> None:
    listeners, reading = estate
    figures_phase[listeners.pk] = {phases.FEEDBACK_LATEST: feedback(30, 80)}
    figures_phase[reading.pk] = {phases.FEEDBACK_LATEST: feedback(4, None)}
    html = page(client_for(analyst), "/dashboard/national/")
    assert "Feedback results by type of scheme" in html
    assert "Feedback results by region" in html
    assert ">80%<" in html
    assert "Spring survey" not in html  # a round's title can name a scheme or a person
    client = client_for(analyst)
    for table in ("feedback-types", "feedback-regions"):
        response = client.get(f"/dashboard/national/download/?table={table}")
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))  # type: ignore[attr-defined]
        assert rows[0][1:] == ["Schemes with results", "Responses", "Satisfied"]
        by_name = {row[0]: row[1:] for row in rows[1:]}
        if table == "feedback-regions":
            assert by_name["Yorkshire and the Humber"] == ["1", "30", "80"]
            assert by_name["South West"] == ["0", "No closed rounds", "No closed rounds"]
        else:
            assert ["1", "30", "80"] in by_name.values()


def test_a_row_under_five_responses_shows_no_satisfaction(
    analyst: User,
    estate: list[Scheme],
    figures_phase: dict[int, dict[str, Any]],
    client_for: ClientFor,
) -> None:
    listeners, _ = estate
    # Rounds under 5 have no figure; a row's total is suppressed under 5 too.
    figures_phase[listeners.pk] = {phases.FEEDBACK_LATEST: feedback(3, 100)}
    response = client_for(analyst).get("/dashboard/national/download/?table=feedback-regions")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))  # type: ignore[attr-defined]
    assert {row[0]: row[1:] for row in rows[1:]}["Yorkshire and the Humber"] == [
        "1",
        "fewer than 5",
        "Not recorded yet",
    ]


def test_the_analyst_sees_the_objectives_met_by_type_and_region(
    analyst: User,
    estate: list[Scheme],
    figures_phase: dict[int, dict[str, Any]],
    client_for: ClientFor,
) -> None:
    listeners, _ = estate
    figures_phase[listeners.pk] = {phases.OBJECTIVES_MET: (1, 4)}
    html = page(client_for(analyst), "/dashboard/national/")
    assert "Objectives met by type of scheme" in html
    assert ">25%<" in html
    response = client_for(analyst).get("/dashboard/national/download/?table=objectives-regions")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))  # type: ignore[attr-defined]
    assert rows[0] == [
        "Region",
        "Active schemes with objectives",
        "Objectives",
        "Met",
        "Met (%)",
    ]
    by_name = {row[0]: row[1:] for row in rows[1:]}
    assert by_name["Yorkshire and the Humber"] == ["1", "4", "1", "25"]
    assert by_name["South West"] == ["0", "0", "0", "No objectives"]


def test_monitoring_counts_an_active_schemes_objectives_that_reached_their_target(
    scheme: Scheme, coordinator: User
) -> None:
    from monitoring import phase as monitoring_phase

    active(scheme)
    today = timezone.localdate()
    month = today.replace(day=1)
    down = SmartObjectiveFactory(scheme=scheme, baseline=20, target=12)  # reached by going down
    IndicatorValue.objects.create(objective=down, month=month, value=11, source="entered")
    up = SmartObjectiveFactory(scheme=scheme, baseline=10, target=30)
    IndicatorValue.objects.create(objective=up, month=month, value=15, source="entered")
    SmartObjectiveFactory(scheme=scheme)  # no value yet
    planning = SchemeFactory(prison=scheme.prison)
    SmartObjectiveFactory(scheme=planning)
    figures = monitoring_phase.figures_many([scheme, planning], today)
    assert figures[scheme.pk][phases.OBJECTIVES_MET] == (1, 3)
    assert figures[planning.pk][phases.OBJECTIVES_MET] is None  # not active


def test_a_refusal_falls_due_for_the_prisons_governors_until_overridden_or_decided(
    governor: User, coordinator: User, scheme: Scheme
) -> None:
    from reminders.rules import count_words

    refused = SuitabilityCheckFactory(application__scheme=scheme, outcome="not_cleared")
    today = timezone.localdate()
    found = [item for item in phases.due_items(today) if item.kind == "suitability-refusal"]
    assert [(item.record_id, item.user_ids) for item in found] == [(refused.pk, (governor.pk,))]
    assert refused.application.prisoner.last_name not in found[0].title
    assert count_words("suitability-refusal", 2) == "2 suitability refusals you might override"
    # Once the application is no longer live (withdrawn), nobody is asked.
    type(refused.application).objects.filter(pk=refused.application_id).update(
        status="withdrawn", decided_on=today
    )
    assert not [item for item in phases.due_items(today) if item.kind == "suitability-refusal"]
