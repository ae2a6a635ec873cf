"""Phase 4 on the scheme page as a task list of the guidance's nine items; returns due
on the 10th and for approval; the health signals and the self-assessment's evidence."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import User
from monitoring import phase, returns_rules
from monitoring.models import (
    Evaluation,
    EvaluationAdjustment,
    IndicatorValue,
    MonthlyReturn,
    ReturnStatus,
)
from schemes import phases
from schemes.models import Scheme, SchemeStatus
from schemes.overview import scheme_overview
from tests.factories import SchemeFactory, SmartObjectiveFactory, seeded_risks

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 15)


def make_active(scheme: Scheme, launched: date = date(2026, 1, 5)) -> Scheme:
    Scheme.objects.filter(pk=scheme.pk).update(
        status=SchemeStatus.ACTIVE,
        created_at=datetime(2025, 12, 1, 9, tzinfo=timezone.get_current_timezone()),
        launched_on=launched,
    )
    scheme.refresh_from_db()
    return scheme


def test_phase_4_is_a_task_list_of_the_nine_items(scheme: Scheme, coordinator: User) -> None:
    make_active(scheme)
    seeded_risks(scheme)
    SmartObjectiveFactory(scheme=scheme, deadline=date(2026, 12, 31))
    evaluation = Evaluation.objects.create(
        scheme=scheme,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 5, 31),
        method="Returns",
        worked_as_intended="Mostly",
    )
    EvaluationAdjustment.objects.create(evaluation=evaluation, summary="More night cover")
    MonthlyReturn.objects.create(
        scheme=scheme,
        month=date(2026, 5, 1),
        status=ReturnStatus.APPROVED,
        approved_at=datetime(2026, 6, 8, 10, tzinfo=timezone.get_current_timezone()),
    )
    section = scheme_overview(scheme, coordinator, TODAY).phases[3]
    by_title = {task.title: task for task in section.tasks}
    assert len(section.tasks) == 9
    assert [task.title for task in section.tasks][4:] == [
        "Evaluate – has it worked as intended?",
        "Ensure objectives are SMART",
        "Ensure it runs long enough to achieve what it sets out to do",
        "Use management information or feedback",
        "Consider formal evaluation and adjust design and delivery",
    ]
    assert by_title["Evaluate – has it worked as intended?"].status == "Completed"
    assert by_title["Use management information or feedback"].status == "Completed"
    assert (
        by_title["Consider formal evaluation and adjust design and delivery"].status == "Completed"
    )
    long_enough = by_title["Ensure it runs long enough to achieve what it sets out to do"]
    assert long_enough.status == "In progress"
    assert "31 December 2026" in long_enough.hint
    attitudes = by_title["Monitor attitudes towards the peer supporters"]
    # No feedback round yet: the attitude surveys are not started.
    assert attitudes.status == "Not started"
    assert attitudes.href == f"/schemes/{scheme.pk}/monitoring/feedback/"


def test_a_scheme_in_planning_cannot_start_the_evaluation_items(
    scheme: Scheme, coordinator: User
) -> None:
    section = scheme_overview(scheme, coordinator, TODAY).phases[3]
    by_title = {task.title: task for task in section.tasks}
    assert by_title["Evaluate – has it worked as intended?"].status == "Cannot start yet"
    assert by_title["Use management information or feedback"].href is None


def test_the_overview_costs_the_same_queries_with_many_records(
    scheme: Scheme, coordinator: User, django_assert_max_num_queries: object
) -> None:
    make_active(scheme)
    seeded_risks(scheme)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            phase.overview(
                phases.OverviewContext(
                    scheme=scheme,
                    user=coordinator,
                    today=TODAY,
                    may_change=True,
                    may_see_people=True,
                )
            )
        return len(queries)

    small = count()
    for n in range(12):
        SmartObjectiveFactory(scheme=scheme)
        MonthlyReturn.objects.create(scheme=scheme, month=date(2025, n + 1, 1))
        Evaluation.objects.create(
            scheme=scheme, period_start=date(2026, 1, 1), period_end=date(2026, 2, 1), method="m"
        )
    assert count() == small == 3


def test_last_months_return_falls_due_on_the_tenth_for_the_coordinator(
    scheme: Scheme, coordinator: User
) -> None:
    make_active(scheme)
    assert [item for item in phase.due(date(2026, 6, 9)) if item.kind == "monthly-return"] == []
    items = [item for item in phase.due(date(2026, 6, 10)) if item.kind == "monthly-return"]
    assert [(i.scheme_id, i.user_ids, i.due) for i in items] == [
        (scheme.pk, (coordinator.pk,), date(2026, 6, 10))
    ]
    assert items[0].href == f"/schemes/{scheme.pk}/monitoring/returns/2026/5/"
    MonthlyReturn.objects.create(
        scheme=scheme,
        month=date(2026, 5, 1),
        status=ReturnStatus.SUBMITTED,
        submitted_at=datetime(2026, 6, 9, 9, tzinfo=timezone.get_current_timezone()),
    )
    assert [item for item in phase.due(date(2026, 6, 12)) if item.kind == "monthly-return"] == []


def test_a_submitted_return_is_due_to_the_prisons_governors(scheme: Scheme, governor: User) -> None:
    make_active(scheme)
    MonthlyReturn.objects.create(
        scheme=scheme,
        month=date(2026, 5, 1),
        status=ReturnStatus.SUBMITTED,
        submitted_at=datetime(2026, 6, 9, 9, tzinfo=timezone.get_current_timezone()),
    )
    items = [i for i in phase.due_many([scheme], TODAY) if i.kind == "monthly-return-approval"]
    assert [i.user_ids for i in items] == [(governor.pk,)]


def test_health_says_the_return_is_late_and_objectives_are_off_track(scheme: Scheme) -> None:
    make_active(scheme)
    objective = SmartObjectiveFactory(
        scheme=scheme, baseline=Decimal(10), target=Decimal(4), deadline=date(2026, 12, 31)
    )
    IndicatorValue.objects.create(
        objective=objective, month=date(2026, 5, 1), value=Decimal(13), source="entered"
    )
    reasons = [s.reason for s in phase.health_many([scheme], TODAY)[scheme.pk]]
    assert "Monthly return late" in reasons
    assert "Objectives off track: 1 objective" in reasons
    MonthlyReturn.objects.create(
        scheme=scheme, month=date(2026, 5, 1), status=ReturnStatus.SUBMITTED
    )
    IndicatorValue.objects.create(
        objective=objective, month=date(2026, 6, 1), value=Decimal(7), source="entered"
    )
    assert phase.health_many([scheme], TODAY)[scheme.pk] == []
    # Before the 10th nothing is late.
    MonthlyReturn.objects.all().delete()
    assert phase.health_many([scheme], date(2026, 6, 10))[scheme.pk] == []


def test_the_self_assessment_judges_the_evaluation_items_in_fixed_queries(
    scheme: Scheme, django_assert_max_num_queries: object
) -> None:
    make_active(scheme)
    others = [make_active(SchemeFactory(prison=scheme.prison)) for _ in range(5)]
    Evaluation.objects.create(
        scheme=scheme, period_start=date(2026, 1, 1), period_end=date(2026, 5, 1), method="m"
    )
    with django_assert_max_num_queries(5):  # type: ignore[operator]
        found = phase.evidence_many([scheme, *others], TODAY)
    items = {e.item: e for e in found[scheme.pk]}
    assert items[phase.EVALUATE_ITEM].rating == "partly met"
    assert items[phase.LONG_ENOUGH_ITEM].rating == "not met"  # no objectives yet
    assert items[phase.INFORMATION_ITEM].rating == "not met"
    assert items[phase.FORMAL_ITEM].rating == "not met"
    assert returns_rules.RATING[returns_rules.COMPLETED] == "met"
    assert all(item in phase.CHECKLIST for item in items)
