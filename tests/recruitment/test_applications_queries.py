"""The rounds, applications and waitlist pages cost the same number of queries with a
few records or many."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from recruitment.models import Application, ApplicationStatus, DecisionReason, RecruitmentRound
from recruitment.services.applications import application_decide
from schemes.models import Scheme
from tests.factories import ApplicationFactory, RecruitmentRoundFactory

ClientFor = Callable[[User | None], Client]
TODAY = timezone.localdate()
STATUSES = [
    ApplicationStatus.APPLIED,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.ASSESSED,
    ApplicationStatus.APPROVED,
    ApplicationStatus.DECLINED,
]


def count_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def add(scheme: Scheme, rounds: int, applications: int) -> RecruitmentRound:
    """Rounds, and applications in every status spread over them."""
    made = [RecruitmentRoundFactory(scheme=scheme) for _ in range(rounds)]
    for n in range(applications):
        status = STATUSES[n % len(STATUSES)]
        decided = status in (ApplicationStatus.APPROVED, ApplicationStatus.DECLINED)
        ApplicationFactory(
            scheme=scheme,
            round=made[n % len(made)],
            status=status,
            decided_on=TODAY - timedelta(days=n) if decided else None,
        )
    return made[0]


def pages(
    scheme: Scheme, recruitment_round: RecruitmentRound, application: Application
) -> list[str]:
    base = f"/schemes/{scheme.pk}/recruitment/"
    return [
        base + "rounds/",
        f"{base}rounds/{recruitment_round.pk}/",
        f"{base}rounds/{recruitment_round.pk}/poster/",
        base + "applications/",
        base + "applications/?status=approved",
        f"{base}applications/?round={recruitment_round.pk}",
        f"{base}applications/{application.pk}/",
        f"{base}applications/{application.pk}/decision/",
        f"{base}applications/{application.pk}/letter/",
        base + "waitlist/",
        base + "applications/new/",
    ]


def decided_application(
    scheme: Scheme, coordinator: User, recruitment_round: RecruitmentRound
) -> Application:
    application = ApplicationFactory(scheme=scheme, round=recruitment_round)
    application_decide(
        application=application,
        by=coordinator,
        expected_version=application.version,
        to_status=ApplicationStatus.SHORTLISTED,
        criteria_met=dict.fromkeys(recruitment_round.criteria, True),
        reason=DecisionReason.MEETS_CRITERIA,
        today=TODAY,
    )
    return application


@pytest.mark.parametrize("persona", ["coordinator", "staff", "governor", "analyst"])
def test_the_recruitment_pages_cost_the_same_with_a_few_records_or_many(
    scheme: Scheme,
    coordinator: User,
    persona: str,
    request: pytest.FixtureRequest,
    client_for: ClientFor,
) -> None:
    user = request.getfixturevalue(persona)
    client = client_for(user)
    recruitment_round = add(scheme, rounds=1, applications=len(STATUSES))
    application = decided_application(scheme, coordinator, recruitment_round)
    paths = pages(scheme, recruitment_round, application)
    readable = [p for p in paths if client.get(p).status_code == 200]
    few = {path: count_queries(client, path) for path in readable}

    add(scheme, rounds=30, applications=90)
    for to_status in (ApplicationStatus.ASSESSED,):
        application.refresh_from_db()
        application_decide(
            application=application,
            by=coordinator,
            expected_version=application.version,
            to_status=to_status,
            criteria_met=dict.fromkeys(recruitment_round.criteria, True),
            reason=DecisionReason.MEETS_CRITERIA,
            today=TODAY,
        )
    many = {path: count_queries(client, path) for path in readable}
    assert many == few


def test_the_lists_stay_within_their_budget(
    scheme: Scheme, coordinator: User, client_for: ClientFor, django_assert_max_num_queries: object
) -> None:
    recruitment_round = add(scheme, rounds=25, applications=60)
    client = client_for(coordinator)
    base = f"/schemes/{scheme.pk}/recruitment/"
    # Every page: the session, the user, the scheme, the user's memberships and the
    # header's count of reminders (5). Then the page's own reads:
    budgets = {
        "rounds/": 5 + 2,  # the rounds counted, a page of them with their counts
        # the round, its applications counted by status, counted, a page of them
        f"rounds/{recruitment_round.pk}/": 5 + 4,
        "applications/": 5 + 3,  # the filter's rounds, the applications counted, a page
        # counts by status (both lists' lengths), a page of approved, a page of pending
        "waitlist/": 5 + 3,
    }
    for path, budget in budgets.items():
        with django_assert_max_num_queries(budget):  # type: ignore[operator]
            assert client.get(base + path).status_code == 200
