"""The plans' submissions and approved versions, for the benchmark's data set.

Every submitted plan keeps its submission with the answers as sent; a plan approved
once is version 1, its approval pointing at that submission (planning.versions). One
step, appended to ``benchmarks.generate.STEPS`` after the decisions.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from planning.models import PlanDecision, PlanDecisionKind, PlanSubmission
from planning.versions import plan_snapshot

from .generate import BATCH_SIZE, Dataset


def add_submissions_and_versions(dataset: Dataset) -> None:
    """One submission per submitted plan (with its answers) and version 1 of each
    approved plan. A fixed number of bulk queries, whatever the scale."""
    resources: dict[int, list[Any]] = defaultdict(list)
    for resource in dataset.resources:
        resources[resource.plan_id].append(resource)
    stakeholders: dict[int, list[Any]] = defaultdict(list)
    for stakeholder in dataset.stakeholders:
        stakeholders[stakeholder.scheme_id].append(stakeholder)
    objectives: dict[int, list[Any]] = defaultdict(list)
    for objective in dataset.objectives:
        objectives[objective.scheme_id].append(objective)
    schemes = {scheme.pk: scheme for scheme in dataset.schemes}
    submissions = [
        PlanSubmission(
            plan=plan,
            number=1,
            submitted_at=plan.submitted_at,
            submitted_by=plan.submitted_by,
            answers=plan_snapshot(
                plan,
                review_cadence_months=schemes[plan.scheme_id].review_cadence_months,
                resources=resources[plan.pk],
                stakeholders=stakeholders[plan.scheme_id],
                objectives=objectives[plan.scheme_id],
            ),
        )
        for plan in dataset.plans
        if plan.submitted_at is not None
    ]
    created = PlanSubmission.objects.bulk_create(submissions, batch_size=BATCH_SIZE)
    by_plan = {submission.plan_id: submission for submission in created}
    for decision in dataset.decisions:
        decision.submission = by_plan.get(decision.plan_id)
        if decision.decision == PlanDecisionKind.APPROVED:
            decision.version_number = 1
    PlanDecision.objects.bulk_update(
        dataset.decisions, ["submission", "version_number"], batch_size=BATCH_SIZE
    )
    dataset.submissions = created
