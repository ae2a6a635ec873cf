"""The dashboards and the self-assessment cost the same number of queries with 2
schemes as with 12, each with reviews, overdue actions and submitted plans: they read
every scheme at once through the registry's set-based hooks, never one by one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Prison, Role, User
from planning.models import PlanApproval
from schemes.models import Scheme, SchemeStatus
from tests.factories import (
    ActionFactory,
    PrisonFactory,
    ReviewMeetingFactory,
    SchemeFactory,
    complete_plan,
    user_with_role,
)

ClientFor = Callable[[User | None], Client]

# session and user (2), the header's reminders count (1), memberships (1), prison (1),
# schemes (1), planning's health (1), maintenance's health (2), planning's due (3: plans
# submitted, governors, plans returned), maintenance's due (3: reviews, coordinators,
# actions), recruitment's figures (1: the placements) and due (2: probation reviews,
# contingency plan reviews; and the coordinators when a probation review is due),
# monitoring's figures (2: the monthly summaries, the latest day with activity), health
# (2: debriefs due, open risks; 3 more: monthly returns, objectives) and due (1: risk
# reviews; 1: returns); feedback's figure (1); recruitment's health (7: the
# schemes' supervision settings and dates, the latest staff supervision, the peer
# supporters' latest supervision; the cover needed, availability, peer supporters and
# rota entries).
PRISON_DASHBOARD = 35
# session and user (2), reminders count, memberships, prisons, schemes, planning (1),
# maintenance (2), recruitment's figures (1) and health (7), monitoring's figures (2) and
# health (2).
NATIONAL_DASHBOARD = 24
# session and user, reminders count, memberships, the scheme, planning's evidence (3),
# maintenance's (1), recruitment's (7: its facts; the required modules, practice
# needed, peer supporters' passes and practice; supervision (3)), monitoring's (1).
SELF_ASSESSMENT = 21
# session and user, reminders count, memberships, prison, schemes, planning's evidence
# (3), maintenance's (1), recruitment's (7, as above), monitoring's (1: the open risks).
PRISON_SELF_ASSESSMENT = 22


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


@pytest.mark.parametrize(
    ("persona", "path", "budget"),
    [
        ("governor", "/dashboard/prisons/{prison}/", PRISON_DASHBOARD),
        ("analyst", "/dashboard/national/", NATIONAL_DASHBOARD),
        ("analyst", "/dashboard/national/?region=yorkshire&status=active", NATIONAL_DASHBOARD),
        ("coordinator", "/schemes/{scheme}/self-assessment/", SELF_ASSESSMENT),
        ("governor", "/dashboard/prisons/{prison}/self-assessment/", PRISON_SELF_ASSESSMENT),
    ],
)
def test_a_dashboards_queries_do_not_grow_with_the_schemes(
    persona: str,
    path: str,
    budget: int,
    personas: dict[str, User | None],
    leeds: Prison,
    grow: Callable[[int], list[Scheme]],
    client_for: ClientFor,
) -> None:
    client = client_for(personas[persona])
    schemes = grow(2)
    url = path.format(prison=leeds.pk, scheme=schemes[1].pk)
    client.get(url)  # warm up
    few = count_queries(client, url)
    grow(10)
    many = count_queries(client, url)
    assert few == many
    assert many <= budget
