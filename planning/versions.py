"""Versions of the plan: its answers as they were sent to the governors, and what
changed between two sets of answers.

Each submission keeps its answers (``PlanSubmission.answers``, a snapshot made here);
an approved submission is a version of the plan. Snapshots hold plain values only, and
are read back as unsaved model instances, so the pages that show a version use the same
summaries and tables as the live plan.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from schemes.models import Scheme, SmartObjective, Stakeholder

from .models import Plan, Resource
from .rules import TASK_FIELDS

ANSWER_FIELDS: tuple[str, ...] = tuple(name for names in TASK_FIELDS.values() for name in names)


@dataclass
class PlanContents:
    """Everything a version of the plan says: its answers and its lists."""

    plan: Plan
    resources: list[Resource]
    stakeholders: list[Stakeholder]
    objectives: list[SmartObjective]


def plan_snapshot(
    plan: Any,
    *,
    review_cadence_months: int | None,
    resources: Iterable[Any],
    stakeholders: Iterable[Any],
    objectives: Iterable[Any],
) -> dict[str, Any]:
    """The plan's answers and lists as plain values (JSON), to keep with a submission.

    Takes anything with the models' attributes, so the migration that gave earlier
    submissions their answers uses it too.
    """
    return {
        "answers": {name: getattr(plan, name) for name in ANSWER_FIELDS},
        "completed_tasks": list(plan.completed_tasks),
        "review_cadence_months": review_cadence_months,
        "resources": [
            {
                "kind": resource.kind,
                "description": resource.description,
                "amount": str(resource.amount),
                "unit": resource.unit,
                "confirmed": resource.confirmed,
            }
            for resource in resources
        ],
        "stakeholders": [
            {
                "name": stakeholder.name,
                "kind": stakeholder.kind,
                "interest": stakeholder.interest,
                "engagement": stakeholder.engagement,
            }
            for stakeholder in stakeholders
        ],
        "objectives": [
            {
                "indicator": objective.indicator,
                "relevance": objective.relevance,
                "baseline": str(objective.baseline),
                "target": str(objective.target),
                "unit": objective.unit,
                "deadline": objective.deadline.isoformat(),
            }
            for objective in objectives
        ],
    }


def contents_snapshot(contents: PlanContents) -> dict[str, Any]:
    """The snapshot of contents already read (no queries)."""
    return plan_snapshot(
        contents.plan,
        review_cadence_months=contents.plan.scheme.review_cadence_months,
        resources=contents.resources,
        stakeholders=contents.stakeholders,
        objectives=contents.objectives,
    )


def snapshot_contents(snapshot: dict[str, Any], scheme: Scheme) -> PlanContents:
    """A snapshot read back as unsaved records of ``scheme`` (no queries)."""
    # A copy: the version's review cadence must not change the scheme the page shows.
    scheme_then = copy.copy(scheme)
    scheme_then.review_cadence_months = snapshot.get("review_cadence_months")
    plan = Plan(
        scheme=scheme_then,
        completed_tasks=list(snapshot.get("completed_tasks", [])),
        **{name: value for name, value in snapshot["answers"].items() if name in ANSWER_FIELDS},
    )
    return PlanContents(
        plan=plan,
        resources=[
            Resource(**{**row, "amount": Decimal(row["amount"])})
            for row in snapshot.get("resources", [])
        ],
        stakeholders=[
            Stakeholder(scheme=scheme_then, **row) for row in snapshot.get("stakeholders", [])
        ],
        objectives=[
            SmartObjective(
                scheme=scheme_then,
                **{
                    **row,
                    "baseline": Decimal(row["baseline"]),
                    "target": Decimal(row["target"]),
                    "deadline": date.fromisoformat(row["deadline"]),
                },
            )
            for row in snapshot.get("objectives", [])
        ],
    )
