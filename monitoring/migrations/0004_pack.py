"""Activity by wing and by hour of the day, per scheme and month (the evaluation pack's
summaries), filled from the activity already logged; from now on the activity services
keep them in the transaction that records or corrects an entry."""

from collections import Counter
from datetime import date

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.utils import timezone

BATCH = 2000


def backfill(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """One pass over the log in chunks, counting in memory by (scheme, month, wing) and
    (scheme, month, hour): the counters are small however long the log is."""
    ActivityEntry = apps.get_model("monitoring", "ActivityEntry")
    ActivityWingMonth = apps.get_model("monitoring", "ActivityWingMonth")
    ActivityHourMonth = apps.get_model("monitoring", "ActivityHourMonth")
    wings: Counter[tuple[int, date, str, str]] = Counter()
    hours: Counter[tuple[int, date, int]] = Counter()
    rows = ActivityEntry.objects.order_by().values_list(
        "scheme_id", "occurred_at", "location", "people_reached", "duration_minutes"
    )
    for scheme_id, occurred_at, location, reached, minutes in rows.iterator(chunk_size=BATCH):
        local = timezone.localtime(occurred_at)
        month = local.date().replace(day=1)
        wings[(scheme_id, month, location, "entries")] += 1
        wings[(scheme_id, month, location, "people_reached")] += reached
        wings[(scheme_id, month, location, "minutes")] += minutes
        hours[(scheme_id, month, local.hour)] += 1
    by_wing: dict[tuple[int, date, str], dict[str, int]] = {}
    for (scheme_id, month, location, name), value in wings.items():
        by_wing.setdefault((scheme_id, month, location), {})[name] = value
    ActivityWingMonth.objects.bulk_create(
        [
            ActivityWingMonth(scheme_id=scheme_id, month=month, location=location, **figures)
            for (scheme_id, month, location), figures in by_wing.items()
        ],
        batch_size=BATCH,
    )
    ActivityHourMonth.objects.bulk_create(
        [
            ActivityHourMonth(scheme_id=scheme_id, month=month, hour=hour, entries=entries)
            for (scheme_id, month, hour), entries in hours.items()
        ],
        batch_size=BATCH,
    )


def forget(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("monitoring", "ActivityWingMonth").objects.all().delete()
    apps.get_model("monitoring", "ActivityHourMonth").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0003_debrief_thresholds"),
        ("schemes", "0002_action_owned_by_a_stakeholder"),
    ]

    operations = [
        migrations.CreateModel(
            name="ActivityHourMonth",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "month",
                    models.DateField(help_text="The month's first day", verbose_name="Month"),
                ),
                ("hour", models.PositiveSmallIntegerField(verbose_name="Hour of the day")),
                ("entries", models.PositiveIntegerField(default=0)),
                (
                    "scheme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="schemes.scheme",
                    ),
                ),
            ],
            options={
                "ordering": ["scheme", "month", "hour"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("scheme", "month", "hour"), name="activity_hour_month_once"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("month__day", 1)), name="activity_hour_month_first_day"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("hour__lte", 23)), name="activity_hour_month_hour"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ActivityWingMonth",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "month",
                    models.DateField(help_text="The month's first day", verbose_name="Month"),
                ),
                ("location", models.CharField(max_length=60, verbose_name="Location")),
                ("entries", models.PositiveIntegerField(default=0)),
                ("people_reached", models.PositiveIntegerField(default=0)),
                ("minutes", models.PositiveIntegerField(default=0)),
                (
                    "scheme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="schemes.scheme",
                    ),
                ),
            ],
            options={
                "ordering": ["scheme", "month", "location"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("scheme", "month", "location"), name="activity_wing_month_once"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("month__day", 1)), name="activity_wing_month_first_day"
                    ),
                ],
            },
        ),
        migrations.RunPython(backfill, forget),
    ]
