"""Phase 2, recruitment and implementation: the prison's prisoners (from its extract),
recruitment rounds, applications, suitability sign-offs and placements.

The rules (wing from a cell location, age band, the turnover forecast) are plain
functions in ``rules.py``; writes go through ``services``; reads through ``selectors``.
"""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from accounts.models import Prison
from schemes.models import Scheme

# The national prison number: a letter, four digits, two letters (A1234BC).
PRISON_NUMBER_RE = re.compile(r"^[A-Z][0-9]{4}[A-Z]{2}$")
prison_number_validator = RegexValidator(
    PRISON_NUMBER_RE,
    "Enter a prison number in the correct format, like A1234BC",
)


class Disability(models.TextChoices):
    YES = "yes", "Has a disability"
    NO = "no", "No disability"
    NOT_RECORDED = "", "Not recorded"


class Prisoner(models.Model):
    """A person held at a prison, as the prison's extract (NOMIS / Digital Prison
    Services) describes them. Never deleted: someone missing from a newer extract has
    left the prison; after the retention period their personal data is anonymised."""

    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="prisoners")
    # NULL, not "", once anonymised: the unique constraint must let many go.
    prison_number = models.CharField(  # noqa: DJ001
        max_length=7, null=True, blank=True, validators=[prison_number_validator]
    )
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    cell_location = models.CharField(max_length=40, blank=True, help_text="For example B-2-014")
    earliest_release_date = models.DateField(
        null=True,
        blank=True,
        help_text="The earliest of the release, conditional release and confirmed release "
        "dates; empty for an indeterminate sentence or no date",
    )
    indeterminate_sentence = models.BooleanField(default=False)
    incentive_level = models.CharField(max_length=40, blank=True)
    gender = models.CharField(max_length=40, blank=True)
    ethnicity = models.CharField(max_length=100, blank=True)
    religion = models.CharField(max_length=100, blank=True)
    disability = models.CharField(
        max_length=10, choices=Disability.choices, blank=True, default=Disability.NOT_RECORDED
    )
    sexual_orientation = models.CharField(max_length=60, blank=True)
    in_prison = models.BooleanField(default=True)
    left_on = models.DateField(
        null=True, blank=True, help_text="The date of the first extract that no longer held them"
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "prison_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["prison", "prison_number"], name="prisoner_number_unique_in_prison"
            ),
            models.CheckConstraint(
                condition=Q(prison_number__isnull=False) | Q(anonymised_at__isnull=False),
                name="prisoner_number_unless_anonymised",
            ),
            models.CheckConstraint(
                condition=Q(in_prison=True, left_on__isnull=True)
                | Q(in_prison=False, left_on__isnull=False),
                name="prisoner_left_on_when_left",
            ),
            models.CheckConstraint(
                condition=Q(disability__in=Disability.values), name="prisoner_disability_valid"
            ),
        ]
        indexes = [models.Index(fields=["prison", "in_prison"], name="prisoner_prison_in")]

    def __str__(self) -> str:
        if self.anonymised_at is not None:
            return "Anonymised person"
        return f"{self.first_name} {self.last_name} ({self.prison_number})"

    @property
    def full_name(self) -> str:
        if self.anonymised_at is not None:
            return "Anonymised person"
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def wing(self) -> str:
        """The wing is the first part of the cell location (B-2-014 is on wing B)."""
        return self.cell_location.split("-", 1)[0].strip() if self.cell_location else ""


class RecruitmentSettings(models.Model):
    """How a scheme recruits: the probation length, how long its training takes (for the
    forecast) and which parties must sign off a new peer supporter's suitability."""

    scheme = models.OneToOneField(
        Scheme, on_delete=models.CASCADE, related_name="recruitment_settings"
    )
    probation_weeks = models.PositiveSmallIntegerField(
        "Length of the probationary period, in weeks",
        default=8,
        validators=[MinValueValidator(1)],
    )
    training_weeks = models.PositiveSmallIntegerField(
        "How long the training course takes, in weeks",
        default=4,
        validators=[MinValueValidator(1)],
    )
    supervision_weeks = models.PositiveSmallIntegerField(
        "Supervise each peer supporter and the scheme's staff at least every (weeks)",
        default=4,
        validators=[MinValueValidator(1)],
    )
    practice_sessions = models.PositiveSmallIntegerField(
        "Supervised practice sessions before probation",
        default=2,
        help_text="How many practice sessions a peer supporter needs, observed as ready, "
        "before they work on probation",
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "recruitment settings"
        verbose_name_plural = "recruitment settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(probation_weeks__gte=1, probation_weeks__lte=52),
                name="recruitment_probation_weeks_range",
            ),
            models.CheckConstraint(
                condition=Q(training_weeks__gte=1, training_weeks__lte=52),
                name="recruitment_training_weeks_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Recruitment settings of {self.scheme}"


class SignOffParty(models.Model):
    """A party that must clear a new peer supporter's suitability for this scheme (for
    example security, safer custody, the Samaritans for Listeners)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="sign_off_parties")
    name = models.CharField(max_length=100)
    required = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "sign-off parties"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "name"], name="signoff_party_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class RecruitmentRound(models.Model):
    """A round of recruitment for a scheme: open and closing dates, places, the
    selection criteria (shown to applicants and on every decision) and how it is
    advertised."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="recruitment_rounds")
    title = models.CharField(max_length=200)
    opens_on = models.DateField("Opens")
    closes_on = models.DateField("Closes")
    places = models.PositiveSmallIntegerField("Places available", validators=[MinValueValidator(1)])
    selection_criteria = models.TextField(
        help_text="One criterion on each line. Applicants see these, and every decision "
        "says which were met"
    )
    advertising = models.TextField("How it is advertised", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="round_closes_after_opening"
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="round_has_places"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def criteria(self) -> list[str]:
        return [line.strip() for line in self.selection_criteria.splitlines() if line.strip()]

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today <= self.closes_on


class ApplicationRoute(models.TextChoices):
    SELF = "self", "Applied themselves"
    REFERRAL = "referral", "Referred by staff"


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    SHORTLISTED = "shortlisted", "Shortlisted"
    ASSESSED = "assessed", "Assessed"
    APPROVED = "approved", "Approved, waiting for a place"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    PLACED = "placed", "Placed"


LIVE_APPLICATION = (
    ApplicationStatus.APPLIED,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.ASSESSED,
    ApplicationStatus.APPROVED,
)


class DecisionReason(models.TextChoices):
    MEETS_CRITERIA = "meets_criteria", "Meets the selection criteria"
    CRITERIA_NOT_MET = "criteria_not_met", "Does not meet the selection criteria"
    NOT_CLEARED = "not_cleared", "Not cleared by a suitability check"
    RELEASE_TOO_SOON = "release_too_soon", "Release date too soon to complete training"
    NO_PLACES = "no_places", "No places in this round"
    APPLICANT_WITHDREW = "applicant_withdrew", "The applicant withdrew"
    LEFT_PRISON = "left_prison", "Left the prison"
    OTHER = "other", "Another reason"


class Application(models.Model):
    """A prisoner's application to be a peer supporter, or a staff referral."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="applications")
    round = models.ForeignKey(
        RecruitmentRound,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="applications")
    route = models.CharField(max_length=10, choices=ApplicationRoute.choices)
    applied_on = models.DateField()
    statement = models.TextField(
        "Why they want to be a peer supporter, or why staff refer them", blank=True
    )
    status = models.CharField(
        max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED
    )
    criteria_met = models.JSONField(
        default=dict, blank=True, help_text="Each selection criterion: met (true) or not (false)"
    )
    decision_reason = models.CharField(max_length=30, choices=DecisionReason.choices, blank=True)
    decision_note = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "prisoner"],
                condition=Q(status__in=[s.value for s in LIVE_APPLICATION]),
                name="application_one_live_per_scheme",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values), name="application_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(route__in=ApplicationRoute.values), name="application_route_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        ApplicationStatus.APPLIED,
                        ApplicationStatus.SHORTLISTED,
                        ApplicationStatus.ASSESSED,
                    ]
                )
                | Q(decided_on__isnull=False),
                name="application_decided_has_date",
            ),
        ]
        indexes = [models.Index(fields=["scheme", "status"], name="application_scheme_status")]

    def __str__(self) -> str:
        return f"Application by {self.prisoner} to {self.scheme}"


class CheckOutcome(models.TextChoices):
    CLEARED = "cleared", "Cleared"
    CONDITIONS = "conditions", "Cleared with conditions"
    NOT_CLEARED = "not_cleared", "Not cleared"


class SuitabilityCheck(models.Model):
    """One party's sign-off of an applicant's suitability. Its notes are confidential:
    coordinators and governors of the prison only, and every read is logged."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="suitability_checks"
    )
    party = models.ForeignKey(SignOffParty, on_delete=models.PROTECT, related_name="checks")
    outcome = models.CharField(max_length=12, choices=CheckOutcome.choices)
    conditions = models.TextField(blank=True)
    notes = models.TextField("Confidential notes", blank=True)
    checked_by_name = models.CharField(
        "Who made the check", max_length=200, help_text="Their name and role"
    )
    checked_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    override_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["party_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "party"], name="suitability_one_check_per_party"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=CheckOutcome.values), name="suitability_outcome_valid"
            ),
            models.CheckConstraint(
                condition=~Q(outcome=CheckOutcome.CONDITIONS) | ~Q(conditions=""),
                name="suitability_conditions_written",
            ),
            models.CheckConstraint(
                condition=Q(overridden_at__isnull=True)
                | (Q(outcome=CheckOutcome.NOT_CLEARED) & ~Q(override_reason="")),
                name="suitability_override_of_refusal_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.get_outcome_display()}"

    @property
    def clears(self) -> bool:
        """Whether this check lets a placement start."""
        return self.outcome != CheckOutcome.NOT_CLEARED or self.overridden_at is not None


class PlacementStatus(models.TextChoices):
    IN_TRAINING = "in_training", "In training"
    PROBATION = "probation", "On probation"
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    LEFT = "left", "Left"


OPEN_PLACEMENT = (
    PlacementStatus.IN_TRAINING,
    PlacementStatus.PROBATION,
    PlacementStatus.ACTIVE,
    PlacementStatus.SUSPENDED,
)


class LeavingReason(models.TextChoices):
    RELEASED = "released", "Released"
    TRANSFERRED = "transferred", "Transferred"
    RELEASED_OR_TRANSFERRED = "released_or_transferred", "Released or transferred"
    RESIGNED = "resigned", "Resigned"
    CONDUCT = "conduct", "Removed for conduct"
    NOT_SUITABLE = "not_suitable", "No longer suitable"
    SCHEME_CLOSED = "scheme_closed", "Scheme closed"


class Placement(models.Model):
    """A prisoner's role in a scheme: in training → on probation → active ⇄ suspended →
    left."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="placements")
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="placements")
    application = models.OneToOneField(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placement",
    )
    status = models.CharField(
        max_length=12, choices=PlacementStatus.choices, default=PlacementStatus.IN_TRAINING
    )
    started_on = models.DateField()
    training_ends_on = models.DateField(
        null=True, blank=True, help_text="When their training is expected to end"
    )
    probation_started_on = models.DateField(null=True, blank=True)
    probation_ends_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    leaving_reason = models.CharField(max_length=30, choices=LeavingReason.choices, blank=True)
    leaving_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "prisoner"],
                condition=~Q(status="left"),
                name="placement_one_open_per_scheme",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PlacementStatus.values), name="placement_status_valid"
            ),
            models.CheckConstraint(
                condition=(Q(status="left") & Q(left_on__isnull=False) & ~Q(leaving_reason=""))
                | (~Q(status="left") & Q(left_on__isnull=True) & Q(leaving_reason="")),
                name="placement_left_with_date_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(probation_ends_on__isnull=True) | Q(probation_started_on__isnull=False),
                name="placement_probation_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["scheme", "status"], name="placement_scheme_status")]

    def __str__(self) -> str:
        return f"{self.prisoner} in {self.scheme}"


class PlacementMove(models.Model):
    """One move of a placement, with who, when and why."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="moves")
    from_status = models.CharField(max_length=12, choices=PlacementStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=PlacementStatus.choices)
    on = models.DateField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.placement}: {self.from_status or 'new'} → {self.to_status}"


class ProbationOutcome(models.TextChoices):
    CONFIRM = "confirm", "Confirm: they become an active peer supporter"
    EXTEND = "extend", "Extend the probation"
    END = "end", "End the placement"


class ProbationReview(models.Model):
    """The review that ends a probationary period."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="probation_reviews"
    )
    reviewed_on = models.DateField()
    outcome = models.CharField(max_length=10, choices=ProbationOutcome.choices)
    extended_to = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reviewed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=ProbationOutcome.values), name="probation_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome="extend", extended_to__isnull=False)
                | (~Q(outcome="extend") & Q(extended_to__isnull=True)),
                name="probation_extension_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Probation review of {self.placement} on {self.reviewed_on}"


class Scenario(models.TextChoices):
    LOCKDOWN = "lockdown", "Lockdown or a regime change"
    SUPPORTER_IN_CRISIS = "supporter_in_crisis", "A peer supporter in crisis"
    SAFEGUARDING = "safeguarding", "A safeguarding disclosure"
    PARTNER_WITHDRAWS = "partner_withdraws", "The partner organisation withdraws"
    TOO_FEW = "too_few", "Too few peer supporters"
    OTHER = "other", "Another emergency"


class ContingencyPlan(models.Model):
    """An emergency and contingency plan: what happens when something goes wrong. A
    plan is current while its next review date has not passed."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="contingency_plans")
    scenario = models.CharField(max_length=30, choices=Scenario.choices)
    title = models.CharField(max_length=200, help_text="The emergency, in a few words")
    response = models.TextField("What happens", help_text="Who does what, and in what order")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    last_tested_on = models.DateField("Last tested or reviewed", null=True, blank=True)
    next_review_on = models.DateField("Next test or review")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["next_review_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scenario__in=Scenario.values), name="contingency_scenario_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_current(self, today: date) -> bool:
        return self.next_review_on >= today


# --- training and practice (implementation) --------------------------------------------


class ModuleKind(models.TextChoices):
    CORE = "core", "Core skill"
    SCHEME = "scheme", "Specific to this scheme"


class TrainingModule(models.Model):
    """A part of a scheme's training: the guidance's core skills ("communication,
    problem solving") and the scheme's own course."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="training_modules")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=ModuleKind.choices)
    hours = models.DecimalField(max_digits=5, decimal_places=1, validators=[MinValueValidator(0.5)])
    delivered_by = models.CharField("Who delivers it", max_length=200)
    required = models.BooleanField(
        "Must be passed before probation",
        default=True,
    )
    refresh_months = models.PositiveSmallIntegerField(
        "Refresh every (months)",
        null=True,
        blank=True,
        help_text="Leave empty if it never needs refreshing",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "title"], name="training_module_unique_title"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ModuleKind.values), name="training_module_kind_valid"
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="training_module_hours_positive"),
            models.CheckConstraint(
                condition=Q(refresh_months__isnull=True)
                | Q(refresh_months__gte=1, refresh_months__lte=60),
                name="training_module_refresh_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TrainingRecord(models.Model):
    """A peer supporter's attempt at a module: when, how long, who trained them, and
    whether they passed."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="training_records"
    )
    module = models.ForeignKey(TrainingModule, on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField()
    hours = models.DecimalField(max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    trainer = models.CharField(max_length=200)
    passed = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gte=0), name="training_record_hours"),
        ]
        indexes = [models.Index(fields=["placement", "module"], name="training_record_module")]

    def __str__(self) -> str:
        return f"{self.module} on {self.completed_on}: {'passed' if self.passed else 'not passed'}"


class PracticeOutcome(models.TextChoices):
    READY = "ready", "Ready to support people alone"
    MORE = "more", "Needs more practice"


class PracticeSession(models.Model):
    """Supervised practice before a peer supporter works alone (the guidance: "allow
    time for practice")."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="practice_sessions"
    )
    held_on = models.DateField()
    activity = models.CharField(
        "Scenario or activity",
        max_length=200,
        help_text="For example: role play of a night call-out",
    )
    observer = models.CharField("Who observed", max_length=200)
    outcome = models.CharField(max_length=10, choices=PracticeOutcome.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=PracticeOutcome.values), name="practice_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Practice on {self.held_on}: {self.activity}"


# --- supervision (implementation) ------------------------------------------------------


class SupervisionKind(models.TextChoices):
    ONE_TO_ONE = "one_to_one", "One-to-one with a peer supporter"
    GROUP = "group", "Group supervision of peer supporters"
    STAFF = "staff", "Supervision of the staff who run the scheme"


class SupervisionSession(models.Model):
    """A supervision or support session (the guidance: "Set up supervision for staff and
    peer supporters"). Its notes are confidential: the prison's coordinators and the
    member of staff who ran it read them, and every read is logged."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.CASCADE, related_name="supervision_sessions"
    )
    held_on = models.DateField()
    kind = models.CharField(max_length=12, choices=SupervisionKind.choices)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The member of staff who ran the session",
    )
    peer_supporters = models.ManyToManyField(
        Placement, blank=True, related_name="supervision_sessions"
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="Staff supervised"
    )
    debrief = models.BooleanField(
        default=False, help_text="A debrief after a difficult contact or a heavy load"
    )
    notes = models.TextField("Confidential notes", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SupervisionKind.values), name="supervision_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["scheme", "held_on"], name="supervision_scheme_held")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on}"


# --- cover (implementation) ------------------------------------------------------------


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class CoverNeed(models.Model):
    """Cover the scheme promises: so many peer supporters at a location (a wing, or a
    place such as reception) in a time band on a day of the week. A band that ends at
    or before it starts runs overnight (17:00 to 08:00)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="cover_needs")
    location = models.CharField(
        max_length=40, help_text="A wing, as in cell locations (B), or a place (Reception)"
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts = models.TimeField()
    ends = models.TimeField()
    needed = models.PositiveSmallIntegerField(
        "Peer supporters needed", validators=[MinValueValidator(1)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["weekday", "starts", "location", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="cover_need_weekday_valid"
            ),
            models.CheckConstraint(condition=Q(needed__gte=1), name="cover_need_at_least_one"),
            models.CheckConstraint(
                condition=~Q(starts=models.F("ends")), name="cover_need_band_has_length"
            ),
            models.UniqueConstraint(
                fields=["scheme", "location", "weekday", "starts"],
                name="cover_need_unique_band",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.location}, {self.get_weekday_display()} "
            f"{self.starts:%H:%M} to {self.ends:%H:%M}: {self.needed}"
        )


class Availability(models.Model):
    """When a peer supporter can give support: a day of the week and a time band."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts = models.TimeField()
    ends = models.TimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["weekday", "starts", "id"]
        verbose_name_plural = "availability"
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="availability_weekday_valid"
            ),
            models.CheckConstraint(
                condition=~Q(starts=models.F("ends")), name="availability_band_has_length"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M} to {self.ends:%H:%M}"


class CoverAssignment(models.Model):
    """A peer supporter put on the rota for one cover band on one date (beyond those
    who cover it already: available and living on that wing)."""

    need = models.ForeignKey(CoverNeed, on_delete=models.CASCADE, related_name="assignments")
    on = models.DateField()
    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="cover_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "on", "placement"], name="cover_assignment_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement} on {self.on} ({self.need})"
