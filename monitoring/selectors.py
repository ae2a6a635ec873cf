"""Reading monitoring's records: monthly activity from the summaries, debriefs due,
the risk register and a risk's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from accounts.audit.describe import Described, describe, user_ids_named
from accounts.models import AuditAction, AuditEvent
from schemes.models import Scheme

from . import rules
from .models import (
    ActivityMonth,
    ActivityMonthOutcome,
    DebriefDue,
    DebriefThresholdSetting,
    RiskEntry,
)

INDEX_MONTHS = 6


@dataclass(frozen=True)
class MonthRow:
    month: date
    entries: int
    people_reached: int
    minutes: int
    night_entries: int
    outcomes: tuple[tuple[str, int], ...]  # (words, count), in the type's order

    @property
    def hours(self) -> str:
        return f"{self.minutes / 60:.1f}"


def activity_by_month(scheme: Scheme, today: date, count: int = INDEX_MONTHS) -> list[MonthRow]:
    """The scheme's activity in each of the last ``count`` months (this month last),
    from the monthly summaries. Two queries."""
    months = rules.last_months(today, count)
    summaries = {
        row.month: row for row in ActivityMonth.objects.filter(scheme=scheme, month__gte=months[0])
    }
    outcomes: dict[date, dict[str, int]] = {}
    for month, code, number in ActivityMonthOutcome.objects.filter(
        scheme=scheme, month__gte=months[0], count__gt=0
    ).values_list("month", "outcome", "count"):
        outcomes.setdefault(month, {})[code] = number
    rows = []
    for month in months:
        summary = summaries.get(month)
        counts = outcomes.get(month, {})
        rows.append(
            MonthRow(
                month=month,
                entries=summary.entries if summary else 0,
                people_reached=summary.people_reached if summary else 0,
                minutes=summary.minutes if summary else 0,
                night_entries=summary.night_entries if summary else 0,
                outcomes=tuple(
                    (words, counts.get(code, 0))
                    for code, words in rules.outcome_choices(scheme.scheme_type)
                ),
            )
        )
    return rows


def debrief_setting(scheme: Scheme) -> DebriefThresholdSetting | None:
    """The scheme's own debrief thresholds, if its coordinator set them (one query)."""
    return DebriefThresholdSetting.objects.filter(scheme=scheme).first()


def debrief_thresholds(
    scheme: Scheme, setting: DebriefThresholdSetting | None
) -> rules.DebriefThresholds | None:
    """The thresholds that apply: the scheme's own, else its type's default (None:
    no load raises a debrief)."""
    if setting is not None:
        return rules.DebriefThresholds(setting.days, setting.call_outs, setting.night_call_outs)
    return rules.DEBRIEF_THRESHOLDS.get(scheme.scheme_type)


def debriefs_due(scheme: Scheme) -> list[DebriefDue]:
    """The scheme's peer supporters whose debrief is due, longest waiting first."""
    return list(DebriefDue.objects.filter(scheme=scheme).order_by("since", "peer_supporter_id"))


def risk_register(scheme: Scheme) -> QuerySet[RiskEntry]:
    """The scheme's risks, open first, each with its owner."""
    return (
        RiskEntry.objects.filter(scheme=scheme)
        .select_related("owner")
        .order_by("status", "review_on", "pk")
    )


@dataclass(frozen=True)
class RiskEvent:
    at: object
    by: str
    described: Described


def risk_history(risk: RiskEntry) -> list[RiskEvent]:
    """Each change to the risk since it was added, newest first, in words (from the
    audit trail). Two queries: the events and the people they name."""
    events = list(
        AuditEvent.objects.filter(
            model=RiskEntry._meta.label_lower,
            object_id=str(risk.pk),
            action=AuditAction.UPDATE,
        ).order_by("-at", "-id")
    )
    ids = user_ids_named(events)
    names = (
        {user.pk: user.display_name for user in get_user_model().objects.filter(pk__in=ids)}
        if ids
        else {}
    )
    history = []
    for event in events:
        described = describe(event, names)
        if described is not None:
            history.append(RiskEvent(event.at, event.username or "The system", described))
    return history
