"""The returns, values and evaluation pages cost the same number of queries with a few
records as with many: they read the monthly summaries and page their lists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from monitoring import returns_rules
from monitoring.models import (
    Evaluation,
    EvaluationAdjustment,
    IndicatorValue,
    Measure,
    MonitoringIndicator,
    MonthlyReturn,
)
from monitoring.returns_services import return_prepare
from schemes.models import Scheme, SchemeStatus, SmartObjective
from tests.factories import ActivityEntryFactory, SmartObjectiveFactory, seeded_risks

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User | None], Client]

# Each page: session and user (2), the header's reminders count (1), memberships (1),
# the scheme (1), then its own.
BUDGETS = {
    # the count and the page of returns, last month's return, the objectives (4)
    "returns/": 9,
    # the return (1); preparing is a POST
    "returns/{year}/{month}/": 7,
    # the objective, its measure, the values, the summaries and outcome counts (5)
    "objectives/{objective}/values/": 11,
    # the count and the page of evaluations (2)
    "evaluations/": 7,
    # the evaluation, its adjustments, the objectives and their values (4)
    "evaluations/{evaluation}/": 9,
}


def add_records(scheme: Scheme, coordinator: User, count: int) -> None:
    today = timezone.localdate()
    months = returns_rules_months(today, count)
    for n in range(count):
        objective = SmartObjectiveFactory(scheme=scheme, baseline=Decimal(n), target=Decimal(20))
        if n % 2:
            MonitoringIndicator.objects.create(objective=objective, measure=Measure.ENTRIES)
        ActivityEntryFactory(scheme=scheme, occurred_at=timezone.now() - timedelta(days=n * 3))
        evaluation = Evaluation.objects.create(
            scheme=scheme,
            period_start=today - timedelta(days=200),
            period_end=today,
            method="Returns",
        )
        EvaluationAdjustment.objects.create(evaluation=evaluation, summary=f"Change {n}")
    for month in months:
        MonthlyReturn.objects.get_or_create(scheme=scheme, month=month)
        for saved in SmartObjective.objects.filter(scheme=scheme):
            IndicatorValue.objects.get_or_create(
                objective=saved, month=month, defaults={"value": 3, "source": "entered"}
            )


def returns_rules_months(today: date, count: int) -> list[date]:
    months = [returns_rules.month_start(today)]
    for _ in range(min(count, 30) - 1):
        months.append(returns_rules.previous_month(months[-1]))
    return months


def count_queries(client: Client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


@pytest.mark.parametrize("subpath", BUDGETS)
def test_a_returns_pages_queries_do_not_grow_with_the_records(
    subpath: str, scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(
        status=SchemeStatus.ACTIVE, created_at=timezone.now() - timedelta(days=400)
    )
    seeded_risks(scheme)
    client = client_for(coordinator)
    objective = SmartObjectiveFactory(scheme=scheme)
    MonitoringIndicator.objects.create(objective=objective, measure=Measure.PEOPLE)
    evaluation = Evaluation.objects.create(
        scheme=scheme,
        period_start=timezone.localdate() - timedelta(days=60),
        period_end=timezone.localdate(),
        method="Returns",
    )
    month = returns_rules.previous_month(timezone.localdate())
    add_records(scheme, coordinator, 2)
    return_prepare(
        scheme=scheme, month=month, by=coordinator, expected_version=1, today=timezone.localdate()
    )
    path = f"/schemes/{scheme.pk}/monitoring/" + subpath.format(
        year=month.year, month=month.month, objective=objective.pk, evaluation=evaluation.pk
    )
    few = count_queries(client, path)
    add_records(scheme, coordinator, 30)
    many = count_queries(client, path)
    assert few == many
    assert many <= BUDGETS[subpath]


def test_preparing_a_return_costs_the_same_queries_with_many_objectives(
    scheme: Scheme, coordinator: User
) -> None:
    month = returns_rules.previous_month(timezone.localdate())
    today = timezone.localdate()

    def prepare() -> int:
        found = MonthlyReturn.objects.filter(scheme=scheme, month=month).first()
        with CaptureQueriesContext(connection) as captured:
            return_prepare(
                scheme=scheme,
                month=month,
                by=coordinator,
                expected_version=found.version if found else 0,
                today=today,
            )
        return len(captured)

    add_records(scheme, coordinator, 2)
    prepare()
    few = prepare()
    for n in range(20):
        objective = SmartObjectiveFactory(scheme=scheme)
        if n % 2:
            MonitoringIndicator.objects.create(objective=objective, measure=Measure.ENTRIES)
    prepare()
    many = prepare()
    assert few == many
