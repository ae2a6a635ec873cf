"""Concurrent saves on the embedded SQLite queue for the write lock instead of failing.

With SQLite's default deferred transactions, two requests that have both read and then
both write get "database is locked" at once (a 500 page): SQLite cannot wait for a lock
that a reader holding a shared lock is itself waiting to upgrade. The settings start
every transaction IMMEDIATE, with a busy timeout, so the writers take turns, and a
stale save loses to the optimistic version check (409), not to the database.

Runs in a fresh process on a SQLite file, as `make run` has it: pytest-django's test
database is in memory, where locking works differently.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.test_deployment import BASE_DIR

WRITERS = 8

# Each writer, in its own thread and so its own connection, does what a form save does
# inside a service's transaction: read the record, think, then write.
SCRIPT = """
import sys, threading, time
import django
django.setup()
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE task (id INTEGER PRIMARY KEY, version INTEGER)")
    cursor.execute("INSERT INTO task VALUES (1, 0)")
connection.close()

writers = int(sys.argv[1])
start = threading.Barrier(writers)
failures = []

def save():
    try:
        start.wait()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT version FROM task WHERE id = 1")
            (version,) = cursor.fetchone()
            time.sleep(0.05)
            cursor.execute("UPDATE task SET version = %s WHERE id = 1", [version + 1])
    except Exception as error:
        failures.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=save) for _ in range(writers)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT version FROM task WHERE id = 1")
    print("version", cursor.fetchone()[0])
print("failures", len(failures), failures[:1])
"""


def test_concurrent_saves_on_the_embedded_sqlite_wait_their_turn(tmp_path: Path) -> None:
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="peersupport.settings",
        DEBUG="true",
        VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )

    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(WRITERS)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "failures 0 " in result.stdout, result.stdout
    # Each save read what the one before it wrote: none was lost.
    assert f"version {WRITERS}\n" in result.stdout
