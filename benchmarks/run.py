"""`make bench`: the national-scale benchmark.

    .venv/bin/python -m benchmarks.run [--scale national|small] [--repeat N] [--only TEXT]

Builds the data set in a database of its own, migrated for the run and dropped after
it: a SQLite file in a temporary folder, or, when DATABASE_URL names a PostgreSQL
server, a `peersupport_bench` database on it (the database DATABASE_URL names is never
touched). Then it times each page against a trivial view in the same process, counts
its queries over the national data set and over a small one, prints a table, and exits
with status 1 if a page misses a target (see benchmarks.measure), so CI can run it.
`--only TEXT` measures only the pages whose name contains TEXT (in any case), against
the trivial view, and leaves out the estate's reminders, the prisoner import and the
activity export: a quicker run while working on a few pages.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .measure import Measurement, Report

BENCH_DATABASE = "peersupport_bench"


def configure_environment(folder: Path) -> None:
    """Production's settings, as the tests have them (tests/environment.py)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnop")
    # Whatever the shell says: DEBUG would time a slower app that logs every query, and
    # the test client speaks plain HTTP to the host "testserver".
    os.environ["DEBUG"] = "false"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    # Whatever the settings keep on disk goes to the run's scratch folder, not var/.
    os.environ.setdefault("VAR_DIR", str(folder / "var"))
    # DEBUG off needs a database and a broker named: SQLite in the scratch folder (its
    # file is never written: the run makes its own database) and the file broker.
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'db.sqlite3'}")
    if not os.environ.get("REDIS_URL"):
        os.environ.setdefault("CELERY_BROKER_URL", "filesystem://")
    # Nothing is collected: an empty STATIC_ROOT keeps WhiteNoise from warning.
    (folder / "static").mkdir()
    os.environ.setdefault("STATIC_ROOT", str(folder / "static"))
    # The benchmark's SQL is not news: keep the log to warnings.
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument(
        "--scale",
        choices=["national", "small"],
        default="national",
        help="the data set to time the pages on (default: national)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=30,
        help="timed requests per page, after the warm-up (default: 30)",
    )
    parser.add_argument(
        "--only",
        metavar="TEXT",
        help=(
            "measure only the pages whose name contains TEXT, in any case (the trivial view "
            "always; the estate, import and export measurements are left out)"
        ),
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")
    return args


def selected_measurements(only: str | None) -> list[Measurement] | None:
    """The measurements whose name contains ``only`` (in any case), or None (every one)
    when no ``only`` is given."""
    if only is None:
        return None
    from .measure import MEASUREMENTS

    wanted = only.casefold()
    return [page for page in MEASUREMENTS if wanted in page.name.casefold()]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="peersupport-bench-") as folder:
        report = _run(args, Path(folder))
    print(report.render())
    return 0 if report.ok else 1


def _run(args: argparse.Namespace, folder: Path) -> Report:
    """Set Django up, then measure in a database made for the run and dropped after it."""
    configure_environment(folder)

    import django

    django.setup()

    from django.db import connection
    from django.test.utils import override_settings

    from .generate import Scale
    from .measure import benchmark_settings, run_benchmark

    scale = Scale.national() if args.scale == "national" else Scale.small()
    measurements = selected_measurements(args.only)
    if measurements == []:
        raise SystemExit(f"--only {args.only!r} matches no page")
    main_database = connection.settings_dict["NAME"]
    # Django's test-database machinery creates, migrates and drops a database of the
    # name given here, on the server the settings name (for SQLite, a file), and
    # switches the connection to it.
    connection.settings_dict["TEST"]["NAME"] = (
        str(folder / f"{BENCH_DATABASE}.sqlite3")
        if connection.vendor == "sqlite"
        else BENCH_DATABASE
    )
    with override_settings(**benchmark_settings()):
        started = time.perf_counter()
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        migrated = time.perf_counter() - started
        try:
            report = run_benchmark(
                scale,
                repeat=args.repeat,
                measurements=measurements,
                extras=measurements is None,
            )
        finally:
            connection.creation.destroy_test_db(main_database, verbosity=0)
    report.phases = {"creating and migrating the database": migrated, **report.phases}
    report.phases["in all"] = time.perf_counter() - started
    return report


if __name__ == "__main__":
    sys.exit(main())
