"""Writes for indicators, monthly returns and evaluations.

A monthly return moves draft → submitted → approved (locked). The coordinator prepares
(and refreshes) its figures and submits it; a governor approves it, and then nothing
about it changes. A correction is the coordinator's: they reopen it (from submitted or
approved) with a written reason, refresh the figures and submit it again, and a
governor approves it again. Every move raises the version, so a stale page cannot move
it (StaleEditError: the page answers 409).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.access import Permission
from accounts.models import User
from peersupport.text import check_text_lengths
from schemes.models import ActionSource, Scheme, SmartObjective, Stakeholder
from schemes.services.access import require
from schemes.services.actions import action_create
from schemes.services.versioning import StaleEditError, save_if_unchanged

from . import returns_rules, rules
from .models_returns import (
    Evaluation,
    EvaluationAdjustment,
    IndicatorValue,
    Measure,
    MonitoringIndicator,
    MonthlyReturn,
    ReturnStatus,
    ValueSource,
)
from .returns_selectors import return_figures

FUTURE_MONTH = "The month must be this month or earlier"
COMPUTED = "This objective's value is read from the activity log: it cannot be entered"
NOT_PREPARED = "Prepare the figures before you submit the return"


def _check_month(month: date, today: date) -> None:
    if month.day != 1:
        raise ValidationError({"month": "Select a month"})
    if month > returns_rules.month_start(today):
        raise ValidationError({"month": FUTURE_MONTH})


# --- indicators -------------------------------------------------------------------------


@transaction.atomic
def indicator_set(
    *,
    objective: SmartObjective,
    by: User,
    measure: str,
    outcome: str = "",
    expected_version: int,
) -> MonitoringIndicator:
    """Say how an objective is measured: entered monthly, or a count from the activity
    summaries (entries, people reached, or entries with one outcome)."""
    scheme = objective.scheme
    require(by, Permission.CHANGE, scheme)
    if measure not in Measure.values:
        raise ValidationError({"measure": "Select how it is measured"})
    codes = dict(rules.outcome_choices(scheme.scheme_type))
    if measure == Measure.OUTCOME:
        if outcome not in codes:
            raise ValidationError({"outcome": "Select the outcome"})
    else:
        outcome = ""
    indicator = MonitoringIndicator.objects.filter(objective=objective).first()
    if indicator is None:
        if expected_version not in (0, None):
            raise StaleEditError
        indicator = MonitoringIndicator(objective=objective, measure=measure, outcome=outcome)
        indicator.full_clean()
        indicator.save()
        return indicator
    save_if_unchanged(
        indicator,
        expected_version=expected_version,
        fields={"measure": measure, "outcome": outcome},
        updated_at=timezone.now(),
    )
    return indicator


@transaction.atomic
def indicator_value_enter(
    *, objective: SmartObjective, by: User, month: date, value: Decimal, today: date
) -> IndicatorValue:
    """The coordinator's value of an objective's indicator for a month (a later entry
    for the same month replaces it; the audit trail keeps the earlier one)."""
    require(by, Permission.CHANGE, objective.scheme)
    _check_month(month, today)
    indicator = MonitoringIndicator.objects.filter(objective=objective).first()
    if indicator is not None and indicator.measure != Measure.ENTERED:
        raise ValidationError(COMPUTED)
    row = IndicatorValue.objects.filter(objective=objective, month=month).first()
    if row is None:
        row = IndicatorValue(objective=objective, month=month)
    row.value = value
    row.source = ValueSource.ENTERED
    row.entered_by = by
    row.full_clean()
    row.save()
    return row


def _save_computed_values(scheme: Scheme, month: date, figures: dict[str, object]) -> None:
    """Keep the month's computed values (counts from the activity log) as indicator
    values, so the objectives' latest values are one small table to read. Three
    queries at most, however many objectives."""
    rows = figures.get("objectives")
    assert isinstance(rows, list)
    computed = {
        row["id"]: Decimal(row["value"])
        for row in rows
        if row["source"] == "From the activity log" and row["value"] is not None
    }
    if not computed:
        return
    existing = {
        value.objective_id: value
        for value in IndicatorValue.objects.filter(objective_id__in=computed, month=month)
    }
    changed = []
    for objective_id, value in computed.items():
        found = existing.get(objective_id)
        if found is not None and (found.value != value or found.source != ValueSource.COMPUTED):
            found.value = value
            found.source = ValueSource.COMPUTED
            found.updated_at = timezone.now()
            changed.append(found)
    if changed:
        IndicatorValue.objects.bulk_update(changed, ["value", "source", "updated_at"])
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                objective_id=objective_id,
                month=month,
                value=value,
                source=ValueSource.COMPUTED,
            )
            for objective_id, value in computed.items()
            if objective_id not in existing
        ]
    )


# --- monthly returns --------------------------------------------------------------------


@transaction.atomic
def return_prepare(
    *, scheme: Scheme, month: date, by: User, expected_version: int, today: date
) -> MonthlyReturn:
    """Start the month's return, or refresh its figures while it is a draft or
    reopened (the coordinator)."""
    require(by, Permission.CHANGE, scheme)
    _check_month(month, today)
    figures = return_figures(scheme, month, today)
    now = timezone.now()
    found = MonthlyReturn.objects.select_for_update().filter(scheme=scheme, month=month).first()
    if found is None:
        if expected_version not in (0, None):
            raise StaleEditError
        found = MonthlyReturn(
            scheme=scheme, month=month, figures=figures, prepared_by=by, prepared_at=now
        )
        found.full_clean()
        found.save()
    else:
        if found.status not in (ReturnStatus.DRAFT, ReturnStatus.REOPENED):
            raise ValidationError("Only a draft or reopened return can be prepared again")
        save_if_unchanged(
            found,
            expected_version=expected_version,
            fields={"figures": figures, "prepared_by": by, "prepared_at": now},
            updated_at=now,
        )
    _save_computed_values(scheme, month, figures)
    return found


def _move(
    monthly_return: MonthlyReturn,
    *,
    expected_version: int,
    allowed_from: tuple[str, ...],
    refusal: str,
    fields: dict[str, object],
) -> MonthlyReturn:
    if monthly_return.status not in allowed_from:
        raise ValidationError(refusal)
    save_if_unchanged(
        monthly_return, expected_version=expected_version, fields=fields, updated_at=timezone.now()
    )
    return monthly_return


@transaction.atomic
def return_submit(
    *, monthly_return: MonthlyReturn, by: User, expected_version: int
) -> MonthlyReturn:
    """Send the return to the prison's governors for approval (the coordinator)."""
    require(by, Permission.CHANGE, monthly_return.scheme)
    if not monthly_return.figures:
        raise ValidationError(NOT_PREPARED)
    return _move(
        monthly_return,
        expected_version=expected_version,
        allowed_from=(ReturnStatus.DRAFT, ReturnStatus.REOPENED),
        refusal="Only a draft or reopened return can be submitted",
        fields={"status": ReturnStatus.SUBMITTED, "submitted_at": timezone.now()},
    )


@transaction.atomic
def return_approve(
    *, monthly_return: MonthlyReturn, by: User, expected_version: int
) -> MonthlyReturn:
    """Approve a submitted return (a governor): it is locked from then on."""
    require(by, Permission.APPROVE, monthly_return.scheme)
    return _move(
        monthly_return,
        expected_version=expected_version,
        allowed_from=(ReturnStatus.SUBMITTED,),
        refusal="Only a submitted return can be approved",
        fields={
            "status": ReturnStatus.APPROVED,
            "approved_by": by,
            "approved_at": timezone.now(),
        },
    )


@transaction.atomic
def return_reopen(
    *, monthly_return: MonthlyReturn, by: User, expected_version: int, reason: str
) -> MonthlyReturn:
    """Reopen a submitted or approved return to correct it (the coordinator), saying
    why. It must be submitted and approved again."""
    require(by, Permission.CHANGE, monthly_return.scheme)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the return is reopened"})
    return _move(
        monthly_return,
        expected_version=expected_version,
        allowed_from=(ReturnStatus.SUBMITTED, ReturnStatus.APPROVED),
        refusal="Only a submitted or approved return can be reopened",
        fields={
            "status": ReturnStatus.REOPENED,
            "reopen_reason": reason.strip(),
            "approved_by": None,
            "approved_at": None,
        },
    )


# --- evaluations ------------------------------------------------------------------------


def _check_period(start: date, end: date, today: date) -> None:
    if end < start:
        raise ValidationError({"period_end": "The end of the period must be after its start"})
    if start > today:
        raise ValidationError({"period_start": "The start of the period must be in the past"})


@transaction.atomic
def evaluation_create(*, scheme: Scheme, by: User, today: date, **fields: object) -> Evaluation:
    """Start an evaluation of the scheme over a period (the coordinator)."""
    require(by, Permission.CHANGE, scheme)
    evaluation = Evaluation(scheme=scheme, created_by=by, **fields)
    _check_period(evaluation.period_start, evaluation.period_end, today)
    evaluation.full_clean()
    check_text_lengths(evaluation)
    evaluation.save()
    return evaluation


@transaction.atomic
def evaluation_update(
    *, evaluation: Evaluation, by: User, expected_version: int, today: date, **fields: object
) -> Evaluation:
    """Change an evaluation (its findings as they come in), unless somebody changed it
    since ``expected_version`` was read."""
    require(by, Permission.CHANGE, evaluation.scheme)
    start = fields.get("period_start", evaluation.period_start)
    end = fields.get("period_end", evaluation.period_end)
    assert isinstance(start, date)
    assert isinstance(end, date)
    _check_period(start, end, today)
    save_if_unchanged(
        evaluation,
        expected_version=expected_version,
        fields=dict(fields),
        updated_at=timezone.now(),
    )
    return evaluation


@transaction.atomic
def adjustment_create(
    *,
    evaluation: Evaluation,
    by: User,
    summary: str,
    changes_design: bool,
    owner: User | Stakeholder,
    due_date: date,
    today: date,
) -> EvaluationAdjustment:
    """An adjustment the evaluation's findings call for: it becomes an action on the
    scheme (source "Evaluation") for its owner, by its due date."""
    scheme = evaluation.scheme
    require(by, Permission.CHANGE, scheme)
    if due_date < today:
        raise ValidationError({"due_date": "The due date must be today or in the future"})
    adjustment = EvaluationAdjustment(
        evaluation=evaluation, summary=summary, changes_design=changes_design
    )
    adjustment.full_clean(exclude=["action"])
    check_text_lengths(adjustment)
    action = action_create(
        scheme=scheme,
        by=by,
        description=f"Evaluation adjustment: {summary}",
        owner=owner,
        due_date=due_date,
        source=ActionSource.EVALUATION,
    )
    adjustment.action = action
    adjustment.save()
    return adjustment
