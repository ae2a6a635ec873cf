"""Plan amendments: every submission kept with its answers, and approved versions.

Plans submitted before this kept only their latest submission: it becomes submission 1
(with the answers the plan holds now, which cannot have changed since it was sent, as a
submitted or approved plan is locked), its decisions point at it, and an approved plan's
approval becomes version 1.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from planning.versions import plan_snapshot


def keep_earlier_submissions(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Plan = apps.get_model("planning", "Plan")
    PlanSubmission = apps.get_model("planning", "PlanSubmission")
    PlanDecision = apps.get_model("planning", "PlanDecision")
    Resource = apps.get_model("planning", "Resource")
    Stakeholder = apps.get_model("schemes", "Stakeholder")
    SmartObjective = apps.get_model("schemes", "SmartObjective")
    for plan in Plan.objects.filter(submitted_at__isnull=False).select_related("scheme"):
        submission = PlanSubmission.objects.create(
            plan=plan,
            number=1,
            submitted_at=plan.submitted_at,
            submitted_by_id=plan.submitted_by_id,
            answers=plan_snapshot(
                plan,
                review_cadence_months=plan.scheme.review_cadence_months,
                resources=Resource.objects.filter(plan=plan).order_by("kind", "id"),
                stakeholders=Stakeholder.objects.filter(scheme_id=plan.scheme_id).order_by("id"),
                objectives=SmartObjective.objects.filter(scheme_id=plan.scheme_id).order_by("id"),
            ),
        )
        PlanDecision.objects.filter(plan=plan).update(submission=submission)
        if plan.approval == "approved":
            approval = (
                PlanDecision.objects.filter(plan=plan, decision="approved")
                .order_by("-decided_at", "-id")
                .first()
            )
            if approval is not None:
                approval.version_number = 1
                approval.save(update_fields=["version_number"])
            Plan.objects.filter(pk=plan.pk).update(approved_version=1)
    # An approved plan with no submission date cannot exist (a constraint), so every
    # approved plan now has version 1.


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0002_plans_for_existing_schemes"),
        ("schemes", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PlanSubmission",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField()),
                ("submitted_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("amends_version", models.PositiveIntegerField(default=0)),
                ("answers", models.JSONField()),
            ],
            options={
                "ordering": ["-number"],
            },
        ),
        migrations.AddField(
            model_name="plan",
            name="approved_version",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="plandecision",
            name="version_number",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="plansubmission",
            name="plan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="submissions",
                to="planning.plan",
            ),
        ),
        migrations.AddField(
            model_name="plansubmission",
            name="submitted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="plandecision",
            name="submission",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="decisions",
                to="planning.plansubmission",
            ),
        ),
        migrations.RunPython(keep_earlier_submissions, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("approval", "approved"), _negated=True),
                    ("approved_version__gt", 0),
                    _connector="OR",
                ),
                name="plan_approved_has_a_version",
            ),
        ),
        migrations.AddConstraint(
            model_name="plandecision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("decision", "approved"), ("version_number__isnull", True), _connector="OR"
                ),
                name="plan_only_approval_makes_a_version",
            ),
        ),
        migrations.AddConstraint(
            model_name="plandecision",
            constraint=models.UniqueConstraint(
                fields=("plan", "version_number"), name="plan_version_number_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="plansubmission",
            constraint=models.UniqueConstraint(
                fields=("plan", "number"), name="plan_submission_number_unique"
            ),
        ),
    ]
