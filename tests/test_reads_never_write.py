"""Reads never write: a GET of any page, as any role, changes nothing in the database.

Walks every URL pattern in Django's resolver (like the permission matrix), as every
persona, on a scheme in each state that changes what the pages show, and fails on any
INSERT, UPDATE or DELETE. Sessions are pushed back at most once a minute, so a page
view within the minute after signing in writes nothing either (each route is requested
by users signed in just before it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from planning.models import PlanApproval
from schemes.models import Scheme, SchemeStatus
from tests.factories import complete_plan
from tests.test_permission_matrix import all_routes, concrete_path

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


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
    writes: list[str] = []
    for route in all_routes():
        path = concrete_path(route, matrix_ids)
        # Signed in afresh for each route: the walk takes over a minute on a busy
        # machine, after which a page rightly pushes the session's expiry back.
        clients = {persona: client_for(user) for persona, user in personas.items()}
        for persona, client in clients.items():
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            writes += [
                f"GET {path} as {persona}: {query['sql'][:120]}"
                for query in queries.captured_queries
                if query["sql"].lstrip().upper().startswith(WRITES)
            ]
    assert not writes, "A GET wrote to the database:\n" + "\n".join(writes)
