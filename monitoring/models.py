"""Phase 4, monitoring and evaluation: the activity log and its monthly summaries,
debriefs, and the risk register with its confidentiality incidents.

Peer supporters belong to another phase (recruitment), which this app must not import:
they are kept here as the plain ids the registry's ``roster`` gives (no foreign key),
and never with a name, so that nothing an analyst could read names anyone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from peersupport.text import SHORT_TEXT
from schemes.models import Scheme


class ActivityEntry(models.Model):
    """One contact or session a scheme gave: when, where, for how long, how many people
    it reached and what came of it (the scheme type's outcome codes).

    Nothing identifies the person supported. A confidential scheme (Listeners) has no
    free text at all: ``note`` stays empty (the service refuses one).
    """

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="activity")
    occurred_at = models.DateTimeField("Date and time")
    location = models.CharField("Location", max_length=60, help_text="The wing or place")
    duration_minutes = models.PositiveSmallIntegerField("Duration in minutes")
    people_reached = models.PositiveSmallIntegerField("People reached")
    note = models.CharField("Note", max_length=SHORT_TEXT, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="recorded by",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = "activity entry"
        verbose_name_plural = "activity entries"
        indexes = [models.Index(fields=["scheme", "occurred_at"], name="activity_scheme_when")]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=600),
                name="activity_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(people_reached__lte=200), name="activity_people_reached_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Activity of {self.scheme} at {self.occurred_at:%d %B %Y %H:%M}"


class ActivityOutcome(models.Model):
    """One outcome code of an activity entry (the codes are per scheme type: rules.py)."""

    entry = models.ForeignKey(ActivityEntry, on_delete=models.CASCADE, related_name="outcomes")
    code = models.CharField("Outcome", max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "code"], name="activity_outcome_once")
        ]

    def __str__(self) -> str:
        return self.code


class ActivitySupporter(models.Model):
    """A peer supporter involved in an activity entry: the roster's id, not a foreign
    key (the import rule) and not a name (analysts read activity)."""

    entry = models.ForeignKey(ActivityEntry, on_delete=models.CASCADE, related_name="supporters")
    peer_supporter_id = models.PositiveBigIntegerField("Peer supporter")

    class Meta:
        indexes = [models.Index(fields=["peer_supporter_id"], name="activity_supporter_id")]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "peer_supporter_id"], name="activity_supporter_once"
            )
        ]

    def __str__(self) -> str:
        return f"Peer supporter {self.peer_supporter_id}"


class ActivityMonth(models.Model):
    """A scheme's activity in one calendar month, kept up to date by the services in
    the transaction that records or corrects an entry: every page and dashboard reads
    these, never the raw log."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="activity_months")
    month = models.DateField("Month", help_text="The month's first day")
    entries = models.PositiveIntegerField(default=0)
    people_reached = models.PositiveIntegerField(default=0)
    minutes = models.PositiveIntegerField(default=0)
    night_entries = models.PositiveIntegerField(
        default=0, help_text="Entries between midnight and 06:00"
    )
    last_on = models.DateField("Latest day with activity", null=True, blank=True)

    class Meta:
        ordering = ["scheme", "month"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "month"], name="activity_month_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="activity_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"Activity of {self.scheme} in {self.month:%B %Y}"


class ActivityMonthOutcome(models.Model):
    """How many entries of a scheme's month had each outcome code."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="+")
    month = models.DateField("Month")
    outcome = models.CharField(max_length=40)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["scheme", "month", "outcome"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "month", "outcome"], name="activity_month_outcome_once"
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="activity_month_outcome_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome} in {self.month:%B %Y}: {self.count}"


class ActivityWingMonth(models.Model):
    """A scheme's activity in one calendar month at one location (wing), kept by the
    same services as ``ActivityMonth``: the evaluation pack reads it, never the log."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="+")
    month = models.DateField("Month", help_text="The month's first day")
    location = models.CharField("Location", max_length=60)
    entries = models.PositiveIntegerField(default=0)
    people_reached = models.PositiveIntegerField(default=0)
    minutes = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["scheme", "month", "location"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "month", "location"], name="activity_wing_month_once"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="activity_wing_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.location} in {self.month:%B %Y}: {self.entries}"


class ActivityHourMonth(models.Model):
    """How many entries of a scheme's month began in each hour of the day (local time),
    kept by the same services as ``ActivityMonth``."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="+")
    month = models.DateField("Month", help_text="The month's first day")
    hour = models.PositiveSmallIntegerField("Hour of the day")
    entries = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["scheme", "month", "hour"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "month", "hour"], name="activity_hour_month_once"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="activity_hour_month_first_day"),
            models.CheckConstraint(condition=Q(hour__lte=23), name="activity_hour_month_hour"),
        ]

    def __str__(self) -> str:
        return f"{self.hour:02d}:00 in {self.month:%B %Y}: {self.entries}"


class Debrief(models.Model):
    """A debrief (support session) a coordinator held with a peer supporter: it clears
    the "debrief due" flag raised by their load."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="debriefs")
    peer_supporter_id = models.PositiveBigIntegerField("Peer supporter")
    held_on = models.DateField("Date of the debrief")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="recorded by",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["scheme", "peer_supporter_id"], name="debrief_scheme_supporter")
        ]

    def __str__(self) -> str:
        return f"Debrief of peer supporter {self.peer_supporter_id} on {self.held_on}"


class DebriefThresholdSetting(models.Model):
    """A scheme's own debrief thresholds, where its coordinator changed the type's
    default (rules.DEBRIEF_THRESHOLDS): a peer supporter needs a debrief after more
    than ``call_outs`` call-outs within ``days`` days, or more than
    ``night_call_outs`` of them between midnight and 06:00."""

    scheme = models.OneToOneField(
        Scheme, on_delete=models.CASCADE, related_name="debrief_thresholds"
    )
    days = models.PositiveSmallIntegerField("Days")
    call_outs = models.PositiveSmallIntegerField("Call-outs")
    night_call_outs = models.PositiveSmallIntegerField("Call-outs between midnight and 06:00")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "debrief thresholds"
        verbose_name_plural = "debrief thresholds"
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=1, days__lte=28), name="debrief_thresholds_days_range"
            ),
            models.CheckConstraint(
                condition=Q(call_outs__gte=1, call_outs__lte=100),
                name="debrief_thresholds_call_outs_range",
            ),
            models.CheckConstraint(
                condition=Q(night_call_outs__gte=1, night_call_outs__lte=100),
                name="debrief_thresholds_night_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Debrief thresholds of {self.scheme}"


class DebriefDue(models.Model):
    """A peer supporter whose load passed the scheme's thresholds since their last
    debrief: raised when activity is recorded, removed when a debrief is recorded, so
    that the pages and dashboards read one small table rather than the activity log."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="debriefs_due")
    peer_supporter_id = models.PositiveBigIntegerField("Peer supporter")
    since = models.DateField("Due since")
    reason = models.CharField(max_length=SHORT_TEXT)

    class Meta:
        ordering = ["since", "peer_supporter_id"]
        verbose_name = "debrief due"
        verbose_name_plural = "debriefs due"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "peer_supporter_id"], name="debrief_due_once")
        ]

    def __str__(self) -> str:
        return f"Debrief due for peer supporter {self.peer_supporter_id}"


class RiskCategory(models.TextChoices):
    """The guidance's three named risks to a scheme, and any other."""

    NEGATIVE_ATTITUDES = (
        "negative-attitudes",
        "Negative attitudes to peer supporters or participants",
    )
    PREFERENTIAL_TREATMENT = "preferential-treatment", "Preferential treatment by staff"
    CONFIDENTIALITY = "confidentiality", "Misuse of confidential information"
    OTHER = "other", "Other"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class RiskEntry(models.Model):
    """One risk on a scheme's risk register: likelihood x impact, its owner, what
    mitigates it and when it is next reviewed. Every change is in the audit trail,
    which the risk's page shows as its history."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="risks")
    title = models.CharField("Risk", max_length=SHORT_TEXT)
    description = models.TextField("Description", blank=True)
    category = models.CharField(
        "Category", max_length=30, choices=RiskCategory.choices, default=RiskCategory.OTHER
    )
    likelihood = models.PositiveSmallIntegerField("Likelihood")
    impact = models.PositiveSmallIntegerField("Impact")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="owner",
    )
    mitigations = models.TextField("Mitigations", blank=True)
    review_on = models.DateField("Next review")
    status = models.CharField(
        "Status", max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="created by",
    )
    # The preferential treatment check's flag this risk was raised from (rules_equality
    # Flag.key), so the same flag is not raised twice while its risk is open.
    equality_flag = models.CharField(max_length=SHORT_TEXT, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["status", "-id"]
        verbose_name = "risk"
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5), name="risk_likelihood_range"
            ),
            models.CheckConstraint(
                condition=Q(impact__gte=1, impact__lte=5), name="risk_impact_range"
            ),
            models.CheckConstraint(
                condition=Q(category__in=RiskCategory.values), name="risk_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RiskStatus.values), name="risk_status_valid"
            ),
            # Each of the guidance's named risks once per scheme (seeded); "other" freely,
            # and as many as the preferential treatment check raises against its risk.
            models.UniqueConstraint(
                fields=["scheme", "category"],
                condition=~Q(category=RiskCategory.OTHER) & Q(equality_flag=""),
                name="risk_named_once",
            ),
            models.UniqueConstraint(
                fields=["scheme", "equality_flag"],
                condition=~Q(equality_flag="") & Q(status=RiskStatus.OPEN),
                name="risk_equality_flag_once_open",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class ConfidentialityIncident(models.Model):
    """A breach or near miss of confidentiality, recorded against the scheme's
    "misuse of confidential information" risk. It names nobody."""

    risk = models.ForeignKey(RiskEntry, on_delete=models.CASCADE, related_name="incidents")
    occurred_on = models.DateField("Date of the incident")
    what_happened = models.TextField("What happened")
    action_taken = models.TextField("Action taken")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="recorded by",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"Confidentiality incident on {self.occurred_on}"


# The feedback and attitude surveys live in their own module (monitoring.feedback);
# re-exported (``X as X``) so that ``monitoring.models`` names every model of the app.
from .feedback.models import Audience as Audience  # noqa: E402
from .feedback.models import FeedbackQuestionSummary as FeedbackQuestionSummary  # noqa: E402
from .feedback.models import FeedbackResponse as FeedbackResponse  # noqa: E402
from .feedback.models import FeedbackRound as FeedbackRound  # noqa: E402
from .feedback.models import RoundKind as RoundKind  # noqa: E402

# Indicators, monthly returns and evaluations (their own module).
from .models_returns import (  # noqa: E402
    Evaluation,
    EvaluationAdjustment,
    IndicatorValue,
    Measure,
    MonitoringIndicator,
    MonthlyReturn,
    ReturnStatus,
    ValueSource,
)

__all__ = [
    "Evaluation",
    "EvaluationAdjustment",
    "IndicatorValue",
    "Measure",
    "MonitoringIndicator",
    "MonthlyReturn",
    "ReturnStatus",
    "ValueSource",
]


class PopulationFigures(models.Model):
    """The prison's population by group, entered by a coordinator where the prison has
    no extract of its prisoners (the preferential treatment check compares peer
    supporters with it). One set per prison, replaced as a whole, version-checked."""

    prison = models.OneToOneField(
        "accounts.Prison", on_delete=models.CASCADE, related_name="population_figures"
    )
    as_of = models.DateField("Date the counts describe")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="entered by",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "population figures"
        verbose_name_plural = "population figures"

    def __str__(self) -> str:
        return f"Population of {self.prison} on {self.as_of:%-d %B %Y}"


class PopulationCount(models.Model):
    """How many people of one group (of a dimension: age band, ethnic group, religion,
    disability) the prison holds, as entered."""

    figures = models.ForeignKey(PopulationFigures, on_delete=models.CASCADE, related_name="counts")
    dimension = models.CharField(max_length=20)
    group = models.CharField(max_length=SHORT_TEXT)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["figures", "dimension", "group"], name="population_count_once"
            ),
            models.CheckConstraint(condition=Q(count__lte=100000), name="population_count_range"),
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.count}"


# The dashboards' stored summary of each scheme (its own module).
from .dashboards.models import SchemeSnapshot as SchemeSnapshot  # noqa: E402
