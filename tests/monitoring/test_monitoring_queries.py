"""The monitoring pages and hooks cost the same number of queries with a little
activity and many risks as with a lot: they read the monthly summaries, never the
raw log, and page the log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from monitoring import phase
from monitoring.models import DebriefDue
from monitoring.services import risk_update
from schemes import phases
from schemes.models import Scheme, SchemeStatus
from tests.factories import ActivityEntryFactory, SchemeFactory, seeded_risks

ClientFor = Callable[[User | None], Client]

# Each page: session and user (2), the header's reminders count (1), memberships (1),
# the scheme (1), then its own.
BUDGETS = {
    # the months' summaries and their outcome counts (2), debriefs due (1), the
    # scheme's own debrief thresholds (1), the roster (recruitment's placements, 1)
    "monitoring/": 10,
    # the count, the page of entries, their outcomes and supporters (4), the roster (1)
    "monitoring/activity/": 10,
    # the risks with their owners (1)
    "monitoring/risks/": 6,
    # the risk and owner, the history's events and the people they name (only when
    # a change names someone), the incidents (4 at most)
    "monitoring/risks/{risk}/": 9,
}


def add_activity(scheme: Scheme, coordinator: User, count: int) -> None:
    now = timezone.now()
    for n in range(count):
        ActivityEntryFactory(
            scheme=scheme,
            occurred_at=now - timedelta(days=n % 150, hours=n % 5),
            supporters=[100 + n % 3],
        )
        DebriefDue.objects.get_or_create(
            scheme=scheme, peer_supporter_id=200 + n, defaults={"since": now.date(), "reason": "x"}
        )
    risk = seeded_risks(scheme)["confidentiality"]
    for _ in range(count // 5):
        risk.refresh_from_db()
        risk_update(
            risk=risk,
            by=coordinator,
            expected_version=risk.version,
            today=timezone.localdate(),
            likelihood=1 + risk.version % 5,
        )


def count_queries(client: Client, path: str) -> int:
    client.get(path)  # warm up
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


@pytest.mark.parametrize("subpath", BUDGETS)
def test_a_monitoring_pages_queries_do_not_grow_with_the_activity(
    subpath: str, scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(
        status=SchemeStatus.ACTIVE, created_at=timezone.now() - timedelta(days=200)
    )
    client = client_for(coordinator)
    add_activity(scheme, coordinator, 5)
    risk = seeded_risks(scheme)["confidentiality"]
    path = f"/schemes/{scheme.pk}/" + subpath.format(risk=risk.pk)
    few = count_queries(client, path)
    add_activity(scheme, coordinator, 40)
    many = count_queries(client, path)
    assert few == many
    assert many <= BUDGETS[subpath]


def test_the_hooks_read_many_schemes_in_a_fixed_number_of_queries(
    leeds: object, coordinator: User, django_assert_max_num_queries: object
) -> None:
    today = timezone.localdate()
    schemes = [SchemeFactory(prison=leeds, coordinator=coordinator) for _ in range(6)]
    for scheme in schemes:
        seeded_risks(scheme)
        ActivityEntryFactory(scheme=scheme)
    # the months, the latest days, the closed feedback rounds and their summaries
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        figures = phase.figures_many(schemes, today)
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        phase.health_many(schemes, today)
    # Risk reviews (1); last month's returns, submitted returns, their governors (3).
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        list(phase.due_many(schemes, today + timedelta(days=400)))
    # the open risks, the feedback rounds
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        phase.evidence_many(schemes, today)
    month = today.replace(day=1)
    for scheme in schemes:
        assert (
            figures[scheme.pk][phases.ACTIVITY_BY_MONTH].get(month, 0)
            + figures[scheme.pk][phases.ACTIVITY_BY_MONTH].get(
                (month - timedelta(days=1)).replace(day=1), 0
            )
            == 1
        )
        assert figures[scheme.pk][phases.LAST_ACTIVITY] is not None
