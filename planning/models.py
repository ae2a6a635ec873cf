"""Phase 1, planning and development: "challenge yourself and your plan for the scheme".

The plan is the guidance's seven planning questions, one task each, with structured
answers. Lists (resources, stakeholders, SMART objectives) are their own records.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import floatformat
from django.utils import timezone

from schemes.models import Scheme


class PlanTask(models.TextChoices):
    """The planning checklist, in the guidance's words and order."""

    NEED = "need", "Why do you need it and what do you need it to do?"
    TARGET_GROUP = "target-group", "What is the target group and what are their needs?"
    RESOURCES = "resources", "What resources are available?"
    AVAILABILITY = "availability", "When / where / how will the service be available?"
    PEER_SUPPORTERS = (
        "peer-supporters",
        "How will the peer supporters be recruited / trained / supported / paid?",
    )
    STAKEHOLDERS = (
        "stakeholders",
        "Identify stakeholders like prison governors, staff and current or potential peer "
        "workers and how to engage them",
    )
    IMPACT = "impact", "How will you know if it has the intended impact?"


class Day(models.TextChoices):
    MONDAY = "mon", "Monday"
    TUESDAY = "tue", "Tuesday"
    WEDNESDAY = "wed", "Wednesday"
    THURSDAY = "thu", "Thursday"
    FRIDAY = "fri", "Friday"
    SATURDAY = "sat", "Saturday"
    SUNDAY = "sun", "Sunday"


class AccessRoute(models.TextChoices):
    """How prisoners ask for the service."""

    APPLICATION = "application", "Written application"
    REFERRAL = "referral", "Referral by staff"
    CALL_OUT = "call-out", "Call-out (for example, by cell bell)"
    DROP_IN = "drop-in", "Drop-in"


class SupervisionFrequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every 2 weeks"
    MONTHLY = "monthly", "Every month"
    QUARTERLY = "quarterly", "Every 3 months"


class Pay(models.TextChoices):
    PAID = "paid", "Paid"
    UNPAID = "unpaid", "Unpaid (voluntary)"


class PlanApproval(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Awaiting approval"
    RETURNED = "returned", "Returned"
    APPROVED = "approved", "Approved"


class Plan(models.Model):
    """A scheme's answers to the planning checklist, and where it is in approval."""

    scheme = models.OneToOneField(Scheme, on_delete=models.CASCADE, related_name="plan")

    # 1. Why do you need it and what do you need it to do?
    need = models.TextField("Why the scheme is needed", blank=True)
    need_evidence = models.TextField("Evidence of the need", blank=True)
    intended_outcomes = models.TextField("What the scheme needs to do", blank=True)

    # 2. What is the target group and what are their needs?
    target_group_who = models.TextField("Who the scheme is for", blank=True)
    target_group_size = models.PositiveIntegerField(
        "Estimated number of people in the target group", null=True, blank=True
    )
    target_group_needs = models.TextField("Their needs", blank=True)

    # 4. When / where / how will the service be available?
    available_days = models.JSONField("Days", default=list, blank=True)
    available_hours = models.CharField("Hours", max_length=200, blank=True)
    locations = models.TextField("Locations and wings", blank=True)
    access_routes = models.JSONField("How prisoners ask for it", default=list, blank=True)

    # 5. How will the peer supporters be recruited / trained / supported / paid?
    selection_route = models.TextField("How peer supporters are recruited", blank=True)
    training_provider = models.CharField("Who trains them", max_length=200, blank=True)
    training_hours = models.PositiveIntegerField("Hours of training", null=True, blank=True)
    supervision_frequency = models.CharField(
        "How often they are supervised",
        max_length=20,
        choices=SupervisionFrequency.choices,
        blank=True,
    )
    pay = models.CharField("Pay", max_length=10, choices=Pay.choices, blank=True)
    pay_band = models.CharField("Pay band", max_length=100, blank=True)

    # 7. How will you know if it has the intended impact? (objectives: SmartObjective)
    impact_evidence = models.TextField(
        "Management information and feedback you will use", blank=True
    )

    completed_tasks = models.JSONField(default=list, blank=True)
    approval = models.CharField(
        max_length=20, choices=PlanApproval.choices, default=PlanApproval.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The number of the approved version in force (0: never approved). While an
    # amendment is drafted or decided, that version stays in force.
    approved_version = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(approval__in=PlanApproval.values), name="plan_approval_valid"
            ),
            models.CheckConstraint(
                condition=~Q(approval=PlanApproval.APPROVED) | Q(approved_version__gt=0),
                name="plan_approved_has_a_version",
            ),
            models.CheckConstraint(
                condition=Q(approval=PlanApproval.DRAFT)
                | Q(approval=PlanApproval.RETURNED)
                | Q(submitted_at__isnull=False),
                name="plan_submitted_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Plan for {self.scheme}"

    def is_complete(self, task: str) -> bool:
        return task in self.completed_tasks

    @property
    def is_amendment(self) -> bool:
        """Whether the answers being drafted or decided amend an approved plan."""
        return self.approved_version > 0 and self.approval != PlanApproval.APPROVED


class PlanSubmission(models.Model):
    """One sending of the plan to the governors, with the answers as they were sent.

    Every submission is kept: the history lists each one, the governor's re-review
    compares a returned plan with what comes back, and an approved submission's answers
    are that version of the plan (planning/versions.py reads them).
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveIntegerField()
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The approved version this submission would replace (0: the first plan).
    amends_version = models.PositiveIntegerField(default=0)
    answers = models.JSONField()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="plan_submission_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Submission {self.number} of {self.plan}"


class ResourceKind(models.TextChoices):
    BUDGET = "budget", "Budget"
    STAFF_HOURS = "staff-hours", "Staff hours"
    ROOM = "room", "Room or space"
    MATERIALS = "materials", "Materials"
    PARTNER_TIME = "partner-time", "Partner organisation's time"


class Resource(models.Model):
    """Something the scheme has or needs: "What resources are available?" """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(max_length=20, choices=ResourceKind.choices)
    description = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    unit = models.CharField(max_length=40, help_text="For example: £, hours a week, rooms")
    confirmed = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="resource_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(kind__in=ResourceKind.values), name="resource_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount_display}"

    @property
    def amount_display(self) -> str:
        """The amount as people write it: "£1,200", "7.5 hours a week"."""
        amount = floatformat(self.amount, "-2g")
        return f"£{amount}" if self.unit == "£" else f"{amount} {self.unit}"


class PlanDecisionKind(models.TextChoices):
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned"


class PlanDecision(models.Model):
    """A governor's decision on a submitted plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=10, choices=PlanDecisionKind.choices)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(default=timezone.now)
    # The submission decided on (empty only for decisions made before submissions were
    # kept), and for an approval, the number of the version it made.
    submission = models.ForeignKey(
        PlanSubmission,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    version_number = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision=PlanDecisionKind.APPROVED) | Q(version_number__isnull=True),
                name="plan_only_approval_makes_a_version",
            ),
            models.UniqueConstraint(
                fields=["plan", "version_number"], name="plan_version_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(decision=PlanDecisionKind.APPROVED) | ~Q(reason=""),
                name="plan_return_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.plan}"
