"""Writes for monitoring: the activity log (with its monthly summaries, in the same
transaction), debriefs, and the risk register with its confidentiality incidents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from accounts.access import Permission, roles_at
from accounts.models import User
from peersupport.text import check_text_lengths
from schemes import phases
from schemes.models import Scheme
from schemes.services.access import require
from schemes.services.versioning import StaleEditError, save_if_unchanged

from . import rules
from .models import (
    ActivityEntry,
    ActivityHourMonth,
    ActivityMonth,
    ActivityMonthOutcome,
    ActivityOutcome,
    ActivitySupporter,
    ActivityWingMonth,
    ConfidentialityIncident,
    Debrief,
    DebriefDue,
    DebriefThresholdSetting,
    RiskCategory,
    RiskEntry,
    RiskStatus,
)
from .selectors import debrief_setting, debrief_thresholds

FUTURE_ACTIVITY = "The date and time must be now or in the past"
NO_OUTCOME = "Select at least one outcome"
NOT_ON_ROSTER = "Select peer supporters of this scheme on the day of the activity"
NO_NOTE = "Notes cannot be recorded for a confidential scheme"


def earliest_day(scheme: Scheme) -> date:
    """The first day the scheme's records can be about: the day it was created."""
    return timezone.localdate(scheme.created_at)


def before_scheme_message(what: str, earliest: date) -> str:
    return f"{what} must be on or after {earliest:%-d %B %Y} when the scheme was created"


# --- the activity log -------------------------------------------------------------------


@dataclass(frozen=True)
class _Counted:
    """What one entry adds to its month's summary."""

    scheme_id: int
    month: date
    minutes: int
    reached: int
    night: bool
    outcomes: tuple[str, ...]
    location: str
    hour: int


def _counted(entry: ActivityEntry, outcomes: Sequence[str]) -> _Counted:
    local = timezone.localtime(entry.occurred_at)
    return _Counted(
        scheme_id=entry.scheme_id,
        month=rules.month_of(local.date()),
        minutes=entry.duration_minutes,
        reached=entry.people_reached,
        night=rules.is_night(local),
        outcomes=tuple(outcomes),
        location=entry.location,
        hour=local.hour,
    )


Summary = (
    type[ActivityMonth]
    | type[ActivityMonthOutcome]
    | type[ActivityWingMonth]
    | type[ActivityHourMonth]
)


def _upsert(
    model: Summary,
    key: dict[str, Any],
    add: dict[str, int],
) -> None:
    """Add to a summary row's counters, creating the row the first time (a row made by
    a concurrent request in between is added to instead)."""
    increments = {name: F(name) + value for name, value in add.items()}
    if model._default_manager.filter(**key).update(**increments):
        return
    try:
        with transaction.atomic():
            model._default_manager.create(**key, **add)
    except IntegrityError:
        model._default_manager.filter(**key).update(**increments)


def _subtract(
    model: Summary,
    key: dict[str, Any],
    take: dict[str, int],
) -> None:
    model._default_manager.filter(**key).update(
        **{name: F(name) - value for name, value in take.items()}
    )


def _month_bounds(month: date) -> tuple[datetime, datetime]:
    following = (month + timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(month, datetime.min.time(), zone),
        datetime.combine(following, datetime.min.time(), zone),
    )


def _refresh_last_on(scheme_id: int, month: date) -> None:
    """The month's latest day with activity, from the log (one indexed query)."""
    start, end = _month_bounds(month)
    latest = ActivityEntry.objects.filter(
        scheme_id=scheme_id, occurred_at__gte=start, occurred_at__lt=end
    ).aggregate(latest=Max("occurred_at"))["latest"]
    ActivityMonth.objects.filter(scheme_id=scheme_id, month=month).update(
        last_on=timezone.localdate(latest) if latest else None
    )


def count_in_summaries(entry: ActivityEntry, outcomes: Sequence[str], sign: int = 1) -> None:
    """Add an entry to (sign 1) or take it from (sign -1) its month's summaries."""
    counted = _counted(entry, outcomes)
    key = {"scheme_id": counted.scheme_id, "month": counted.month}
    figures = {
        "entries": 1,
        "people_reached": counted.reached,
        "minutes": counted.minutes,
        "night_entries": int(counted.night),
    }
    wing = {"entries": 1, "people_reached": counted.reached, "minutes": counted.minutes}
    if sign > 0:
        _upsert(ActivityMonth, key, figures)
        for code in counted.outcomes:
            _upsert(ActivityMonthOutcome, {**key, "outcome": code}, {"count": 1})
        _upsert(ActivityWingMonth, {**key, "location": counted.location}, wing)
        _upsert(ActivityHourMonth, {**key, "hour": counted.hour}, {"entries": 1})
    else:
        _subtract(ActivityMonth, key, figures)
        for code in counted.outcomes:
            _subtract(ActivityMonthOutcome, {**key, "outcome": code}, {"count": 1})
        _subtract(ActivityWingMonth, {**key, "location": counted.location}, wing)
        _subtract(ActivityHourMonth, {**key, "hour": counted.hour}, {"entries": 1})
    _refresh_last_on(counted.scheme_id, counted.month)


def activity_errors(
    scheme: Scheme,
    entry: ActivityEntry,
    outcomes: Sequence[str],
    peer_supporter_ids: Sequence[int],
    now: datetime,
    on_roster: set[int] | None = None,
) -> dict[str, str]:
    """What is wrong with an entry, by field (empty: nothing), whether it is recorded
    alone, corrected, or one line of a week's sheet. ``on_roster``: the roster's ids on
    the entry's day where the caller has them (the week grid reads each day's roster
    once), else the roster is read here."""
    errors: dict[str, str] = {}
    if timezone.is_naive(entry.occurred_at):
        raise ValueError("occurred_at must be timezone-aware")
    day = timezone.localdate(entry.occurred_at)
    earliest = earliest_day(scheme)
    if entry.occurred_at > now:
        errors["occurred_at"] = FUTURE_ACTIVITY
    elif day < earliest:
        errors["occurred_at"] = before_scheme_message("The date", earliest)
    if not rules.MIN_DURATION <= entry.duration_minutes <= rules.MAX_DURATION:
        errors["duration_minutes"] = (
            f"The duration must be between {rules.MIN_DURATION} and {rules.MAX_DURATION} minutes"
        )
    if not 0 <= entry.people_reached <= rules.MAX_REACHED:
        errors["people_reached"] = f"People reached must be between 0 and {rules.MAX_REACHED}"
    valid = {code for code, _ in rules.outcome_choices(scheme.scheme_type)}
    if not outcomes:
        errors["outcomes"] = NO_OUTCOME
    elif not set(outcomes) <= valid:
        errors["outcomes"] = "Select outcomes from the list"
    if rules.is_confidential(scheme.scheme_type) and entry.note:
        errors["note"] = NO_NOTE
    if peer_supporter_ids and "occurred_at" not in errors:
        if on_roster is None:
            on_roster = {person.id for person in phases.roster(scheme, day)}
        if not set(peer_supporter_ids) <= on_roster:
            errors["peer_supporters"] = NOT_ON_ROSTER
    return errors


def _check_activity(
    scheme: Scheme,
    entry: ActivityEntry,
    outcomes: Sequence[str],
    peer_supporter_ids: Sequence[int],
    now: datetime,
) -> None:
    """The rules an entry keeps, whether recorded or corrected (ValidationError)."""
    errors = activity_errors(scheme, entry, outcomes, peer_supporter_ids, now)
    if errors:
        raise ValidationError(errors)


def _refresh_debriefs(scheme: Scheme, supporter_ids: Sequence[int], now: datetime) -> None:
    """Raise or clear "debrief due" for these peer supporters, from their call-outs
    since their last debrief (within the lookback). Two queries, then the changes."""
    ids = sorted(set(supporter_ids))
    if not ids:
        return
    thresholds = debrief_thresholds(scheme, debrief_setting(scheme))
    if thresholds is None:
        return
    last = dict(
        Debrief.objects.filter(scheme=scheme, peer_supporter_id__in=ids)
        .order_by()
        .values("peer_supporter_id")
        .annotate(last=Max("held_on"))
        .values_list("peer_supporter_id", "last")
    )
    moments: dict[int, list[datetime]] = {pk: [] for pk in ids}
    for pk, moment in ActivitySupporter.objects.filter(
        entry__scheme=scheme,
        peer_supporter_id__in=ids,
        entry__occurred_at__gte=now - rules.DEBRIEF_LOOKBACK,
    ).values_list("peer_supporter_id", "entry__occurred_at"):
        local = timezone.localtime(moment)
        if pk in last and local.date() <= last[pk]:
            continue
        moments[pk].append(local)
    today = timezone.localdate(now)
    for pk in ids:
        reason = rules.debrief_reason(moments[pk], thresholds)
        if reason is None:
            DebriefDue.objects.filter(scheme=scheme, peer_supporter_id=pk).delete()
        elif not DebriefDue.objects.filter(scheme=scheme, peer_supporter_id=pk).exists():
            try:
                with transaction.atomic():
                    DebriefDue.objects.create(
                        scheme=scheme, peer_supporter_id=pk, since=today, reason=reason
                    )
            except IntegrityError:
                pass  # raised a moment ago by a concurrent request: due either way


def _set_children(
    entry: ActivityEntry, outcomes: Sequence[str], supporter_ids: Sequence[int]
) -> None:
    """The entry's outcome codes and peer supporters: only what differs is written."""
    have = set(entry.outcomes.values_list("code", flat=True))
    want = set(outcomes)
    entry.outcomes.filter(code__in=have - want).delete()
    ActivityOutcome.objects.bulk_create(
        [ActivityOutcome(entry=entry, code=code) for code in sorted(want - have)]
    )
    have_ids = set(entry.supporters.values_list("peer_supporter_id", flat=True))
    want_ids = set(supporter_ids)
    entry.supporters.filter(peer_supporter_id__in=have_ids - want_ids).delete()
    ActivitySupporter.objects.bulk_create(
        [ActivitySupporter(entry=entry, peer_supporter_id=pk) for pk in sorted(want_ids - have_ids)]
    )


@transaction.atomic
def activity_record(
    *,
    scheme: Scheme,
    by: User,
    occurred_at: datetime,
    location: str,
    duration_minutes: int,
    people_reached: int,
    outcomes: Sequence[str],
    peer_supporter_ids: Sequence[int] = (),
    note: str = "",
    now: datetime | None = None,
) -> ActivityEntry:
    """Log one contact or session (never in the future, nor before the scheme), and add
    it to its month's summaries in the same transaction."""
    require(by, Permission.LOG, scheme)
    now = now or timezone.now()
    entry = ActivityEntry(
        scheme=scheme,
        occurred_at=occurred_at,
        location=location,
        duration_minutes=duration_minutes,
        people_reached=people_reached,
        note=note,
        recorded_by=by,
    )
    _check_activity(scheme, entry, outcomes, peer_supporter_ids, now)
    entry.full_clean()
    check_text_lengths(entry)
    entry.save()
    _set_children(entry, outcomes, peer_supporter_ids)
    count_in_summaries(entry, outcomes)
    _refresh_debriefs(scheme, peer_supporter_ids, now)
    return entry


@dataclass(frozen=True)
class ActivityLine:
    """One line of a week's paper log sheet."""

    occurred_at: datetime
    location: str
    duration_minutes: int
    people_reached: int
    outcomes: tuple[str, ...]
    peer_supporter_ids: tuple[int, ...] = ()


class ActivityLinesError(ValidationError):
    """Some lines of a week's sheet break the rules: ``lines`` maps each bad line's
    index to its errors by field. Nothing was saved."""

    def __init__(self, lines: dict[int, dict[str, str]]) -> None:
        super().__init__("Some lines have a problem")
        self.lines = lines


@transaction.atomic
def activity_record_week(
    *,
    scheme: Scheme,
    by: User,
    lines: Sequence[ActivityLine],
    now: datetime | None = None,
) -> list[ActivityEntry]:
    """Log the lines of a week's paper sheet, all or none (ActivityLinesError names
    every bad line), with their months' summaries in the same transaction. The number
    of queries does not grow with the lines: one roster read per day of the week, bulk
    inserts, one summary upsert per month and outcome code."""
    require(by, Permission.LOG, scheme)
    now = now or timezone.now()
    rosters: dict[date, set[int]] = {}
    entries: list[ActivityEntry] = []
    bad: dict[int, dict[str, str]] = {}
    for index, line in enumerate(lines):
        entry = ActivityEntry(
            scheme=scheme,
            occurred_at=line.occurred_at,
            location=line.location,
            duration_minutes=line.duration_minutes,
            people_reached=line.people_reached,
            recorded_by=by,
        )
        day = timezone.localdate(line.occurred_at)
        if line.peer_supporter_ids and day not in rosters:
            rosters[day] = {person.id for person in phases.roster(scheme, day)}
        errors = activity_errors(
            scheme, entry, line.outcomes, line.peer_supporter_ids, now, rosters.get(day)
        )
        if not errors:
            try:
                # The foreign keys and the constraints are the rules above: no query.
                entry.full_clean(exclude=["scheme", "recorded_by"], validate_constraints=False)
                check_text_lengths(entry)
            except ValidationError as error:
                errors = {
                    field: " ".join(messages) for field, messages in error.message_dict.items()
                }
        if errors:
            bad[index] = errors
        entries.append(entry)
    if bad:
        raise ActivityLinesError(bad)
    if not entries:
        raise ValidationError("Fill in at least one line of the sheet")
    ActivityEntry.objects.bulk_create(entries)
    ActivityOutcome.objects.bulk_create(
        [
            ActivityOutcome(entry=entry, code=code)
            for entry, line in zip(entries, lines, strict=True)
            for code in sorted(set(line.outcomes))
        ]
    )
    ActivitySupporter.objects.bulk_create(
        [
            ActivitySupporter(entry=entry, peer_supporter_id=pk)
            for entry, line in zip(entries, lines, strict=True)
            for pk in sorted(set(line.peer_supporter_ids))
        ]
    )
    months: dict[date, dict[str, int]] = {}
    outcome_counts: dict[tuple[date, str], int] = {}
    for entry, line in zip(entries, lines, strict=True):
        counted = _counted(entry, sorted(set(line.outcomes)))
        figures = months.setdefault(
            counted.month, {"entries": 0, "people_reached": 0, "minutes": 0, "night_entries": 0}
        )
        figures["entries"] += 1
        figures["people_reached"] += counted.reached
        figures["minutes"] += counted.minutes
        figures["night_entries"] += int(counted.night)
        for code in counted.outcomes:
            outcome_counts[counted.month, code] = outcome_counts.get((counted.month, code), 0) + 1
    for month, figures in sorted(months.items()):
        _upsert(ActivityMonth, {"scheme_id": scheme.pk, "month": month}, figures)
    for (month, code), count in sorted(outcome_counts.items()):
        _upsert(
            ActivityMonthOutcome,
            {"scheme_id": scheme.pk, "month": month, "outcome": code},
            {"count": count},
        )
    wings: dict[tuple[date, str], dict[str, int]] = {}
    hours: dict[tuple[date, int], dict[str, int]] = {}
    for entry in entries:
        counted = _counted(entry, ())
        wing = wings.setdefault(
            (counted.month, counted.location), {"entries": 0, "people_reached": 0, "minutes": 0}
        )
        wing["entries"] += 1
        wing["people_reached"] += counted.reached
        wing["minutes"] += counted.minutes
        hours.setdefault((counted.month, counted.hour), {"entries": 0})["entries"] += 1
    _bulk_add(ActivityWingMonth, scheme.pk, "location", wings)
    _bulk_add(ActivityHourMonth, scheme.pk, "hour", hours)
    for month in sorted(months):
        _refresh_last_on(scheme.pk, month)
    _refresh_debriefs(scheme, [pk for line in lines for pk in line.peer_supporter_ids], now)
    return entries


def _bulk_add(
    model: type[ActivityWingMonth] | type[ActivityHourMonth],
    scheme_id: int,
    part: str,
    counts: dict[tuple[date, Any], dict[str, int]],
) -> None:
    """Add many rows' counts to a summary in three queries, whatever their number: the
    rows there already (locked for the rest of the transaction), their new counts, the
    rows new to the summary."""
    if not counts:
        return
    months = {month for month, _ in counts}
    existing = {
        (row.month, getattr(row, part)): row
        for row in model._default_manager.select_for_update().filter(
            scheme_id=scheme_id, month__in=months
        )
    }
    changed, made = [], []
    for (month, value), add in sorted(counts.items()):
        row = existing.get((month, value))
        if row is None:
            made.append(model(scheme_id=scheme_id, month=month, **{part: value}, **add))
            continue
        for name, amount in add.items():
            setattr(row, name, getattr(row, name) + amount)
        changed.append(row)
    fields = list(next(iter(counts.values())))
    model._default_manager.bulk_update(changed, fields)  # type: ignore[arg-type]
    model._default_manager.bulk_create(made)  # type: ignore[arg-type]


@transaction.atomic
def activity_correct(
    *,
    entry: ActivityEntry,
    by: User,
    expected_version: int,
    occurred_at: datetime,
    location: str,
    duration_minutes: int,
    people_reached: int,
    outcomes: Sequence[str],
    peer_supporter_ids: Sequence[int] = (),
    note: str = "",
    now: datetime | None = None,
) -> ActivityEntry:
    """Correct a logged entry (the coordinator), unless somebody changed it since
    ``expected_version`` was read (StaleEditError: nothing is written); its old figures
    leave the summaries and its new ones join them."""
    scheme = entry.scheme
    require(by, Permission.CHANGE, scheme)
    now = now or timezone.now()
    old_outcomes = list(entry.outcomes.values_list("code", flat=True))
    old_supporters = list(entry.supporters.values_list("peer_supporter_id", flat=True))
    before = ActivityEntry(
        scheme_id=entry.scheme_id,
        occurred_at=entry.occurred_at,
        location=entry.location,
        duration_minutes=entry.duration_minutes,
        people_reached=entry.people_reached,
    )
    proposed = ActivityEntry(
        scheme=scheme,
        occurred_at=occurred_at,
        location=location,
        duration_minutes=duration_minutes,
        people_reached=people_reached,
        note=note,
    )
    _check_activity(scheme, proposed, outcomes, peer_supporter_ids, now)
    save_if_unchanged(
        entry,
        expected_version=expected_version,
        fields={
            "occurred_at": occurred_at,
            "location": location,
            "duration_minutes": duration_minutes,
            "people_reached": people_reached,
            "note": note,
        },
        updated_at=timezone.now(),
    )
    # In the same transaction as the version bump: a stale save never gets this far.
    count_in_summaries(before, old_outcomes, sign=-1)
    _set_children(entry, outcomes, peer_supporter_ids)
    count_in_summaries(entry, outcomes)
    _refresh_debriefs(scheme, [*old_supporters, *peer_supporter_ids], now)
    return entry


@transaction.atomic
def debrief_record(
    *, scheme: Scheme, by: User, peer_supporter_id: int, held_on: date, today: date
) -> Debrief:
    """Record a debrief with a peer supporter (the coordinator): their "debrief due"
    clears unless their load since then passes the thresholds again."""
    require(by, Permission.CHANGE, scheme)
    if held_on > today:
        raise ValidationError({"held_on": "The date of the debrief must be today or in the past"})
    earliest = earliest_day(scheme)
    if held_on < earliest:
        raise ValidationError(
            {"held_on": before_scheme_message("The date of the debrief", earliest)}
        )
    known = {person.id for person in phases.roster(scheme, today)} | set(
        DebriefDue.objects.filter(scheme=scheme).values_list("peer_supporter_id", flat=True)
    )
    if peer_supporter_id not in known:
        raise ValidationError({"peer_supporter": "Select a peer supporter of this scheme"})
    debrief = Debrief(
        scheme=scheme, peer_supporter_id=peer_supporter_id, held_on=held_on, recorded_by=by
    )
    debrief.full_clean()
    debrief.save()
    _refresh_debriefs(scheme, [peer_supporter_id], timezone.now())
    return debrief


@transaction.atomic
def debrief_thresholds_set(
    *,
    scheme: Scheme,
    by: User,
    expected_version: int,
    days: int,
    call_outs: int,
    night_call_outs: int,
) -> DebriefThresholdSetting:
    """Set the scheme's own debrief thresholds (the coordinator), unless somebody set
    them since ``expected_version`` was read (0: none were set; StaleEditError). Flags
    already raised stay until a debrief; new activity is judged by the new thresholds."""
    require(by, Permission.CHANGE, scheme)
    fields = {"days": days, "call_outs": call_outs, "night_call_outs": night_call_outs}
    setting = debrief_setting(scheme)
    if setting is None:
        if expected_version != 0:
            raise StaleEditError
        setting = DebriefThresholdSetting(scheme=scheme, **fields)
        setting.full_clean()
        try:
            with transaction.atomic():
                setting.save()
        except IntegrityError:
            raise StaleEditError from None
        return setting
    save_if_unchanged(
        setting, expected_version=expected_version, fields=fields, updated_at=timezone.now()
    )
    return setting


# --- the risk register ------------------------------------------------------------------


def risks_seed(scheme: Scheme) -> list[RiskEntry]:
    """The guidance's three named risks on a new scheme's register, owned by its
    coordinator, first reviewed about three months on (scheme_created hook; the
    creating service has checked who may)."""
    review_on = earliest_day(scheme) + timedelta(days=rules.RISK_REVIEW_DAYS)
    have = set(RiskEntry.objects.filter(scheme=scheme).values_list("category", flat=True))
    return RiskEntry.objects.bulk_create(
        [
            RiskEntry(
                scheme=scheme,
                category=category,
                title=title,
                description=description,
                likelihood=rules.SEEDED_LIKELIHOOD,
                impact=rules.SEEDED_IMPACT,
                owner_id=scheme.coordinator_id,
                review_on=review_on,
            )
            for category, title, description in rules.SEEDED_RISKS
            if category not in have
        ]
    )


def _check_risk(scheme: Scheme, owner: User | None, review_on: date, today: date) -> None:
    if owner is not None and owner.pk not in roles_at(scheme.prison_id):
        raise ValidationError({"owner": "Choose someone who works at this prison"})
    if review_on < today:
        raise ValidationError({"review_on": "The next review must be today or in the future"})


@transaction.atomic
def risk_create(
    *,
    scheme: Scheme,
    by: User,
    today: date,
    title: str,
    category: str = RiskCategory.OTHER,
    description: str = "",
    likelihood: int,
    impact: int,
    owner: User | None,
    mitigations: str = "",
    review_on: date,
    equality_flag: str = "",
) -> RiskEntry:
    """Add a risk to the scheme's register (the coordinator). ``equality_flag``: the
    preferential treatment check's flag it is raised from (services_equality)."""
    require(by, Permission.CHANGE, scheme)
    _check_risk(scheme, owner, review_on, today)
    risk = RiskEntry(
        scheme=scheme,
        title=title,
        category=category,
        description=description,
        likelihood=likelihood,
        impact=impact,
        owner=owner,
        mitigations=mitigations,
        review_on=review_on,
        created_by=by,
        equality_flag=equality_flag,
    )
    risk.full_clean()
    check_text_lengths(risk)
    risk.save()
    return risk


@transaction.atomic
def risk_update(
    *,
    risk: RiskEntry,
    by: User,
    expected_version: int,
    today: date,
    **fields: object,
) -> RiskEntry:
    """Review or change a risk (the coordinator), unless somebody changed it since
    ``expected_version`` was read (StaleEditError). The audit trail keeps each change:
    the risk's history."""
    scheme = risk.scheme
    require(by, Permission.CHANGE, scheme)
    owner = fields.get("owner", risk.owner)
    review_on = fields.get("review_on", risk.review_on)
    assert owner is None or isinstance(owner, User)
    assert isinstance(review_on, date)
    _check_risk(scheme, owner, review_on, today)
    if fields.get("status") not in (None, *RiskStatus.values):
        raise ValidationError({"status": "Select open or closed"})
    category = fields.get("category", risk.category)
    if risk.category != RiskCategory.OTHER and category != risk.category:
        # The guidance's named risks stay what they are: incidents hang off the third.
        raise ValidationError({"category": "The guidance's named risks keep their category"})
    save_if_unchanged(
        risk, expected_version=expected_version, fields=dict(fields), updated_at=timezone.now()
    )
    return risk


@transaction.atomic
def incident_record(
    *,
    risk: RiskEntry,
    by: User,
    today: date,
    occurred_on: date,
    what_happened: str,
    action_taken: str,
) -> ConfidentialityIncident:
    """Record a confidentiality incident against the scheme's "misuse of confidential
    information" risk (staff and coordinators). It names nobody."""
    scheme = risk.scheme
    require(by, Permission.LOG, scheme)
    if risk.category != RiskCategory.CONFIDENTIALITY:
        raise ValidationError("Incidents are recorded against the confidentiality risk only")
    if occurred_on > today:
        raise ValidationError(
            {"occurred_on": "The date of the incident must be today or in the past"}
        )
    earliest = earliest_day(scheme)
    if occurred_on < earliest:
        raise ValidationError(
            {"occurred_on": before_scheme_message("The date of the incident", earliest)}
        )
    incident = ConfidentialityIncident(
        risk=risk,
        occurred_on=occurred_on,
        what_happened=what_happened,
        action_taken=action_taken,
        recorded_by=by,
    )
    incident.full_clean()
    check_text_lengths(incident)
    incident.save()
    return incident
