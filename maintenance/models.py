"""Phase 3, maintain, support and resource the scheme: review meetings and their actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from schemes.models import Action, Scheme, Stakeholder


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
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Review of {self.scheme} on {self.held_on:%d %B %Y}"


class ReviewAction(models.Model):
    """An action a review meeting raised (an action comes from one review at most).

    The link lives here, not on the shared Action, so that schemes knows nothing of
    review meetings.
    """

    review = models.ForeignKey(ReviewMeeting, on_delete=models.CASCADE, related_name="action_links")
    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="review_link")

    def __str__(self) -> str:
        return f"{self.action} (from {self.review})"
