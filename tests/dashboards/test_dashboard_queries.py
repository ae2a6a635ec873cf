"""The dashboards and the self-assessment cost the same number of queries with 2
schemes as with 12, each with reviews, overdue actions, submitted plans and suitability
refusals: they read every scheme's stored snapshot at once (a handful of queries), and
where none is stored they ask the registry's set-based hooks for every scheme at once,
never one by one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Prison, Role, User
from monitoring.dashboards import snapshots
from planning.models import PlanApproval
from schemes.models import Scheme, SchemeStatus
from tests.factories import (
    ActionFactory,
    PrisonFactory,
    ReviewMeetingFactory,
    SchemeFactory,
    SuitabilityCheckFactory,
    complete_plan,
    user_with_role,
)

ClientFor = Callable[[User | None], Client]

# With no snapshot stored for today: session and user (2), the header's reminders count
# (1), memberships (1), prison (1), schemes with their stored snapshots (1: none);
# health: planning's (1: the plans), recruitment's (6: the schemes'
# supervision settings and dates with the latest staff supervision, the peer supporters'
# latest supervision; the cover needed, availability, peer supporters and rota entries),
# maintenance's (2: the latest review, overdue actions), monitoring's (4: debriefs due,
# open risks, returns late, objectives off track); figures: recruitment's (1: the
# placements), monitoring's (5: the monthly summaries, the latest day with activity, the
# latest closed feedback rounds (and their summaries once a round has closed: +1), the
# open high risks, the active schemes' objectives with their latest values); due:
# planning's (3: plans submitted, plans returned, governors), recruitment's (4: probation reviews,
# suitability refusals not overridden, contingency plan reviews, the coordinators and
# governors), maintenance's (3: reviews, coordinators, actions), monitoring's (3: risk
# reviews, the schemes whose return is due, the returns); the equality check's flags
# (7: the population by age band, ethnic group, religion and disability, the peer
# supporters, the applicants, the population figures entered by hand).
PRISON_DASHBOARD = 46
# session and user (2), reminders count, memberships, whether every snapshot is stored,
# prisons, schemes, snapshots; health:
# planning's (1), recruitment's (6), maintenance's (2), monitoring's (4); figures:
# recruitment's (1), monitoring's (5, as above).
NATIONAL_DASHBOARD = 28
# session and user, reminders count, memberships, the scheme, its snapshot, planning's
# evidence (3), recruitment's (6: its facts; the required modules, practice needed, peer
# supporters' passes and practice; supervision (2)), maintenance's (1), monitoring's (3:
# feedback rounds, the risks; objectives, evaluations and monthly returns in one).
SELF_ASSESSMENT = 19
# session and user, reminders count, memberships, prison, schemes (with when their
# snapshots were stored), snapshots, and the evidence as above (13).
PRISON_SELF_ASSESSMENT = 19

# With every scheme's snapshot stored for today (monitoring.dashboards.snapshots):
# session and user (2), the header's reminders count (1), memberships (1), the prison
# (1), its schemes with when their snapshots were stored (1), the audit trail's changes
# since (1), and, before the figures are kept (views._kept), the snapshots (1).
PRISON_DASHBOARD_STORED = 8
# Session and user, reminders count, memberships, the snapshots' generation, prisons,
# schemes, snapshots: the national dashboard takes today's snapshots as they are (it
# says when they are from). Counted before its figures are kept (views._kept): kept,
# they cost the first five only (test_snapshots.py).
NATIONAL_DASHBOARD_STORED = 8
# Session and user, reminders count, memberships, the scheme, when its snapshot was
# stored, the trail, its snapshot.
SELF_ASSESSMENT_STORED = 8
# Session and user, reminders count, memberships, prison, schemes with when their
# snapshots were stored, the trail, and before the figures are kept, the snapshots.
PRISON_SELF_ASSESSMENT_STORED = 8


def count_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def add_schemes(prison: Prison, coordinator: User, count: int, start: int = 0) -> list[Scheme]:
    """Schemes in every state: running with reviews and overdue actions, planning with
    a submitted plan, closed."""
    today = timezone.localdate()
    made: list[Scheme] = []
    for n in range(start, start + count):
        scheme: Scheme = SchemeFactory(prison=prison, name=f"Scheme {n}", coordinator=coordinator)
        if n % 3 == 0:
            complete_plan(scheme, approval=PlanApproval.SUBMITTED)
        else:
            complete_plan(scheme, approval=PlanApproval.APPROVED)
            Scheme.objects.filter(pk=scheme.pk).update(
                status=SchemeStatus.ACTIVE if n % 3 == 1 else SchemeStatus.CLOSED,
                launched_on=today - timedelta(days=300),
            )
            review = ReviewMeetingFactory(scheme=scheme, held_on=today - timedelta(days=n))
            review.staff_attendees.add(coordinator)
            # A refusal a governor might override.
            SuitabilityCheckFactory(application__scheme=scheme, outcome="not_cleared")
            ActionFactory(scheme=scheme, owner=coordinator, due_date=today - timedelta(days=1))
        made.append(scheme)
    return made


@pytest.fixture
def grow(leeds: Prison, coordinator: User) -> Callable[[int], list[Scheme]]:
    made: list[Scheme] = []

    def more(count: int) -> list[Scheme]:
        made.extend(add_schemes(leeds, coordinator, count, start=len(made)))
        # And an elsewhere prison, which the national dashboard counts too.
        other = PrisonFactory()
        add_schemes(other, user_with_role(Role.COORDINATOR, other), count, start=len(made))
        return made

    return more


PAGES = [
    ("governor", "/dashboard/prisons/{prison}/", PRISON_DASHBOARD, PRISON_DASHBOARD_STORED),
    ("analyst", "/dashboard/national/", NATIONAL_DASHBOARD, NATIONAL_DASHBOARD_STORED),
    (
        "analyst",
        "/dashboard/national/?region=yorkshire&status=active",
        NATIONAL_DASHBOARD,
        NATIONAL_DASHBOARD_STORED,
    ),
    ("coordinator", "/schemes/{scheme}/self-assessment/", SELF_ASSESSMENT, SELF_ASSESSMENT_STORED),
    (
        "governor",
        "/dashboard/prisons/{prison}/self-assessment/",
        PRISON_SELF_ASSESSMENT,
        PRISON_SELF_ASSESSMENT_STORED,
    ),
]


def store_snapshots() -> None:
    """What the refresh task does every few minutes."""
    today = timezone.localdate()
    snapshots.refresh(today, snapshots.stale_scheme_ids(today))


@pytest.mark.parametrize("stored", [False, True], ids=["worked-out", "stored"])
@pytest.mark.parametrize(("persona", "path", "budget", "stored_budget"), PAGES)
def test_a_dashboards_queries_do_not_grow_with_the_schemes(
    persona: str,
    path: str,
    budget: int,
    stored_budget: int,
    stored: bool,
    personas: dict[str, User | None],
    leeds: Prison,
    grow: Callable[[int], list[Scheme]],
    client_for: ClientFor,
) -> None:
    client = client_for(personas[persona])
    schemes = grow(2)
    url = path.format(prison=leeds.pk, scheme=schemes[1].pk)
    if stored:
        store_snapshots()
    client.get(url)  # warm up
    cache.clear()  # the figures rendered and kept by the warm-up
    few = count_queries(client, url)
    grow(10)
    if stored:
        store_snapshots()
    cache.clear()
    many = count_queries(client, url)
    assert few == many
    assert many <= (stored_budget if stored else budget)
