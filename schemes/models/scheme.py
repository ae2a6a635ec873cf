"""The scheme: the one shared record that every phase of the guidance hangs off."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.utils import timezone

from accounts.access import Permission, prison_ids_where
from accounts.models import Prison

if TYPE_CHECKING:
    from accounts.access import AnyUser


class SchemeType(models.TextChoices):
    """The kinds of peer support the guidance names."""

    LISTENERS = "listeners", "Listeners (suicide and self-harm)"
    INSIDERS = "insiders", "Insiders (induction)"
    READING = "reading", "Reading mentors (Toe by Toe / Turning Pages)"
    HEALTH = "health", "Health trainers"
    EDUCATION = "education", "Education"
    RESETTLEMENT = "resettlement", "Resettlement"
    ADVOCACY = "advocacy", "Advocacy / prisoner council"
    OTHER = "other", "Other"


class SchemeStatus(models.TextChoices):
    PLANNING = "planning", "Planning"
    RECRUITING = "recruiting", "Recruiting"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    CLOSED = "closed", "Closed"


# GOV.UK tag colour per status (govuk-tag--<colour>).
STATUS_TAG_COLOURS: dict[str, str] = {
    SchemeStatus.PLANNING: "blue",
    SchemeStatus.RECRUITING: "yellow",
    SchemeStatus.ACTIVE: "green",
    SchemeStatus.PAUSED: "orange",
    SchemeStatus.CLOSED: "grey",
}


# The status as a sentence says it, "The scheme is being planned": the labels are tags'
# words ("Planning"), and "The scheme is planning" does not read.
STATUS_PHRASES: dict[str, str] = {
    SchemeStatus.PLANNING: "being planned",
    SchemeStatus.RECRUITING: "recruiting peer supporters",
    SchemeStatus.ACTIVE: "running",
    SchemeStatus.PAUSED: "paused",
    SchemeStatus.CLOSED: "closed",
}


class SchemeQuerySet(models.QuerySet["Scheme"]):
    def visible_to(self, user: AnyUser) -> SchemeQuerySet:
        """Schemes of the prisons the user belongs to (every prison for an analyst)."""
        prison_ids = prison_ids_where(user, Permission.VIEW)
        if prison_ids is None:
            return self.all()
        return self.filter(prison_id__in=prison_ids)

    def for_list(self, user: AnyUser) -> SchemeQuerySet:
        """What the scheme list shows, in one query.

        The coordinator's name comes as ``coordinator_name``, and only for schemes at
        prisons where ``user`` may see people (None elsewhere): the name is removed
        here, so no template or export built on the list can show it.
        """
        personal = prison_ids_where(user, Permission.VIEW_PERSONAL)
        full_name = NullIf(
            Trim(Concat("coordinator__first_name", Value(" "), "coordinator__last_name")),
            Value(""),
        )
        name = Coalesce(full_name, "coordinator__username")
        coordinator_name = (
            name
            if personal is None
            else Case(When(prison_id__in=personal, then=name), default=Value(None))
        )
        return (
            self.select_related("prison")
            .annotate(coordinator_name=coordinator_name)
            .order_by("prison__name", "name")
        )


class Scheme(models.Model):
    """A peer support scheme at one prison, from planning to closure."""

    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="schemes")
    name = models.CharField(max_length=120)
    scheme_type = models.CharField("Type of scheme", max_length=20, choices=SchemeType.choices)
    purpose = models.TextField(
        help_text="What the scheme is for: a clearly defined purpose, targeted to specific needs"
    )
    target_group = models.TextField(help_text="Who the scheme supports")
    partner_organisation = models.CharField(
        max_length=120,
        blank=True,
        help_text="For example, Samaritans for Listeners or the Shannon Trust for reading mentors",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_schemes",
    )
    target_peer_supporters = models.PositiveIntegerField(
        "Target number of peer supporters",
    )
    minimum_peer_supporters = models.PositiveIntegerField(
        "Minimum number of peer supporters",
        help_text="Below this the scheme cannot run safely; the turnover forecast warns against it",
    )
    status = models.CharField(
        max_length=20, choices=SchemeStatus.choices, default=SchemeStatus.PLANNING
    )
    review_cadence_months = models.PositiveSmallIntegerField(
        "How often the scheme is reviewed",
        null=True,
        blank=True,
        help_text="Months between review meetings, set while planning",
    )
    launched_on = models.DateField(
        null=True, blank=True, help_text="The day a governor approved the plan"
    )
    # Optimistic concurrency: every save through a service bumps it, and an edit made
    # from a stale copy of the form is refused instead of overwriting the newer save.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        ordering = ["prison__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["prison", "name"], name="scheme_name_unique_in_prison"),
            models.CheckConstraint(
                condition=Q(minimum_peer_supporters__gte=1),
                name="scheme_minimum_at_least_one",
                violation_error_message="The minimum number of peer supporters must be at least 1",
            ),
            models.CheckConstraint(
                condition=Q(minimum_peer_supporters__lte=models.F("target_peer_supporters")),
                name="scheme_minimum_not_above_target",
                violation_error_message=(
                    "The minimum number of peer supporters cannot be more than the target"
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=SchemeStatus.values), name="scheme_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(scheme_type__in=SchemeType.values), name="scheme_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(review_cadence_months__isnull=True)
                | Q(review_cadence_months__gte=1, review_cadence_months__lte=12),
                name="scheme_review_cadence_1_to_12_months",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prison.code})"

    @property
    def status_tag_colour(self) -> str:
        return STATUS_TAG_COLOURS[self.status]

    @property
    def status_phrase(self) -> str:
        """ "being planned", as in "The scheme is being planned"."""
        return STATUS_PHRASES[self.status]


class SchemeTransition(models.Model):
    """One move of the scheme's lifecycle: who moved it, when, from what, to what, why."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=SchemeStatus.choices)
    to_status = models.CharField(max_length=20, choices=SchemeStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=models.F("to_status")),
                name="transition_changes_status",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme}: {self.from_status} → {self.to_status}"
