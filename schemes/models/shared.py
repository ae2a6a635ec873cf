"""What several phases share: actions, stakeholders and SMART objectives.

Any phase raises an action; stakeholders and SMART objectives are planned in planning
and used again by maintenance and monitoring, so they belong to the shared record.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When

from peersupport.text import LONG_TEXT

from .scheme import Scheme


class StakeholderKind(models.TextChoices):
    GOVERNOR = "governor", "Prison governor"
    STAFF = "staff", "Prison staff"
    PARTNER = "partner", "Partner organisation"
    CURRENT_PEER_WORKER = "current-peer-worker", "Current peer worker"
    POTENTIAL_PEER_WORKER = "potential-peer-worker", "Potential peer worker"
    OTHER = "other", "Other"


class Stakeholder(models.Model):
    """Someone with a stake in the scheme, and how the coordinator will engage them."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField("Name or group", max_length=120)
    kind = models.CharField("Who they are", max_length=30, choices=StakeholderKind.choices)
    interest = models.TextField("Their interest in the scheme")
    engagement = models.TextField("How you will engage them")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=StakeholderKind.values), name="stakeholder_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SmartObjective(models.Model):
    """An objective the scheme will be judged by: "ensure objectives are SMART"."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="objectives")
    indicator = models.CharField(
        "What you will measure",
        max_length=200,
        help_text="A named indicator, like “self-harm incidents a month on A wing”",
    )
    relevance = models.TextField(
        "How it shows the scheme meets its need",
        help_text="Link the objective to why the scheme is needed",
    )
    baseline = models.DecimalField("Baseline (now)", max_digits=12, decimal_places=2)
    target = models.DecimalField("Target", max_digits=12, decimal_places=2)
    unit = models.CharField(max_length=40, blank=True, help_text="For example: incidents a month")
    deadline = models.DateField("Deadline")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return self.indicator


ACTION_TEXT = LONG_TEXT + 200


class ActionStatus(models.TextChoices):
    OPEN = "open", "To do"
    DONE = "done", "Done"


class ActionSource(models.TextChoices):
    REVIEW = "review", "Review meeting"
    PLAN_RETURNED = "plan-returned", "Returned plan"
    EVALUATION = "evaluation", "Evaluation"
    OTHER = "other", "Other"


class ActionQuerySet(models.QuerySet["Action"]):
    def overdue_first(self, today: date) -> ActionQuerySet:
        """Open and overdue, then open by due date, then done (newest first)."""
        return self.annotate(
            sort_group=Case(
                When(status=ActionStatus.OPEN, due_date__lt=today, then=Value(0)),
                When(status=ActionStatus.OPEN, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        ).order_by("sort_group", "due_date", "id")


class Action(models.Model):
    """Something somebody has to do for a scheme, by a date.

    Its owner is a person at the prison (``owner``) or one of the scheme's stakeholders
    (``owner_stakeholder``), such as the partner charity: never both. Removing that
    stakeholder from the register leaves the action without an owner until the
    coordinator gives it one.
    """

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField("What needs to be done")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_actions",
        verbose_name="Owner",
    )
    owner_stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
        verbose_name="Owner (a stakeholder)",
    )
    due_date = models.DateField("Due date")
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_on = models.DateField(null=True, blank=True)
    source = models.CharField(
        max_length=20, choices=ActionSource.choices, default=ActionSource.OTHER
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    # A returned plan's action quotes the governor's reason (up to LONG_TEXT) after a
    # sentence of its own (planning.services), so an action may be a little longer.
    TEXT_LIMITS = {"description": ACTION_TEXT}

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ActionStatus.OPEN, completed_on__isnull=True)
                | Q(status=ActionStatus.DONE, completed_on__isnull=False),
                name="action_done_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(source__in=ActionSource.values), name="action_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(owner__isnull=True) | Q(owner_stakeholder__isnull=True),
                name="action_has_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def origin(self) -> str:
        """Where the action came from, as a sentence: "From a review meeting", "From an
        evaluation" ("" for one added by hand)."""
        if self.source == ActionSource.OTHER:
            return ""
        label = self.get_source_display().lower()
        return f"From {'an' if label[0] in 'aeiou' else 'a'} {label}"

    @property
    def owned_by(self) -> Stakeholder | AbstractBaseUser | None:
        """Whoever owns the action: a person, a stakeholder, or (the stakeholder was
        removed) nobody yet."""
        return self.owner or self.owner_stakeholder

    def is_overdue(self, today: date) -> bool:
        return self.status == ActionStatus.OPEN and self.due_date < today
