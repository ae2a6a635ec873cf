"""The real services behind the app: the database in use, and Celery round trips.

Embedded (`make run`): a worker on the filesystem broker. Production: a worker on
Redis, and the suite on PostgreSQL. The Redis and PostgreSQL checks run where
REDIS_URL / DATABASE_URL are set; where they are set but the server cannot be reached
they are skipped with the reason, except under CI=true, where that fails the run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"


def reachable(url: str, default_port: int) -> bool:
    parts = urlparse(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), 3
        ):
            return True
    except OSError:
        return False


def require_service(env_name: str, default_port: int) -> str:
    url = os.environ.get(env_name, "")
    if not url:
        pytest.skip(f"{env_name} is not set: this check runs in the PostgreSQL/Redis pass")
    if not reachable(url, default_port):
        message = f"{env_name}={url} is set but the server cannot be reached"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return url


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "peersupport",
            "worker",
            "--concurrency=1",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_worker(worker: subprocess.Popen[bytes]) -> str:
    worker.terminate()
    try:
        output, _ = worker.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        output, _ = worker.communicate()
    return output.decode(errors="replace")


def round_trip(env: dict[str, str]) -> str:
    """Send the ping task through the configured broker and wait for a real worker's answer."""
    code = (
        "import django; django.setup();"
        "from peersupport.celery import ping;"
        "print(ping.delay().get(timeout=60))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result.stdout.decode().strip()


@pytest.fixture
def worker_env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "DEBUG": "false", "VAR_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


@pytest.mark.once  # the embedded broker whatever DATABASE_URL/REDIS_URL say: SQLite pass only
def test_a_task_goes_through_the_embedded_filesystem_broker_to_a_real_worker(
    worker_env: dict[str, str],
) -> None:
    # As `make run` starts it: DEBUG on and no broker named (production refuses that).
    env = {**worker_env, "DEBUG": "true"}
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        env.pop(name, None)
    worker = start_worker(env)
    try:
        assert round_trip(env) == "pong"
    finally:
        log = stop_worker(worker)
    assert "filesystem" in log


@pytest.mark.services
def test_a_task_goes_through_redis_to_a_real_worker(worker_env: dict[str, str]) -> None:
    redis_url = require_service("REDIS_URL", 6379)
    env = {**worker_env, "REDIS_URL": redis_url}
    env.pop("CELERY_BROKER_URL", None)
    env.pop("CELERY_RESULT_BACKEND", None)
    worker = start_worker(env)
    try:
        started = time.monotonic()
        assert round_trip(env) == "pong"
        assert time.monotonic() - started < 90
    finally:
        log = stop_worker(worker)
    assert "redis://" in log


@pytest.mark.services
def test_the_suite_runs_on_postgresql_when_database_url_says_so(db: None) -> None:
    # The SQLite pass names its database too (tests/environment.py): skip it first.
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        pytest.skip("DATABASE_URL is not PostgreSQL: this check runs in the PostgreSQL pass")
    require_service("DATABASE_URL", 5432)
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (version,) = cursor.fetchone()
    assert int(version.split(".")[0]) >= 13
