"""The recruitment page, the turnover forecast and the contingency plans, as people
use them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from accounts.models import User
from recruitment.models import ApplicationStatus, ContingencyPlan, PlacementStatus
from schemes.models import Scheme, SchemeStatus
from tests.factories import (
    ApplicationFactory,
    ContingencyPlanFactory,
    PlacementFactory,
    PrisonerFactory,
    RecruitmentRoundFactory,
)
from tests.pages import assert_error
from tests.schemes.matrix_rows import date_parts

ClientFor = Callable[[User | None], Client]


def leaving_soon(scheme: Scheme, days: int) -> None:
    prisoner = PrisonerFactory(
        prison=scheme.prison, earliest_release_date=timezone.localdate() + timedelta(days=days)
    )
    PlacementFactory(scheme=scheme, prisoner=prisoner)


def test_the_recruitment_page_shows_counts_against_the_minimum_and_target(
    scheme: Scheme, analyst: User, client_for: ClientFor
) -> None:
    for _ in range(2):
        PlacementFactory(scheme=scheme)
    PlacementFactory(scheme=scheme, status=PlacementStatus.PROBATION)
    PlacementFactory(scheme=scheme, status=PlacementStatus.IN_TRAINING)
    RecruitmentRoundFactory(scheme=scheme, title="Spring Listeners")
    # A name no user of the test has (their names come from the same short lists).
    prisoner = PrisonerFactory(prison=scheme.prison, first_name="Zebedee", last_name="Quayle")
    application = ApplicationFactory(
        scheme=scheme,
        prisoner=prisoner,
        status=ApplicationStatus.APPROVED,
        decided_on=timezone.localdate(),
    )
    ContingencyPlanFactory(scheme=scheme, title="Night lockdown")
    html = client_for(analyst).get(f"/schemes/{scheme.pk}/recruitment/").content.decode()
    assert '<dd class="govuk-summary-list__value" id="headcount">3 <strong' in html
    assert "Below the minimum" in html
    assert "Spring Listeners" in html
    assert '<strong id="waitlist-size">1</strong>' in html
    assert "Night lockdown" in html
    # Counts only: no one's name or number.
    assert application.prisoner.last_name not in html
    assert application.prisoner.prison_number not in html
    # The analyst may not add plans.
    assert "/recruitment/contingency/new/" not in html


def test_the_forecast_says_when_the_scheme_drops_below_its_minimum_and_when_to_recruit(
    scheme: Scheme, coordinator: User, analyst: User, client_for: ClientFor
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(minimum_peer_supporters=3)
    for _ in range(2):
        PlacementFactory(scheme=scheme)
    leaving_soon(scheme, days=50)
    waiting = ApplicationFactory(
        scheme=scheme,
        prisoner=PrisonerFactory(prison=scheme.prison, first_name="Zebedee", last_name="Quayle"),
        status=ApplicationStatus.APPROVED,
        decided_on=timezone.localdate(),
    )
    ApplicationFactory(scheme=scheme, status=ApplicationStatus.SHORTLISTED)
    html = (
        client_for(coordinator).get(f"/schemes/{scheme.pk}/recruitment/forecast/").content.decode()
    )
    assert "drops below the minimum of 3 in the week starting" in html
    assert "by 1 peer supporter. Start a new recruitment round" in html
    assert html.count('<tr class="govuk-table__row">') >= 27  # the header and 26 weeks
    assert "<svg" in html
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert '<dd class="govuk-summary-list__value" id="waiting">1</dd>' in html
    assert "Pending: shortlisted" in html
    assert waiting.prisoner.full_name in html
    # The analyst sees the same counts, never the names.
    html = client_for(analyst).get(f"/schemes/{scheme.pk}/recruitment/forecast/").content.decode()
    assert '<dd class="govuk-summary-list__value" id="waiting">1</dd>' in html
    assert waiting.prisoner.full_name not in html


def test_the_coordinator_adds_a_contingency_plan_and_it_unblocks_the_gate(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.RECRUITING)
    client = client_for(coordinator)
    path = f"/schemes/{scheme.pk}/recruitment/contingency/new/"
    today = timezone.localdate()
    response = client.post(
        path,
        {
            "scenario": "lockdown",
            "title": "Night lockdown",
            "response": "Staff offer the Samaritans phone on every landing.",
            "owner": str(coordinator.pk),
            **date_parts("next_review_on", today + timedelta(days=60)),
        },
    )
    assert response.status_code == 302
    plan = ContingencyPlan.objects.get(scheme=scheme)
    assert (plan.title, plan.owner, plan.created_by) == ("Night lockdown", coordinator, coordinator)
    html = client.get(f"/schemes/{scheme.pk}/recruitment/").content.decode()
    assert (
        "Add an emergency and contingency plan"
        not in html.split('id="gate-problems"')[1].split("</ul>")[0]
    )


def test_a_plan_reviewed_before_it_was_tested_is_refused_on_the_form(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    today = timezone.localdate()
    response = client_for(coordinator).post(
        f"/schemes/{scheme.pk}/recruitment/contingency/new/",
        {
            "scenario": "lockdown",
            "title": "Night lockdown",
            "response": "Staff offer the Samaritans phone.",
            "owner": str(coordinator.pk),
            **date_parts("last_tested_on", today),
            **date_parts("next_review_on", today - timedelta(days=3)),
        },
    )
    assert response.status_code == 200
    assert_error(
        response.content.decode(),
        "The date of the next test or review must be after the date it was last tested or reviewed",
    )
    assert not ContingencyPlan.objects.exists()


def test_a_stale_change_keeps_what_was_typed_and_answers_409(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    plan = ContingencyPlanFactory(scheme=scheme, owner=coordinator, title="Lockdown")
    stale = plan.version
    ContingencyPlan.objects.filter(pk=plan.pk).update(title="Lockdown (revised)", version=stale + 1)
    response = client_for(coordinator).post(
        f"/schemes/{scheme.pk}/recruitment/contingency/{plan.pk}/change/",
        {
            "scenario": "lockdown",
            "title": "My typed title",
            "response": "My typed response",
            "owner": str(coordinator.pk),
            **date_parts("next_review_on", timezone.localdate() + timedelta(days=30)),
            "version": str(stale),
        },
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Somebody else changed this plan" in html
    assert "My typed title" in html
    assert "Lockdown (revised)" in html
    plan.refresh_from_db()
    assert plan.title == "Lockdown (revised)"


def test_the_contingency_list_hides_owners_from_the_analyst(
    scheme: Scheme, coordinator: User, analyst: User, client_for: ClientFor
) -> None:
    ContingencyPlanFactory(scheme=scheme, owner=coordinator, title="Night lockdown")
    ContingencyPlanFactory(
        scheme=scheme,
        owner=coordinator,
        title="Partner withdraws",
        next_review_on=timezone.localdate() - timedelta(days=1),
    )
    html = (
        client_for(coordinator)
        .get(f"/schemes/{scheme.pk}/recruitment/contingency/")
        .content.decode()
    )
    assert "Night lockdown" in html
    assert "Plans past their review date" in html
    assert coordinator.display_name in html
    html = (
        client_for(analyst).get(f"/schemes/{scheme.pk}/recruitment/contingency/").content.decode()
    )
    assert "Night lockdown" in html
    assert coordinator.display_name not in html


def test_the_recruitment_page_links_only_to_pages_the_user_may_open(
    scheme: Scheme, coordinator: User, analyst: User, client_for: ClientFor
) -> None:
    path = f"/schemes/{scheme.pk}/recruitment/"
    html = client_for(coordinator).get(path).content.decode()
    for page in ("rounds", "applications", "waitlist", "peer-supporters", "training", "settings"):
        assert f'href="/schemes/{scheme.pk}/recruitment/{page}/"' in html
    html = client_for(analyst).get(path).content.decode()
    assert f'href="/schemes/{scheme.pk}/recruitment/rounds/"' in html
    for page in ("applications", "waitlist", "peer-supporters", "settings"):
        assert f'href="/schemes/{scheme.pk}/recruitment/{page}/"' not in html
