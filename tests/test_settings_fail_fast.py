"""Production fails fast: a setting it cannot run without stops start-up, by name.

Each check starts Django in a fresh process, with a production container's
environment (tests/test_deployment.py) and one thing wrong, the way a container would
start. Embedded (`make run`, DEBUG on) keeps its defaults: SQLite and the file broker.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_deployment import BASE_DIR, production_environment

START_DJANGO = "import django; django.setup()"


def start(env: dict[str, str], code: str = START_DJANGO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def embedded_environment(var_dir: Path, **overrides: str) -> dict[str, str]:
    """What `make run` gives Django: DEBUG on and nothing else."""
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env.update(DJANGO_SETTINGS_MODULE="peersupport.settings", DEBUG="true", VAR_DIR=str(var_dir))
    env.update(overrides)
    return env


def test_production_starts_with_every_setting_it_needs() -> None:
    result = start(production_environment())

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("value", [None, ""], ids=["unset", "blank"])
def test_production_refuses_to_start_without_a_database_url(value: str | None) -> None:
    env = production_environment()
    if value is None:
        del env["DATABASE_URL"]
    else:
        env["DATABASE_URL"] = value

    result = start(env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DATABASE_URL must be set when DEBUG is off" in result.stderr


def test_production_refuses_to_start_without_a_broker() -> None:
    env = production_environment()
    del env["REDIS_URL"]

    result = start(env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "REDIS_URL (or CELERY_BROKER_URL) must be set when DEBUG is off" in result.stderr


def test_production_takes_celery_broker_url_in_place_of_redis_url() -> None:
    env = production_environment(CELERY_BROKER_URL="redis://broker.internal:6379/1")
    del env["REDIS_URL"]

    result = start(
        env, START_DJANGO + "; from django.conf import settings; print(settings.CELERY_BROKER_URL)"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "redis://broker.internal:6379/1"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "maybe"),
        ("DEBUG", "Flase"),
        ("SECURE_SSL_REDIRECT", "2"),
        ("BEHIND_TLS_PROXY", "enabled"),
        ("SECURE_COOKIES", "ture"),
        ("EMAIL_USE_TLS", "y"),
    ],
)
def test_a_true_or_false_setting_that_is_neither_stops_start_up(name: str, value: str) -> None:
    result = start(production_environment(**{name: value}))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{name} must be true or false, not '{value}'" in result.stderr


@pytest.mark.parametrize(("value", "expected"), [("TRUE", True), ("no", False), ("0", False)])
def test_true_or_false_settings_accept_the_usual_words(value: str, expected: bool) -> None:
    result = start(
        production_environment(SECURE_COOKIES=value),
        START_DJANGO + "; from django.conf import settings; print(settings.SECURE_COOKIES)",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(expected)


@pytest.mark.parametrize("name", ["DB_CONN_MAX_AGE", "SECURE_HSTS_SECONDS", "EMAIL_PORT"])
def test_a_number_setting_that_is_not_a_number_stops_start_up(name: str) -> None:
    result = start(production_environment(**{name: "sixty"}))

    assert result.returncode != 0
    assert f"{name} must be a whole number, not 'sixty'" in result.stderr


def test_importing_the_settings_makes_no_folders(tmp_path: Path) -> None:
    var_dir = tmp_path / "var"

    embedded = start(embedded_environment(var_dir))
    production = start(production_environment(VAR_DIR=str(var_dir)))

    assert embedded.returncode == 0, embedded.stderr
    assert production.returncode == 0, production.stderr
    assert not var_dir.exists()


def test_embedded_runs_on_sqlite_and_the_file_broker_with_nothing_set(tmp_path: Path) -> None:
    code = (
        START_DJANGO + "; from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE']);"
        "print(settings.CELERY_BROKER_URL)"
    )

    result = start(embedded_environment(tmp_path / "var"), code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "filesystem://"]


def test_the_embedded_broker_makes_its_folders_when_celery_starts(tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    code = "from peersupport.celery import app; app.loader.import_default_modules()"

    result = start(embedded_environment(var_dir), code)

    assert result.returncode == 0, result.stderr
    broker = var_dir / "celery-broker"
    assert {child.name for child in broker.iterdir()} == {
        "queue",
        "processed",
        "results",
        "control",
    }


def test_the_image_build_names_everything_collectstatic_needs_to_start() -> None:
    # The Dockerfile runs collectstatic with DEBUG off at build time, where no database
    # or broker exists: it must give placeholders for each, or the build stops.
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    build_step = re.search(
        r"^RUN (DEBUG=false.*?manage\.py collectstatic)", dockerfile, re.M | re.S
    )
    assert build_step is not None, "the Dockerfile no longer collects static files"
    build_env = dict(re.findall(r"([A-Z][A-Z0-9_]*)=(\S+)", build_step.group(1)))
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}

    result = start({**env, "DJANGO_SETTINGS_MODULE": "peersupport.settings", **build_env})

    assert result.returncode == 0, result.stderr
