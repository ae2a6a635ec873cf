"""Reminders on the real stack: PostgreSQL, Redis, a real Celery worker and two real
beats (celery-redbeat), as production runs them.

200 reminders fall due. The worker is killed with SIGKILL in the middle of sending and
started again, and a second beat runs beside the first the whole time. Afterwards the
mail backend (one file per email sent, named by the email's reference) has received
exactly 200 emails, none twice.

Runs in CI's PostgreSQL/Redis pass (.ci/run); skipped with the reason elsewhere, and a
failure under CI=true where PostgreSQL or Redis is expected but cannot be reached.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Membership, Role, User
from reminders.models import Email
from schemes.models import Action
from tests.factories import PrisonFactory, SchemeFactory
from tests.test_services import ROOT, require_service

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

COUNT = 200


def start(env: dict[str, str], *args: str, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "peersupport", *args, "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: killed whole, children too
    )


def kill(process: subprocess.Popen[bytes], how: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, how)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def sent(outbox: Path) -> list[Path]:
    return sorted(outbox.glob("*.eml"))


def wait_for(condition: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.02)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


def two_hundred_people_with_an_action_due_today() -> None:
    prison = PrisonFactory(name="HMP Leeds", code="LEI")
    scheme = SchemeFactory(prison=prison, name="Listeners")
    users = User.objects.bulk_create(
        User(
            username=f"officer{n}",
            first_name="Officer",
            last_name=str(n),
            email=f"officer{n}@example.justice.gov.uk",
        )
        for n in range(COUNT)
    )
    Membership.objects.bulk_create(
        Membership(user=u, prison=prison, role=Role.STAFF) for u in users
    )
    today = timezone.localdate()
    Action.objects.bulk_create(
        Action(scheme=scheme, owner=u, due_date=today, description=f"Brief wing {n}", created_by=u)
        for n, u in enumerate(users)
    )


def test_200_reminders_are_delivered_once_each_through_a_killed_worker_and_two_beats(
    tmp_path: Path,
) -> None:
    redis_url = require_service("REDIS_URL", 6379)
    database_url = require_service("DATABASE_URL", 5432)
    if not database_url.startswith(("postgres://", "postgresql://")):
        pytest.skip("DATABASE_URL is not PostgreSQL: this test runs in the PostgreSQL pass")
    two_hundred_people_with_an_action_due_today()

    run = uuid.uuid4().hex[:12]
    outbox = tmp_path / "outbox"
    test_database = connection.settings_dict["NAME"]
    env = {
        **os.environ,
        "DEBUG": "false",
        "PYTHONUNBUFFERED": "1",
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": database_url.rsplit("/", 1)[0] + f"/{test_database}",
        "DB_CONN_MAX_AGE": "0",
        "REDIS_URL": redis_url,
        # This run's own queue and beat keys, whoever else uses the same Redis.
        "CELERY_QUEUE": f"reminders-test-{run}",
        "REDBEAT_KEY_PREFIX": f"reminders-test-{run}:",
        "EMAIL_OUTBOX": str(outbox),
        "EMAIL_OUTBOX_PAUSE_MS": "15",  # slow enough to be stopped mid-run
        "REMINDERS_DAILY_AT": "00:00",  # today's digests are due at once
        "REMINDERS_CATCH_UP_SECONDS": "3",
    }
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    worker_args = (
        "worker",
        "--pool=solo",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
    )
    log = tmp_path / "celery.log"
    started = time.monotonic()
    beats = [start(env, "beat", f"--schedule={tmp_path}/beat{n}", log=log) for n in (1, 2)]
    worker = start(env, *worker_args, log=log)
    try:
        # Kill the worker in the middle of sending, then start it again.
        wait_for(lambda: len(sent(outbox)) >= 20, 90, "the first 20 emails")
        kill(worker, signal.SIGKILL)
        killed_at = len(sent(outbox))
        assert killed_at < COUNT, "the worker finished before it could be killed"
        worker = start(env, *worker_args, log=log)
        wait_for(
            lambda: (
                not Email.objects.filter(sent_at__isnull=True).exists()
                and Email.objects.count() == COUNT
            ),
            90,
            "every email to be sent",
        )
        time.sleep(4)  # one more catch-up: nothing is sent again
    finally:
        kill(worker)
        for beat in beats:
            kill(beat)
        import redis

        client = redis.Redis.from_url(redis_url)
        keys = list(client.scan_iter(f"reminders-test-{run}*"))
        if keys:
            client.delete(*keys)

    files = sent(outbox)
    references = Counter(path.name.rsplit("-", 1)[0] for path in files)
    twice = {reference: n for reference, n in references.items() if n > 1}
    assert not twice, f"sent more than once: {twice}"
    assert len(files) == COUNT
    assert set(references) == {email.reference for email in Email.objects.all()}
    assert set(Email.objects.values_list("user__email", flat=True)) == set(
        User.objects.values_list("email", flat=True)
    )
    output = log.read_text(errors="replace")
    assert "redbeat" in output.lower()
    assert 0 < killed_at < COUNT
    print(f"killed after {killed_at} emails; {time.monotonic() - started:.1f} s in all")
