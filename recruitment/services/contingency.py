"""Writes for emergency and contingency plans (the guidance: "Have emergency and
contingency plans in place"). A scheme cannot start running without a current one
(recruitment.phase.gate)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.access import Permission, roles_at
from accounts.models import User
from peersupport.text import check_text_lengths
from schemes.models import Scheme
from schemes.services.access import require
from schemes.services.versioning import save_if_unchanged

from ..models import ContingencyPlan

OWNER_ELSEWHERE = "Choose an owner who works at this prison"
TESTED_IN_FUTURE = "The date it was last tested or reviewed must be today or in the past"
REVIEW_BEFORE_TEST = (
    "The date of the next test or review must be after the date it was last tested or reviewed"
)


def _check(
    scheme: Scheme, owner: User, last_tested_on: date | None, next_review_on: date, today: date
) -> None:
    if owner.pk not in roles_at(scheme.prison_id):
        raise ValidationError({"owner": OWNER_ELSEWHERE})
    if last_tested_on is not None and last_tested_on > today:
        raise ValidationError({"last_tested_on": TESTED_IN_FUTURE})
    if last_tested_on is not None and next_review_on <= last_tested_on:
        raise ValidationError({"next_review_on": REVIEW_BEFORE_TEST})


@transaction.atomic
def contingency_plan_create(
    *,
    scheme: Scheme,
    by: User,
    today: date,
    scenario: str,
    title: str,
    response: str,
    owner: User,
    last_tested_on: date | None,
    next_review_on: date,
) -> ContingencyPlan:
    """Record an emergency and contingency plan for the scheme (its coordinator)."""
    require(by, Permission.CHANGE, scheme)
    _check(scheme, owner, last_tested_on, next_review_on, today)
    plan = ContingencyPlan(
        scheme=scheme,
        scenario=scenario,
        title=title,
        response=response,
        owner=owner,
        last_tested_on=last_tested_on,
        next_review_on=next_review_on,
        created_by=by,
    )
    plan.full_clean()
    check_text_lengths(plan)
    plan.save()
    return plan


@transaction.atomic
def contingency_plan_update(
    *,
    plan: ContingencyPlan,
    by: User,
    expected_version: int,
    today: date,
    scenario: str,
    title: str,
    response: str,
    owner: User,
    last_tested_on: date | None,
    next_review_on: date,
) -> ContingencyPlan:
    """Change a plan (after a test or review, say), unless somebody changed it since
    ``expected_version`` was read (StaleEditError: nothing is written)."""
    require(by, Permission.CHANGE, plan.scheme)
    _check(plan.scheme, owner, last_tested_on, next_review_on, today)
    save_if_unchanged(
        plan,
        expected_version=expected_version,
        fields={
            "scenario": scenario,
            "title": title,
            "response": response,
            "owner": owner,
            "last_tested_on": last_tested_on,
            "next_review_on": next_review_on,
        },
        updated_at=timezone.now(),
    )
    return plan
