"""Every scheme has a plan from the moment it is created (planning's scheme_created
hook). This gives one to any scheme that existed before that rule, so that reading a
plan never has to create one."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def add_missing_plans(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Scheme = apps.get_model("schemes", "Scheme")
    Plan = apps.get_model("planning", "Plan")
    Plan.objects.bulk_create(
        [Plan(scheme_id=pk) for pk in Scheme.objects.filter(plan__isnull=True).values_list("pk", flat=True)]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_initial"),
        ("schemes", "0001_initial"),
    ]

    operations = [migrations.RunPython(add_missing_plans, migrations.RunPython.noop)]
