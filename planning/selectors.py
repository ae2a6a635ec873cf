"""Reading plans: each takes a scheme the caller has already fetched through the
user's access (schemes.selectors.get_scheme_for_user)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db.models import F, Func, IntegerField, OuterRef, QuerySet, Subquery
from django.utils import timezone

from schemes.models import Scheme, SmartObjective, Stakeholder
from schemes.rules import smart_problems

from . import rules
from .models import Plan, PlanApproval, Resource


def get_plan(scheme: Scheme) -> Plan:
    """The scheme's plan. Every scheme has one from the moment it is created (the
    registry's scheme_created hook), so reading it never writes."""
    plan = Plan.objects.select_related("submitted_by").get(scheme=scheme)
    plan.scheme = scheme
    return plan


def _count(records: QuerySet[Any]) -> Subquery:
    """COUNT(*) of ``records`` as a subquery (0 when there are none)."""
    return Subquery(
        records.order_by().values(total=Func(F("pk"), function="COUNT")).values("total")[:1],
        output_field=IntegerField(),
    )


def plan_counts(plan: Plan, today: date | None = None) -> rules.PlanCounts:
    """How many resources, stakeholders and objectives the plan has, and how many
    objectives fail the SMART check today. Two queries, whatever the numbers."""
    return plan_counts_many([plan], today)[plan.pk]


def plan_counts_many(
    plans: Sequence[Plan], today: date | None = None
) -> dict[int, rules.PlanCounts]:
    """``plan_counts`` for many plans at once, by plan id. Two queries, however many
    plans and records."""
    today = today or timezone.localdate()
    # Two counting subqueries, not one join: joining resources to stakeholders would
    # scan their product (1,600 rows for a plan with 40 of each).
    counts = {
        row["pk"]: row
        for row in Plan.objects.filter(pk__in=[plan.pk for plan in plans])
        .annotate(
            resource_count=_count(Resource.objects.filter(plan=OuterRef("pk"))),
            stakeholder_count=_count(Stakeholder.objects.filter(scheme=OuterRef("scheme"))),
        )
        .values("pk", "resource_count", "stakeholder_count")
    }
    objectives: dict[int, list[tuple[Any, ...]]] = {}
    for scheme_id, *objective in SmartObjective.objects.filter(
        scheme_id__in=[plan.scheme_id for plan in plans]
    ).values_list("scheme_id", "indicator", "relevance", "baseline", "target", "deadline"):
        objectives.setdefault(scheme_id, []).append(tuple(objective))
    result: dict[int, rules.PlanCounts] = {}
    for plan in plans:
        own = objectives.get(plan.scheme_id, [])
        not_smart = sum(
            1
            for indicator, relevance, baseline, target, deadline in own
            if smart_problems(
                indicator=indicator,
                relevance=relevance,
                baseline=baseline,
                target=target,
                deadline=deadline,
                scheme_need=plan.need,
                today=today,
            )
        )
        result[plan.pk] = rules.PlanCounts(
            resources=counts[plan.pk]["resource_count"],
            stakeholders=counts[plan.pk]["stakeholder_count"],
            objectives=len(own),
            objectives_not_smart=not_smart,
        )
    return result


def plans_awaiting_approval(prison_ids: set[int] | None) -> QuerySet[Plan]:
    """Submitted plans at the prisons (None: every prison), oldest first, in one query."""
    plans = Plan.objects.filter(approval=PlanApproval.SUBMITTED)
    if prison_ids is not None:
        plans = plans.filter(scheme__prison_id__in=prison_ids)
    return plans.select_related("scheme__prison", "submitted_by").order_by("submitted_at", "pk")
