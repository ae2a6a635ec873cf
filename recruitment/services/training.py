"""Writes for training and practice: the scheme's modules, and what each peer
supporter completed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.access import Permission
from accounts.models import User
from peersupport.text import check_text_lengths
from schemes.models import Scheme, SchemeType
from schemes.services.access import require
from schemes.services.versioning import save_if_unchanged

from ..models import (
    ModuleKind,
    Placement,
    PlacementStatus,
    PracticeSession,
    TrainingModule,
    TrainingRecord,
)

FUTURE_DATE = "The date must be today or in the past"
MAX_HOURS = Decimal(200)

# The modules a new scheme starts with: the guidance's core skills, then the scheme's
# own course where its type has a well-known one. Coordinators change them.
CORE_MODULES = (
    ("Communication", Decimal(6), "The scheme coordinator"),
    ("Problem solving", Decimal(6), "The scheme coordinator"),
)
SCHEME_COURSES: dict[str, tuple[str, Decimal, str]] = {
    SchemeType.LISTENERS: ("Samaritans Listener training", Decimal(30), "Samaritans"),
    SchemeType.READING: ("Turning Pages coaching", Decimal(12), "Shannon Trust"),
    SchemeType.INSIDERS: ("Induction and reception procedures", Decimal(6), "Reception staff"),
}


def default_modules(scheme: Scheme) -> list[TrainingModule]:
    """The modules a new scheme starts with (unsaved)."""
    modules = [
        TrainingModule(scheme=scheme, title=t, kind=ModuleKind.CORE, hours=h, delivered_by=d)
        for t, h, d in CORE_MODULES
    ]
    course = SCHEME_COURSES.get(scheme.scheme_type)
    if course is not None:
        title, hours, by = course
        modules.append(
            TrainingModule(
                scheme=scheme,
                title=title,
                kind=ModuleKind.SCHEME,
                hours=hours,
                delivered_by=by,
                refresh_months=12,
            )
        )
    return modules


def _check_unique_title(scheme: Scheme, title: str, exclude: int | None = None) -> None:
    clash = TrainingModule.objects.filter(scheme=scheme, title__iexact=title.strip())
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"title": "The scheme already has a module with this title"})


@transaction.atomic
def module_create(*, scheme: Scheme, by: User, **fields: Any) -> TrainingModule:
    """Add a training module to the scheme (coordinators)."""
    require(by, Permission.CHANGE, scheme)
    module = TrainingModule(scheme=scheme, **fields)
    module.full_clean(validate_constraints=False)
    check_text_lengths(module)
    _check_unique_title(scheme, module.title)
    module.save()
    return module


@transaction.atomic
def module_update(
    *, module: TrainingModule, by: User, expected_version: int, **fields: Any
) -> TrainingModule:
    """Change a module, unless somebody changed it since ``expected_version`` was read
    (StaleEditError: nothing is written)."""
    require(by, Permission.CHANGE, module.scheme)
    if "title" in fields:
        _check_unique_title(module.scheme, fields["title"], exclude=module.pk)
    save_if_unchanged(
        module, expected_version=expected_version, fields=fields, updated_at=timezone.now()
    )
    return module


def _check_date(day: date, placement: Placement, today: date, field: str) -> None:
    if day > today:
        raise ValidationError({field: FUTURE_DATE})
    if day < placement.started_on:
        raise ValidationError(
            {
                field: f"The date must be on or after {placement.started_on:%-d %B %Y}, "
                "when their placement started"
            }
        )


def _check_current(placement: Placement) -> None:
    if placement.status == PlacementStatus.LEFT:
        raise ValidationError("This peer supporter has left the scheme")


@transaction.atomic
def training_record(
    *,
    placement: Placement,
    by: User,
    today: date,
    module: TrainingModule,
    completed_on: date,
    hours: Decimal,
    trainer: str,
    passed: bool,
) -> TrainingRecord:
    """Record that a peer supporter completed a module (coordinators), passed or not."""
    scheme = placement.scheme
    require(by, Permission.CHANGE, scheme)
    _check_current(placement)
    if module.scheme_id != scheme.pk:
        raise ValidationError({"module": "Choose one of this scheme's modules"})
    _check_date(completed_on, placement, today, "completed_on")
    if hours > MAX_HOURS:
        raise ValidationError({"hours": "Hours must be 200 or fewer"})
    record = TrainingRecord(
        placement=placement,
        module=module,
        completed_on=completed_on,
        hours=hours,
        trainer=trainer,
        passed=passed,
        recorded_by=by,
    )
    record.full_clean()
    check_text_lengths(record)
    record.save()
    return record


@transaction.atomic
def practice_record(
    *,
    placement: Placement,
    by: User,
    today: date,
    held_on: date,
    activity: str,
    observer: str,
    outcome: str,
) -> PracticeSession:
    """Record a supervised practice session (staff who observed it, or coordinators)."""
    require(by, Permission.LOG, placement.scheme)
    _check_current(placement)
    _check_date(held_on, placement, today, "held_on")
    session = PracticeSession(
        placement=placement,
        held_on=held_on,
        activity=activity,
        observer=observer,
        outcome=outcome,
        recorded_by=by,
    )
    session.full_clean()
    check_text_lengths(session)
    session.save()
    return session
