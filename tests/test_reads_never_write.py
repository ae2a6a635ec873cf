"""Reads never write: a GET of any page, as any role, changes nothing in the database.

Walks every URL pattern in Django's resolver (like the permission matrix), as every
persona, on a scheme in each state that changes what the pages show, and fails on any
INSERT, UPDATE or DELETE, except the access log's (a read of a confidential record is
written down: accounts.audit.record_read). Sessions are pushed back at most once a minute, so a page
view within the minute after signing in writes nothing either.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from planning.models import PlanApproval
from schemes.models import Scheme, SchemeStatus
from tests.factories import complete_plan
from tests.test_permission_matrix import all_routes, concrete_path

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
# The one write a read may make: the access log's row for a confidential record.
ACCESS_LOG_INSERT = 'INSERT INTO "accounts_accesslog"'


def is_write(sql: str) -> bool:
    statement = sql.lstrip().upper()
    return statement.startswith(WRITES) and not statement.startswith(ACCESS_LOG_INSERT.upper())


@pytest.mark.parametrize(
    ("status", "approval"),
    [
        (SchemeStatus.PLANNING, PlanApproval.DRAFT),
        (SchemeStatus.PLANNING, PlanApproval.SUBMITTED),
        (SchemeStatus.ACTIVE, PlanApproval.APPROVED),
        (SchemeStatus.CLOSED, PlanApproval.APPROVED),
    ],
)
def test_no_get_writes_anything(
    status: str,
    approval: str,
    scheme: Scheme,
    personas: dict[str, User | None],
    matrix_ids: dict[str, Any],
    client_for: Callable[[User | None], Client],
) -> None:
    complete_plan(scheme, approval=approval)
    Scheme.objects.filter(pk=scheme.pk).update(status=status)
    clients = {persona: client_for(user) for persona, user in personas.items()}
    writes: list[str] = []
    # Everyone has just signed in: hold the clock there, so that a walk slowed down by
    # a busy machine cannot pass the minute after which a session is pushed back (the
    # one write a page view makes by design).
    with time_machine.travel(time.time(), tick=False):
        for route in all_routes():
            path = concrete_path(route, matrix_ids)
            for persona, client in clients.items():
                with CaptureQueriesContext(connection) as queries:
                    client.get(path)
                writes += [
                    f"GET {path} as {persona}: {query['sql'][:120]}"
                    for query in queries.captured_queries
                    if is_write(query["sql"])
                ]
    assert not writes, "A GET wrote to the database:\n" + "\n".join(writes)
