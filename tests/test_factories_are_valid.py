"""The factories and the benchmark generator write with bulk_create and plain saves for
speed: what they make must still pass the validation the services apply."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Model

from maintenance.models import ReviewMeeting
from monitoring.models import ActivityEntry, ActivityMonth, RiskEntry
from planning.models import Plan, Resource
from planning.rules import missing_parts, submission_problems
from planning.selectors import plan_counts
from recruitment.models import (
    Application,
    ContingencyPlan,
    Placement,
    Prisoner,
    RecruitmentRound,
    SignOffParty,
    SuitabilityCheck,
)
from schemes.models import Action, Scheme, SmartObjective, Stakeholder
from schemes.rules import smart_problems
from tests.factories import (
    ActionFactory,
    ActivityEntryFactory,
    ApplicationFactory,
    ContingencyPlanFactory,
    PlacementFactory,
    PlanFactory,
    RecruitmentRoundFactory,
    ResourceFactory,
    ReviewMeetingFactory,
    SchemeFactory,
    SmartObjectiveFactory,
    StakeholderFactory,
    SuitabilityCheckFactory,
    complete_plan,
    seeded_risks,
)

MODELS: list[type[Model]] = [
    Scheme,
    Plan,
    Resource,
    Stakeholder,
    SmartObjective,
    Action,
    ReviewMeeting,
    Prisoner,
    RecruitmentRound,
    Application,
    SignOffParty,
    SuitabilityCheck,
    Placement,
    ContingencyPlan,
    ActivityEntry,
    ActivityMonth,
    RiskEntry,
]


@pytest.mark.django_db
def test_every_factory_makes_records_that_pass_full_clean() -> None:
    scheme = SchemeFactory()
    PlanFactory(scheme=scheme)
    ResourceFactory(plan=scheme.plan)
    StakeholderFactory(scheme=scheme)
    SmartObjectiveFactory(scheme=scheme)
    ActionFactory(scheme=scheme)
    ReviewMeetingFactory(scheme=scheme)
    RecruitmentRoundFactory(scheme=scheme)
    SuitabilityCheckFactory(application=ApplicationFactory(scheme=scheme))
    PlacementFactory(scheme=scheme)
    ContingencyPlanFactory(scheme=scheme)
    ActivityEntryFactory(scheme=scheme)
    seeded_risks(scheme)
    for model in MODELS:
        records = list(model._default_manager.all())
        assert records, model
        for record in records:
            record.full_clean()


@pytest.mark.django_db
def test_a_complete_plan_from_the_factory_passes_the_planning_rules() -> None:
    scheme = SchemeFactory()
    plan = complete_plan(scheme)
    counts = plan_counts(plan)
    for task in plan.completed_tasks:
        assert missing_parts(plan, task, counts, review_cadence_months=3) == [], task
    assert submission_problems(plan) == []
    for objective in SmartObjective.objects.filter(scheme=scheme):
        assert not smart_problems(
            indicator=objective.indicator,
            relevance=objective.relevance,
            baseline=objective.baseline,
            target=objective.target,
            deadline=objective.deadline,
            scheme_need=plan.need,
            today=date.today(),  # noqa: DTZ011 - the factory's deadline is relative to today
        )
