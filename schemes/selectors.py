"""Reading schemes: every read goes through the user's access (accounts.access)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import F, Func, IntegerField, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from accounts.access import Action, AnyUser, can, prison_ids_where
from accounts.models import Prison

from . import rules
from .models import (
    Plan,
    PlanApproval,
    Resource,
    Scheme,
    SchemeQuerySet,
    SmartObjective,
    Stakeholder,
)


def get_scheme_for_user(user: AnyUser, pk: int, action: Action = Action.VIEW) -> Scheme:
    """The scheme, if the user may see it and do ``action`` to it.

    A scheme at a prison the user does not belong to is a 404, so its existence is not
    disclosed; one they may see but not change is a 403.
    """
    scheme = Scheme.objects.select_related("prison", "coordinator").filter(pk=pk).first()
    if scheme is None or not can(user, Action.VIEW, scheme.prison_id):
        raise Http404("No such scheme")
    if not can(user, action, scheme.prison_id):
        raise PermissionDenied
    return scheme


def prisons_for_user(user: AnyUser, action: Action = Action.VIEW) -> QuerySet[Prison]:
    """The prisons at which the user may do ``action`` (all of them for an analyst)."""
    ids = prison_ids_where(user, action)
    prisons = Prison.objects.order_by("name")
    return prisons if ids is None else prisons.filter(pk__in=ids)


def scheme_list(
    *,
    user: AnyUser,
    prison: Prison | None = None,
    scheme_type: str = "",
    status: str = "",
) -> SchemeQuerySet:
    """The schemes the user may see, narrowed by the list page's filters."""
    schemes = Scheme.objects.visible_to(user).for_list()
    if prison is not None:
        schemes = schemes.filter(prison=prison)
    if scheme_type:
        schemes = schemes.filter(scheme_type=scheme_type)
    if status:
        schemes = schemes.filter(status=status)
    return schemes


def get_plan(scheme: Scheme) -> Plan:
    """The scheme's plan (made on first use for schemes created before plans existed)."""
    plan, _ = Plan.objects.select_related("scheme__prison", "submitted_by").get_or_create(
        scheme=scheme
    )
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
    today = today or timezone.localdate()
    # Two counting subqueries, not one join: joining resources to stakeholders would
    # scan their product (1,600 rows for a plan with 40 of each).
    counts = (
        Plan.objects.filter(pk=plan.pk)
        .annotate(
            resource_count=_count(Resource.objects.filter(plan=OuterRef("pk"))),
            stakeholder_count=_count(Stakeholder.objects.filter(scheme=OuterRef("scheme"))),
        )
        .values("resource_count", "stakeholder_count")
        .get()
    )
    objectives = list(
        SmartObjective.objects.filter(scheme_id=plan.scheme_id).values_list(
            "indicator", "relevance", "baseline", "target", "deadline"
        )
    )
    not_smart = sum(
        1
        for indicator, relevance, baseline, target, deadline in objectives
        if rules.smart_problems(
            indicator=indicator,
            relevance=relevance,
            baseline=baseline,
            target=target,
            deadline=deadline,
            scheme_need=plan.need,
            today=today,
        )
    )
    return rules.PlanCounts(
        resources=counts["resource_count"],
        stakeholders=counts["stakeholder_count"],
        objectives=len(objectives),
        objectives_not_smart=not_smart,
    )


def plans_awaiting_approval(prison_ids: set[int] | None) -> QuerySet[Plan]:
    """Submitted plans at the prisons (None: every prison), oldest first, in one query."""
    plans = Plan.objects.filter(approval=PlanApproval.SUBMITTED)
    if prison_ids is not None:
        plans = plans.filter(scheme__prison_id__in=prison_ids)
    return plans.select_related("scheme__prison", "submitted_by").order_by("submitted_at", "pk")
