"""Maintain, support and resource the scheme: review meetings and their actions."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When

from .planning import Stakeholder
from .scheme import Scheme


class ReviewMeeting(models.Model):
    """A review of a running scheme under the guidance's maintenance headings."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField("Date of the meeting")
    staff_attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="Staff who attended"
    )
    stakeholder_attendees = models.ManyToManyField(
        Stakeholder, blank=True, related_name="reviews", verbose_name="Stakeholders who attended"
    )
    peer_supporters_attending = models.PositiveIntegerField(
        "Number of peer supporters who attended", default=0
    )
    peer_supporter_roles = models.CharField(
        "Their roles", max_length=200, blank=True, help_text="For example: 2 Listeners, 1 trainee"
    )
    communication_routes = models.TextField("Communication routes", blank=True)
    training_and_support = models.TextField(
        "Training and support for peer supporters and staff", blank=True
    )
    future_recruitment = models.TextField("Future recruitment", blank=True)
    resources_and_need = models.TextField("Resources and need", blank=True)
    involvement = models.TextField(
        "Involving staff, peer supporters and stakeholders in ongoing development", blank=True
    )
    decisions = models.TextField("Decisions")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Review of {self.scheme} on {self.held_on:%d %B %Y}"


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
    """Something somebody has to do for a scheme, by a date."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField("What needs to be done")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_actions",
        verbose_name="Owner",
    )
    due_date = models.DateField("Due date")
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_on = models.DateField(null=True, blank=True)
    source = models.CharField(
        max_length=20, choices=ActionSource.choices, default=ActionSource.OTHER
    )
    review = models.ForeignKey(
        ReviewMeeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
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
        ]

    def __str__(self) -> str:
        return self.description[:60]

    def is_overdue(self, today: date) -> bool:
        return self.status == ActionStatus.OPEN and self.due_date < today
