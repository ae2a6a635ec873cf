"""Judging whether a scheme works (the guidance's phase 4): each SMART objective's
indicator month by month, the monthly return a governor approves, and evaluations whose
adjustments become actions.

Imported by ``monitoring.models``, so Django finds these models there too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from peersupport.text import SHORT_TEXT
from schemes.models import Action, Scheme, SmartObjective


class Measure(models.TextChoices):
    """Where an objective's monthly value comes from."""

    ENTERED = "entered", "Entered by the coordinator each month"
    ENTRIES = "entries", "Activity entries logged in the month"
    PEOPLE = "people", "People reached in the month"
    OUTCOME = "outcome", "Activity entries with one outcome in the month"


class MonitoringIndicator(models.Model):
    """How an objective's indicator is measured: entered by hand, or read from the
    monthly activity summaries when it is a count."""

    objective = models.OneToOneField(
        SmartObjective, on_delete=models.CASCADE, related_name="monitoring_indicator"
    )
    measure = models.CharField(
        "How is it measured?", max_length=10, choices=Measure.choices, default=Measure.ENTERED
    )
    outcome = models.CharField("Outcome", max_length=40, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(measure__in=Measure.values), name="indicator_measure_valid"
            ),
            models.CheckConstraint(
                condition=~Q(measure="outcome") | ~Q(outcome=""),
                name="indicator_outcome_named",
            ),
        ]

    def __str__(self) -> str:
        return f"How “{self.objective}” is measured"


class ValueSource(models.TextChoices):
    ENTERED = "entered", "Entered"
    COMPUTED = "computed", "From the activity log"


class IndicatorValue(models.Model):
    """An objective's indicator in one calendar month."""

    objective = models.ForeignKey(
        SmartObjective, on_delete=models.CASCADE, related_name="monitoring_values"
    )
    month = models.DateField("Month", help_text="The month's first day")
    value = models.DecimalField("Value", max_digits=12, decimal_places=2)
    source = models.CharField(max_length=10, choices=ValueSource.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="entered by",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["objective", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "month"], name="indicator_value_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="indicator_value_first_day"),
            models.CheckConstraint(
                condition=Q(source__in=ValueSource.values), name="indicator_value_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objective} in {self.month:%B %Y}: {self.value}"


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    REOPENED = "reopened", "Reopened"


class MonthlyReturn(models.Model):
    """A scheme's monthly return: the month's figures, prepared and submitted by the
    coordinator, approved (and so locked) by a governor. A correction reopens it with a
    reason, and it is submitted and approved again (``version`` counts every change)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="monthly_returns")
    month = models.DateField("Month", help_text="The month's first day")
    status = models.CharField(
        max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT
    )
    figures = models.JSONField(default=dict, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="prepared by",
    )
    prepared_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="approved by",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField("Why it is reopened", blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scheme", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "month"], name="monthly_return_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="monthly_return_first_day"),
            models.CheckConstraint(
                condition=Q(status__in=ReturnStatus.values), name="monthly_return_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Monthly return of {self.scheme} for {self.month:%B %Y}"

    @property
    def locked(self) -> bool:
        return self.status == ReturnStatus.APPROVED


class Evaluation(models.Model):
    """An evaluation of the scheme over a period: the guidance's two questions and the
    coordinator's own, the method, the findings, and the adjustments it led to. The
    baseline against follow-up of each objective is read from the indicator values."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="evaluations")
    period_start = models.DateField("Start of the period")
    period_end = models.DateField("End of the period")
    own_questions = models.TextField("Your own questions", blank=True)
    method = models.TextField("Method")
    worked_as_intended = models.TextField("Has it worked as intended?", blank=True)
    long_enough = models.TextField(
        "Has it run long enough to achieve what it sets out to do?", blank=True
    )
    findings = models.TextField("Other findings", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="created by",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="evaluation_period_order",
            )
        ]

    def __str__(self) -> str:
        return f"Evaluation of {self.period_start:%-d %B %Y} to {self.period_end:%-d %B %Y}"

    @property
    def has_findings(self) -> bool:
        return bool(self.worked_as_intended or self.long_enough or self.findings)


class EvaluationAdjustment(models.Model):
    """A change an evaluation led to: it became an action on the scheme, and where it
    changes the scheme's design, the plan is amended (planning's pages)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="adjustments")
    action = models.OneToOneField(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summary = models.CharField("Adjustment", max_length=SHORT_TEXT)
    changes_design = models.BooleanField("It changes the scheme's design", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.summary
