"""Writes for the preferential treatment check: a risk raised from a flag, and the
population counts a coordinator enters where the prison has no extract."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.access import Permission
from accounts.models import User
from schemes import phases
from schemes.models import Scheme
from schemes.services.access import require
from schemes.services.versioning import StaleEditError, save_if_unchanged

from . import rules, rules_equality
from .models import PopulationCount, PopulationFigures, RiskCategory, RiskEntry, RiskStatus
from .services import risk_create

# A risk raised from a flag is reviewed sooner than a seeded one: within four weeks.
RAISED_REVIEW_DAYS = 28
ALREADY_RAISED = "A risk has already been raised for this group and is still open"


class AlreadyRaisedError(ValidationError):
    """The flag already has an open risk: nothing is added."""

    def __init__(self, risk: RiskEntry) -> None:
        super().__init__(ALREADY_RAISED)
        self.risk = risk


def _open_risk(scheme: Scheme, key: str) -> RiskEntry | None:
    return RiskEntry.objects.filter(
        scheme=scheme, equality_flag=key, status=RiskStatus.OPEN
    ).first()


@transaction.atomic
def equality_risk_raise(
    *, scheme: Scheme, by: User, today: date, flag: rules_equality.Flag
) -> RiskEntry:
    """Add a risk against the preferential treatment risk from a flag of the check, with
    its figures (the coordinator), owned by them and reviewed within four weeks. Once
    per flag while its risk is open (AlreadyRaisedError)."""
    require(by, Permission.CHANGE, scheme)
    existing = _open_risk(scheme, flag.key)
    if existing is not None:
        raise AlreadyRaisedError(existing)
    description = (
        f"Raised from the preferential treatment check on {today:%-d %B %Y}. {flag.words} "
        "Find out why: how the roles are advertised, who refers people and how "
        "applicants are chosen."
    )
    try:
        with transaction.atomic():
            return risk_create(
                scheme=scheme,
                by=by,
                today=today,
                title=flag.title,
                category=RiskCategory.PREFERENTIAL_TREATMENT,
                description=description,
                likelihood=rules.SEEDED_LIKELIHOOD,
                impact=rules.SEEDED_IMPACT,
                owner=by,
                review_on=today + timedelta(days=RAISED_REVIEW_DAYS),
                equality_flag=flag.key,
            )
    except (IntegrityError, ValidationError):
        # Raised a moment ago by somebody else.
        existing = _open_risk(scheme, flag.key)
        if existing is None:
            raise
        raise AlreadyRaisedError(existing) from None


@transaction.atomic
def population_figures_set(
    *,
    scheme: Scheme,
    by: User,
    expected_version: int,
    today: date,
    as_of: date,
    counts: Mapping[str, Mapping[str, int]],
) -> PopulationFigures:
    """Enter the prison's population by group (the coordinator of one of its schemes),
    replacing what was entered before, unless somebody entered counts since
    ``expected_version`` was read (0: none were; StaleEditError)."""
    require(by, Permission.CHANGE, scheme)
    if as_of > today:
        raise ValidationError(
            {"as_of": "The date the counts describe must be today or in the past"}
        )
    labels = dict(phases.DIMENSIONS)
    unknown = set(counts) - set(labels)
    if unknown:
        raise ValueError(f"Unknown dimensions: {sorted(unknown)}")
    for by_group in counts.values():
        for count in by_group.values():
            if not 0 <= count <= 100000:
                raise ValidationError("Each count must be between 0 and 100,000")
    problem = rules_equality.population_problem(
        {key: sum(by_group.values()) for key, by_group in counts.items()}, labels
    )
    if problem:
        raise ValidationError(problem)
    figures = (
        PopulationFigures.objects.select_for_update().filter(prison_id=scheme.prison_id).first()
    )
    if figures is None:
        if expected_version != 0:
            raise StaleEditError
        figures = PopulationFigures(prison_id=scheme.prison_id, as_of=as_of, entered_by=by)
        figures.full_clean()
        try:
            with transaction.atomic():
                figures.save()
        except IntegrityError:
            raise StaleEditError from None
    else:
        save_if_unchanged(
            figures,
            expected_version=expected_version,
            fields={"as_of": as_of, "entered_by": by},
            updated_at=timezone.now(),
        )
        PopulationCount.objects.filter(figures=figures).delete()
    PopulationCount.objects.bulk_create(
        [
            PopulationCount(figures=figures, dimension=key, group=group[:200], count=count)
            for key, by_group in counts.items()
            for group, count in by_group.items()
        ]
    )
    return figures
