"""Keeps `make bench` working: the generator, the pages it measures, and the run itself.

The benchmark's figures come from `make bench` at national scale; here everything runs
at the small scale, in the test database, in a few seconds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from accounts.models import Membership, Prison, Role, User
from benchmarks.generate import Scale, build_dataset
from benchmarks.measure import (
    BASELINE,
    MEASUREMENTS,
    benchmark_settings,
    query_counts_at,
    run_benchmark,
)
from schemes.models import Scheme

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.django_db,
    # WhiteNoise looks for collected static files, which only a deployment has.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


@pytest.fixture(autouse=True)
def _benchmark_settings(settings: Any) -> None:
    for name, value in benchmark_settings().items():
        setattr(settings, name, value)


def test_small_data_set_has_the_records_its_scale_asks_for() -> None:
    scale = Scale.small()

    dataset = build_dataset(scale)

    assert Prison.objects.count() == scale.prisons
    assert Scheme.objects.count() == scale.schemes
    assert User.objects.count() == scale.staff_users + scale.national_analysts
    assert Membership.objects.filter(role=Role.NATIONAL_ANALYST, prison=None).count() == (
        scale.national_analysts
    )
    assert Membership.objects.count() == len(dataset.memberships)
    for prison in Prison.objects.all():
        roles = set(prison.memberships.values_list("role", flat=True))
        assert {Role.COORDINATOR, Role.GOVERNOR, Role.STAFF} <= roles, prison
    for scheme in Scheme.objects.exclude(coordinator=None):
        assert scheme.coordinator is not None
        assert scheme.coordinator.memberships.filter(
            prison=scheme.prison_id, role=Role.COORDINATOR
        ).exists()
    assert not any(user.has_usable_password() for user in User.objects.all())


def test_national_scale_is_the_one_the_issue_asks_for() -> None:
    scale = Scale.national()

    assert (scale.prisons, scale.schemes, scale.staff_users) == (125, 800, 2000)


def test_the_same_scale_always_makes_the_same_records() -> None:
    def build_and_describe() -> list[tuple[str, str, str, str]]:
        with transaction.atomic():
            build_dataset(Scale.small().times(2))
            described = list(
                Scheme.objects.values_list("prison__code", "name", "scheme_type", "status")
            )
            transaction.set_rollback(True)
        return described

    assert build_and_describe() == build_and_describe()


def test_every_page_answers_and_no_query_count_changes_with_the_data() -> None:
    pages = [BASELINE, *MEASUREMENTS]

    # Each raises PageError unless every page answers 200.
    small = query_counts_at(Scale.small(), pages)
    double = query_counts_at(Scale.small().times(2), pages)

    assert set(small) == {page.name for page in pages}
    assert small == double


def test_the_benchmark_reports_every_page() -> None:
    report = run_benchmark(Scale.small(), repeat=2)

    assert [page.name for page in report.pages] == [BASELINE.name] + [
        page.name for page in MEASUREMENTS
    ]
    assert not any(page.queries_change for page in report.pages)
    table = report.render()
    for page in report.pages:
        assert page.name in table


def test_make_bench_runs_end_to_end_in_its_own_database() -> None:
    # What `make bench` runs, at the small scale. Timings this short are noise, so a
    # missed speed target (exit status 1) is not a failure here; a crash is.
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--scale", "small", "--repeat", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode in (0, 1), result.stderr
    assert "Targets:" in result.stdout, result.stderr
    assert "query count changes" not in result.stdout
    for page in [BASELINE, *MEASUREMENTS]:
        assert page.name in result.stdout
