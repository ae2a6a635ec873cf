"""Logging and correcting activity: the rules an entry keeps, the monthly summaries
kept in the same transaction, and "debrief due" raised by a peer supporter's load and
cleared by a debrief."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import User
from monitoring.models import (
    ActivityEntry,
    ActivityMonth,
    ActivityMonthOutcome,
    ActivitySupporter,
    DebriefDue,
)
from monitoring.services import (
    activity_correct,
    activity_record,
    debrief_record,
    debrief_thresholds_set,
)
from schemes import phases
from schemes.models import Scheme, SchemeStatus, SchemeType
from schemes.services.versioning import StaleEditError


def running_since(scheme: Scheme, days: int = 60) -> Scheme:
    """The scheme as if created ``days`` ago, so activity can be logged back then."""
    Scheme.objects.filter(pk=scheme.pk).update(
        created_at=timezone.now() - timedelta(days=days), status=SchemeStatus.ACTIVE
    )
    scheme.refresh_from_db()
    return scheme


def at(days_ago: int, hour: int = 14) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return datetime.combine(day, datetime.min.time(), timezone.get_current_timezone()).replace(
        hour=hour
    )


def log(scheme: Scheme, by: User, **fields: Any) -> ActivityEntry:
    values: dict[str, Any] = {
        "occurred_at": at(1),
        "location": "B wing",
        "duration_minutes": 30,
        "people_reached": 1,
        "outcomes": ["emotional-support"],
    }
    values.update(fields)
    return activity_record(scheme=scheme, by=by, **values)


def month(scheme: Scheme, moment: datetime) -> ActivityMonth:
    first = timezone.localtime(moment).date().replace(day=1)
    return ActivityMonth.objects.get(scheme=scheme, month=first)


def test_staff_log_activity_and_the_month_summary_counts_it(scheme: Scheme, staff: User) -> None:
    running_since(scheme)
    log(scheme, staff, occurred_at=at(1, hour=2), duration_minutes=40, people_reached=2)
    log(
        scheme,
        staff,
        occurred_at=at(1),
        outcomes=["emotional-support", "referred-to-staff"],
    )
    summary = month(scheme, at(1))
    assert (summary.entries, summary.people_reached, summary.minutes) == (2, 3, 70)
    assert summary.night_entries == 1
    assert summary.last_on == timezone.localdate() - timedelta(days=1)
    counts = dict(
        ActivityMonthOutcome.objects.filter(scheme=scheme).values_list("outcome", "count")
    )
    assert counts == {"emotional-support": 2, "referred-to-staff": 1}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"occurred_at": timezone.now() + timedelta(hours=1)}, "occurred_at", "now or in the past"),
        ({"occurred_at": at(90)}, "occurred_at", "when the scheme was created"),
        ({"duration_minutes": 0}, "duration_minutes", "between 1 and 600"),
        ({"duration_minutes": 601}, "duration_minutes", "between 1 and 600"),
        ({"people_reached": 201}, "people_reached", "between 0 and 200"),
        ({"outcomes": []}, "outcomes", "Select at least one outcome"),
        ({"outcomes": ["induction-completed"]}, "outcomes", "from the list"),
        ({"note": "Spoke to Mr Smith"}, "note", "confidential scheme"),
        ({"peer_supporter_ids": [999]}, "peer_supporters", "on the day of the activity"),
    ],
)
def test_an_entry_that_breaks_a_rule_is_refused_and_counts_nowhere(
    scheme: Scheme, staff: User, fields: dict[str, Any], field: str, message: str
) -> None:
    running_since(scheme)
    with pytest.raises(ValidationError) as refused:
        log(scheme, staff, **fields)
    assert message in " ".join(refused.value.message_dict[field])
    assert not ActivityEntry.objects.exists()
    assert not ActivityMonth.objects.exists()


def test_a_scheme_that_is_not_confidential_may_keep_a_short_note(
    scheme: Scheme, staff: User
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(scheme_type=SchemeType.INSIDERS)
    running_since(scheme)
    entry = log(scheme, staff, outcomes=["induction-completed"], note="Induction on A wing")
    assert entry.note == "Induction on A wing"


def test_governors_and_analysts_cannot_log_and_nobody_logs_on_a_closed_scheme(
    scheme: Scheme, governor: User, analyst: User, staff: User
) -> None:
    running_since(scheme)
    for user in (governor, analyst):
        with pytest.raises(PermissionDenied):
            log(scheme, user)
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.CLOSED)
    scheme.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        log(scheme, staff)


def test_a_correction_moves_the_entry_between_months_in_the_summaries(
    scheme: Scheme, staff: User, coordinator: User
) -> None:
    running_since(scheme, days=80)
    entry = log(scheme, staff, occurred_at=at(1), duration_minutes=30)
    earlier = at(45)
    activity_correct(
        entry=entry,
        by=coordinator,
        expected_version=entry.version,
        occurred_at=earlier,
        location="C wing",
        duration_minutes=50,
        people_reached=3,
        outcomes=["referred-to-staff"],
    )
    now_month, then_month = month(scheme, at(1)), month(scheme, earlier)
    if now_month.pk != then_month.pk:
        assert (now_month.entries, now_month.minutes, now_month.last_on) == (0, 0, None)
    assert (then_month.entries, then_month.minutes, then_month.people_reached) == (1, 50, 3)
    counts = dict(
        ActivityMonthOutcome.objects.filter(scheme=scheme, count__gt=0).values_list(
            "outcome", "count"
        )
    )
    assert counts == {"referred-to-staff": 1}


def test_a_stale_correction_is_refused_and_changes_nothing(
    scheme: Scheme, staff: User, coordinator: User
) -> None:
    running_since(scheme)
    entry = log(scheme, staff)
    fields: dict[str, Any] = {
        "occurred_at": at(2),
        "location": "D wing",
        "duration_minutes": 20,
        "people_reached": 1,
        "outcomes": ["emotional-support"],
    }
    activity_correct(entry=entry, by=coordinator, expected_version=1, **fields)
    with pytest.raises(StaleEditError):
        activity_correct(
            entry=ActivityEntry.objects.get(pk=entry.pk),
            by=coordinator,
            expected_version=1,
            **{**fields, "duration_minutes": 90},
        )
    assert month(scheme, at(2)).minutes == 20


def test_staff_cannot_correct_an_entry(scheme: Scheme, staff: User) -> None:
    running_since(scheme)
    entry = log(scheme, staff)
    with pytest.raises(PermissionDenied):
        activity_correct(
            entry=entry,
            by=staff,
            expected_version=entry.version,
            occurred_at=at(1),
            location="B wing",
            duration_minutes=5,
            people_reached=0,
            outcomes=["emotional-support"],
        )


def test_peer_supporters_are_kept_as_roster_ids_without_names(
    scheme: Scheme, staff: User, roster: list[phases.PeerSupporter]
) -> None:
    running_since(scheme)
    entry = log(scheme, staff, peer_supporter_ids=[101, 102])
    assert sorted(entry.supporters.values_list("peer_supporter_id", flat=True)) == [101, 102]
    assert "Aaron" not in str(list(ActivitySupporter.objects.values_list()))


def test_eleven_call_outs_in_a_week_make_a_debrief_due_until_one_is_recorded(
    scheme: Scheme, staff: User, coordinator: User, roster: list[phases.PeerSupporter]
) -> None:
    running_since(scheme)
    for n in range(10):
        log(scheme, staff, occurred_at=at(1 + n // 2, hour=10 + n % 2), peer_supporter_ids=[101])
    assert not DebriefDue.objects.exists()
    log(scheme, staff, occurred_at=at(1, hour=16), peer_supporter_ids=[101, 102])
    flag = DebriefDue.objects.get()
    assert (flag.peer_supporter_id, flag.reason) == (101, "More than 10 call-outs in 7 days")
    debrief_record(
        scheme=scheme,
        by=coordinator,
        peer_supporter_id=101,
        held_on=timezone.localdate(),
        today=timezone.localdate(),
    )
    assert not DebriefDue.objects.exists()


def test_four_night_call_outs_make_a_debrief_due(
    scheme: Scheme, staff: User, roster: list[phases.PeerSupporter]
) -> None:
    running_since(scheme)
    for day in range(1, 5):
        log(scheme, staff, occurred_at=at(day, hour=3), peer_supporter_ids=[102])
    assert DebriefDue.objects.get().peer_supporter_id == 102


def test_only_a_coordinator_records_a_debrief_and_never_in_the_future(
    scheme: Scheme, staff: User, coordinator: User, roster: list[phases.PeerSupporter]
) -> None:
    running_since(scheme)
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        debrief_record(scheme=scheme, by=staff, peer_supporter_id=101, held_on=today, today=today)
    with pytest.raises(ValidationError, match="today or in the past"):
        debrief_record(
            scheme=scheme,
            by=coordinator,
            peer_supporter_id=101,
            held_on=today + timedelta(days=1),
            today=today,
        )
    with pytest.raises(ValidationError, match="peer supporter of this scheme"):
        debrief_record(
            scheme=scheme, by=coordinator, peer_supporter_id=555, held_on=today, today=today
        )


def test_a_schemes_own_thresholds_raise_a_debrief_sooner_whatever_its_type(
    scheme: Scheme, staff: User, coordinator: User, roster: list[phases.PeerSupporter]
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(scheme_type=SchemeType.INSIDERS)
    running_since(scheme)
    insiders = {"outcomes": ["induction-completed"], "peer_supporter_ids": [101]}
    log(scheme, staff, occurred_at=at(2), **insiders)
    log(scheme, staff, occurred_at=at(1), **insiders)
    assert not DebriefDue.objects.exists()  # Insiders have no default thresholds
    debrief_thresholds_set(
        scheme=scheme, by=coordinator, expected_version=0, days=7, call_outs=2, night_call_outs=5
    )
    log(scheme, staff, occurred_at=at(1, hour=15), **insiders)
    assert DebriefDue.objects.get().reason == "More than 2 call-outs in 7 days"


def test_debrief_thresholds_are_the_coordinators_and_version_checked(
    scheme: Scheme, staff: User, coordinator: User
) -> None:
    fields = {"days": 7, "call_outs": 5, "night_call_outs": 2}
    with pytest.raises(PermissionDenied):
        debrief_thresholds_set(scheme=scheme, by=staff, expected_version=0, **fields)
    setting = debrief_thresholds_set(scheme=scheme, by=coordinator, expected_version=0, **fields)
    with pytest.raises(StaleEditError):
        debrief_thresholds_set(scheme=scheme, by=coordinator, expected_version=0, **fields)
    debrief_thresholds_set(
        scheme=scheme, by=coordinator, expected_version=setting.version, **{**fields, "days": 3}
    )
    setting.refresh_from_db()
    assert (setting.days, setting.version) == (3, 2)
    with pytest.raises(ValidationError):
        debrief_thresholds_set(
            scheme=scheme, by=coordinator, expected_version=2, **{**fields, "days": 29}
        )
