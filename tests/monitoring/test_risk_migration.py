"""Schemes made before every register was seeded get the guidance's three risks from
the data migration, once."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps

from monitoring.models import RiskEntry
from schemes.models import Scheme
from tests.factories import seeded_risks

migration = import_module("monitoring.migrations.0002_risks_for_existing_schemes")


def test_the_migration_seeds_schemes_without_risks_and_leaves_the_others(
    scheme: Scheme,
) -> None:
    other = Scheme.objects.create(
        prison=scheme.prison,
        name="Insiders",
        scheme_type="insiders",
        purpose="Induction",
        target_group="New arrivals",
        target_peer_supporters=4,
        minimum_peer_supporters=2,
    )
    seeded_risks(other)
    RiskEntry.objects.filter(scheme=other, category="confidentiality").delete()
    migration.seed_risks(apps, None)
    migration.seed_risks(apps, None)
    assert RiskEntry.objects.filter(scheme=scheme).count() == 3
    assert RiskEntry.objects.filter(scheme=other).count() == 3
    assert RiskEntry.objects.filter(scheme=other, category="confidentiality").exists()
