"""Reads for indicators, monthly returns and evaluations. Every read is a fixed number
of queries, from the monthly activity summaries, never the raw activity log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from schemes import phases
from schemes.counting import Figure, as_date, figures_per_scheme
from schemes.models import Scheme, SmartObjective

from . import returns_rules, rules
from .models import ActivityMonth, ActivityMonthOutcome, ConfidentialityIncident
from .models_returns import (
    Evaluation,
    EvaluationAdjustment,
    IndicatorValue,
    Measure,
    MonitoringIndicator,
    MonthlyReturn,
    ReturnStatus,
)

# Figures other phases may one day provide; included in a return only where a phase
# declares and fills them (schemes.phases), never made up.
OPTIONAL_FIGURES = (("training", "TRAINING_HOURS"), ("feedback", "FEEDBACK"))


def month_end(month: date) -> date:
    return returns_rules.next_month(month) - timedelta(days=1)


def measure_words(scheme_type: str, indicator: MonitoringIndicator | None) -> str:
    if indicator is None or indicator.measure == Measure.ENTERED:
        return Measure.ENTERED.label
    if indicator.measure == Measure.OUTCOME:
        label = rules.outcome_label(scheme_type, indicator.outcome)
        return f"Activity entries with the outcome “{label}” in the month"
    return Measure(indicator.measure).label


def computed_value(
    indicator: MonitoringIndicator | None,
    summary: tuple[int, int] | None,
    outcomes: dict[str, int],
) -> Decimal | None:
    """A count objective's value for a month from the month's summaries (entries,
    people reached) and outcome counts; None where the value is entered by hand."""
    if indicator is None or indicator.measure == Measure.ENTERED:
        return None
    entries, people = summary or (0, 0)
    if indicator.measure == Measure.ENTRIES:
        return Decimal(entries)
    if indicator.measure == Measure.PEOPLE:
        return Decimal(people)
    return Decimal(outcomes.get(indicator.outcome, 0))


@dataclass(frozen=True)
class ValueRow:
    month: date
    value: Decimal | None
    source: str


def objective_values(objective: SmartObjective, today: date, months: int = 12) -> list[ValueRow]:
    """The objective's value in each of the last ``months`` months, newest first:
    entered values, or for a count read from the activity summaries. Three queries."""
    scheme = objective.scheme
    indicator = MonitoringIndicator.objects.filter(objective=objective).first()
    span = rules.last_months(today, months)
    stored = {
        row.month: row
        for row in IndicatorValue.objects.filter(objective=objective, month__gte=span[0])
    }
    computed: dict[date, Decimal | None] = {}
    if indicator is not None and indicator.measure != Measure.ENTERED:
        summaries = {
            month: (entries, people)
            for month, entries, people in ActivityMonth.objects.filter(
                scheme=scheme, month__gte=span[0]
            ).values_list("month", "entries", "people_reached")
        }
        outcomes: dict[date, dict[str, int]] = {}
        for month, outcome, count in ActivityMonthOutcome.objects.filter(
            scheme=scheme, month__gte=span[0]
        ).values_list("month", "outcome", "count"):
            outcomes.setdefault(month, {})[outcome] = count
        for month in span:
            computed[month] = computed_value(
                indicator, summaries.get(month), outcomes.get(month, {})
            )
    rows = []
    for month in reversed(span):
        if month in computed:
            rows.append(ValueRow(month, computed[month], "From the activity log"))
        elif month in stored:
            rows.append(ValueRow(month, stored[month].value, stored[month].get_source_display()))
        else:
            rows.append(ValueRow(month, None, ""))
    return rows


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(_jsonable(key)): _jsonable(item) for key, item in value.items()}
    return value


def return_figures(scheme: Scheme, month: date, today: date) -> dict[str, Any]:
    """The figures of a scheme's monthly return, as saved in its snapshot: headcount
    (the phase holding people), activity and incidents in the month, and each
    objective's value against its baseline and target. A fixed number of queries."""
    last_day = min(month_end(month), today)
    named = phases.figures_many([scheme], last_day)[scheme.pk]
    figures: dict[str, Any] = {"month": month.isoformat()}
    if phases.HEADCOUNT in named:
        figures["headcount"] = named[phases.HEADCOUNT]
    for name, key in OPTIONAL_FIGURES:
        figure_key = getattr(phases, key, None)
        if figure_key is not None and figure_key in named:
            figures[name] = _jsonable(named[figure_key])
    summary = ActivityMonth.objects.filter(scheme=scheme, month=month).first()
    outcomes = dict(
        ActivityMonthOutcome.objects.filter(scheme=scheme, month=month).values_list(
            "outcome", "count"
        )
    )
    figures["activity"] = {
        "entries": summary.entries if summary else 0,
        "people_reached": summary.people_reached if summary else 0,
        "minutes": summary.minutes if summary else 0,
        "night_entries": summary.night_entries if summary else 0,
        "outcomes": [
            [rules.outcome_label(scheme.scheme_type, code), count]
            for code, count in sorted(outcomes.items())
            if count
        ],
    }
    figures["incidents"] = ConfidentialityIncident.objects.filter(
        risk__scheme=scheme, occurred_on__gte=month, occurred_on__lte=month_end(month)
    ).count()
    objectives = list(
        SmartObjective.objects.filter(scheme=scheme)
        .select_related("monitoring_indicator")
        .order_by("deadline", "id")
    )
    stored = {
        (row.objective_id, row.month): row
        for row in IndicatorValue.objects.filter(objective__scheme=scheme, month=month)
    }
    rows = []
    for objective in objectives:
        indicator = getattr(objective, "monitoring_indicator", None)
        value = computed_value(
            indicator,
            (figures["activity"]["entries"], figures["activity"]["people_reached"]),
            outcomes,
        )
        source = "From the activity log"
        if value is None:
            entered = stored.get((objective.pk, month))
            value = entered.value if entered else None
            source = "Entered" if entered else ""
        words, colour = returns_rules.progress_words(
            baseline=objective.baseline,
            target=objective.target,
            deadline=objective.deadline,
            latest=value,
            today=last_day,
        )
        rows.append(
            {
                "id": objective.pk,
                "indicator": objective.indicator,
                "unit": objective.unit,
                "baseline": str(objective.baseline),
                "target": str(objective.target),
                "deadline": objective.deadline.isoformat(),
                "value": None if value is None else str(value),
                "source": source,
                "progress": words,
                "colour": colour,
            }
        )
    figures["objectives"] = rows
    return figures


def scheme_returns(scheme: Scheme) -> list[MonthlyReturn]:
    return list(MonthlyReturn.objects.filter(scheme=scheme).order_by("-month"))


def phase_facts_many(schemes: list[Scheme], today: date) -> dict[int, returns_rules.PhaseFacts]:
    """What the phase 4 task list and the self-assessment judge the evaluation items
    by, for many schemes at once. One query (``schemes.counting``)."""
    since = returns_rules.month_start(today)
    for _ in range(returns_rules.RECENT_RETURN_MONTHS):
        since = returns_rules.previous_month(since)
    # Approved since the first moment of that month, in the service's time zone.
    approved_since = timezone.make_aware(datetime.combine(since, time.min))
    found = figures_per_scheme(
        [scheme.pk for scheme in schemes],
        {
            "objectives": Figure(SmartObjective),
            "last": Figure(SmartObjective, value="MAX({deadline})", convert=as_date),
            "evaluations": Figure(Evaluation),
            "findings": Figure(
                Evaluation,
                "NOT ({worked_as_intended} = '' AND {long_enough} = '' AND {findings} = '')",
            ),
            "adjusted": Figure(EvaluationAdjustment, via="evaluation"),
            "returns": Figure(MonthlyReturn),
            "recent": Figure(
                MonthlyReturn,
                "{status} = %s AND {approved_at} >= %s",
                [
                    ReturnStatus.APPROVED.value,
                    approved_since,
                ],
            ),
        },
    )
    return {
        scheme.pk: returns_rules.PhaseFacts(
            launched_on=scheme.launched_on,
            last_deadline=found[scheme.pk]["last"],
            objectives=found[scheme.pk]["objectives"],
            evaluations=found[scheme.pk]["evaluations"],
            evaluations_with_findings=found[scheme.pk]["findings"],
            adjustments=found[scheme.pk]["adjusted"],
            approved_recently=found[scheme.pk]["recent"],
            returns=found[scheme.pk]["returns"],
        )
        for scheme in schemes
    }


@dataclass(frozen=True)
class ObjectiveFinding:
    objective: SmartObjective
    follow_up: Decimal | None
    follow_up_month: date | None
    progress: tuple[str, str]


def evaluation_findings(evaluation: Evaluation) -> list[ObjectiveFinding]:
    """Each objective's baseline against its follow-up: the latest value recorded in
    the evaluation's period. Two queries."""
    objectives = list(SmartObjective.objects.filter(scheme_id=evaluation.scheme_id))
    latest: dict[int, IndicatorValue] = {}
    for value in IndicatorValue.objects.filter(
        objective__scheme_id=evaluation.scheme_id,
        month__gte=returns_rules.month_start(evaluation.period_start),
        month__lte=evaluation.period_end,
    ).order_by("objective_id", "-month"):
        latest.setdefault(value.objective_id, value)
    found = []
    for objective in objectives:
        found_value = latest.get(objective.pk)
        follow_up = found_value.value if found_value else None
        found.append(
            ObjectiveFinding(
                objective=objective,
                follow_up=follow_up,
                follow_up_month=found_value.month if found_value else None,
                progress=returns_rules.progress_words(
                    baseline=objective.baseline,
                    target=objective.target,
                    deadline=objective.deadline,
                    latest=follow_up,
                    today=evaluation.period_end,
                ),
            )
        )
    return found
