"""Every scheme's risk register starts with the guidance's three named risks
(monitoring's scheme_created hook). This gives them to any scheme that existed before
that rule. The risks are written out here, as they were when this migration was made."""

from datetime import timedelta

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.utils import timezone

SEEDED = (
    (
        "negative-attitudes",
        "Negative attitudes to peer supporters or participants",
        "Signs of negative attitudes to peer supporters or to the prisoners using the "
        "scheme, from staff or prisoners.",
    ),
    (
        "preferential-treatment",
        "Preferential treatment by staff",
        "Staff favouring some prisoners for peer support roles, or peer supporters being "
        "seen to receive favours.",
    ),
    (
        "confidentiality",
        "Misuse of confidential information",
        "Personal information about the people using the scheme shared or used beyond "
        "what they agreed to.",
    ),
)


def seed_risks(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Scheme = apps.get_model("schemes", "Scheme")
    RiskEntry = apps.get_model("monitoring", "RiskEntry")
    have = set(RiskEntry.objects.values_list("scheme_id", "category"))
    today = timezone.localdate()
    RiskEntry.objects.bulk_create(
        [
            RiskEntry(
                scheme_id=scheme.pk,
                category=category,
                title=title,
                description=description,
                likelihood=2,
                impact=3,
                owner_id=scheme.coordinator_id,
                review_on=today + timedelta(days=91),
            )
            for scheme in Scheme.objects.only("pk", "coordinator_id")
            for category, title, description in SEEDED
            if (scheme.pk, category) not in have
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_activity_debriefs_risks"),
        ("schemes", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed_risks, migrations.RunPython.noop)]
