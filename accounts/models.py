"""Who may use the service, and at which prisons.

A user holds a membership per prison with one role there. The national analyst is the
one role not tied to a prison: their membership has no prison and gives read-only,
aggregate access across the estate.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone


class User(AbstractUser):
    """A person who signs in: prison staff, a governor, an analyst or an administrator."""

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)


class Region(models.TextChoices):
    """Where a prison is: the regions of England, and Wales (the national dashboard's
    grouping)."""

    NORTH_EAST = "north-east", "North East"
    NORTH_WEST = "north-west", "North West"
    YORKSHIRE = "yorkshire", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east-midlands", "East Midlands"
    WEST_MIDLANDS = "west-midlands", "West Midlands"
    EAST = "east", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south-east", "South East"
    SOUTH_WEST = "south-west", "South West"
    WALES = "wales", "Wales"


class Prison(models.Model):
    """A prison in England and Wales, known by its three-letter code (e.g. LEI)."""

    name = models.CharField(max_length=120, unique=True)
    code = models.CharField(
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{3,5}$", "Enter the prison code in capitals, like LEI")],
        help_text="The prison's code, like LEI for HMP Leeds",
    )
    region = models.CharField(max_length=20, choices=Region.choices, blank=True)
    population = models.PositiveIntegerField(
        "Prisoners held",
        null=True,
        blank=True,
        help_text="The prison's population, for figures per 1,000 prisoners",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region="") | models.Q(region__in=Region.values),
                name="prison_region_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Scheme coordinator"
    STAFF = "staff", "Prison staff"
    GOVERNOR = "governor", "Governor"
    NATIONAL_ANALYST = "analyst", "National analyst"


class Membership(models.Model):
    """A user's role at one prison (or, for a national analyst, across every prison)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    prison = models.ForeignKey(
        Prison,
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
        help_text="Leave empty only for a national analyst",
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["prison__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "prison"],
                name="membership_one_role_per_user_and_prison",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(prison__isnull=True),
                name="membership_one_national_role_per_user",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role=Role.NATIONAL_ANALYST, prison__isnull=True)
                    | (~models.Q(role=Role.NATIONAL_ANALYST) & models.Q(prison__isnull=False))
                ),
                name="membership_prison_unless_national_analyst",
                violation_error_message=(
                    "A national analyst has no prison; every other role needs one."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values),
                name="membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        where = self.prison.name if self.prison else "every prison"
        return f"{self.user}: {self.get_role_display()} at {where}"


class LogEntry(models.Model):
    """When, who and at which prison: what the access log and the audit trail share.

    Their rows are never changed: on PostgreSQL a trigger refuses every UPDATE and
    DELETE (``accounts/audit/postgres.py``). The user and prison are kept without a
    database constraint, so that deleting a user or a prison never has to change (or
    cascade into) a log; the username is copied in for the same reason.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        User,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(max_length=150, blank=True)
    prison = models.ForeignKey(
        Prison,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


class AccessLog(LogEntry):
    """One read of a confidential record: who read what, and when.

    Written by ``accounts.audit.record_read``.
    """

    model = models.CharField(max_length=100, help_text="app_label.model_name of the record")
    object_id = models.CharField(max_length=64)
    what = models.CharField(max_length=200, help_text="What was read, in words")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "confidential read"
        indexes = [models.Index(fields=["model", "object_id"], name="accesslog_record")]

    def __str__(self) -> str:
        return f"{self.username or 'unknown'} read {self.what} ({self.model} {self.object_id})"


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    SIGN_IN = "sign-in", "Signed in"
    SIGN_OUT = "sign-out", "Signed out"
    SIGN_IN_FAILED = "sign-in-failed", "Sign-in failed"
    LOCKED_OUT = "locked-out", "Locked out"


class AuditEvent(LogEntry):
    """One entry of the audit trail: a record created, changed or deleted, or a sign-in.

    ``changes`` holds ``{column: [old, new]}`` for every column that differs (JSON
    values, as PostgreSQL's ``to_jsonb`` writes them). Rows are written by database
    triggers (``accounts/audit/``), and by ``accounts/audit/sign_in.py`` for sign-ins.
    """

    # A plain id, not a foreign key: accounts cannot depend on schemes' migrations.
    scheme_id = models.PositiveBigIntegerField(null=True, blank=True)
    model = models.CharField(max_length=100, blank=True, help_text="app_label.model_name")
    object_id = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    changes = models.JSONField(default=dict, blank=True)
    address = models.GenericIPAddressField(
        null=True, blank=True, help_text="Where a sign-in came from"
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "audit event"
        indexes = [
            models.Index(fields=["scheme_id", "at"], name="auditevent_scheme"),
            models.Index(fields=["model", "object_id"], name="auditevent_record"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=AuditAction.values), name="auditevent_action_valid"
            )
        ]

    def __str__(self) -> str:
        who = self.username or "the system"
        return f"{self.get_action_display()} {self.model} {self.object_id} by {who}"
