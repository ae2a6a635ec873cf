"""No page answers a server error, whatever a tampered or careless form sends.

Every URL pattern (Django's resolver, as in the permission matrix) gets GET and POST
requests whose every known field holds the same junk value, as the coordinator and as
the governor. Pages must answer with their error messages (or a redirect, 403, 404,
405, 409), never 500.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from schemes.models import Scheme
from tests.factories import (
    ActionFactory,
    PlanFactory,
    ResourceFactory,
    ReviewMeetingFactory,
    SmartObjectiveFactory,
    StakeholderFactory,
)
from tests.test_permission_matrix import all_routes, concrete_path

JUNK = [
    "",
    "x" * 5000,
    "-1",
    "1e9",
    "abc",
    "<script>alert(1)</script>",
    "99999999999999999999",  # more than a 64-bit id
    "0",
    "٣",  # a digit, but not an ASCII one
]

# Every field name the app's forms use, so that each junk value reaches each form.
FIELDS = [
    "name",
    "scheme_type",
    "purpose",
    "target_group",
    "target_peer_supporters",
    "minimum_peer_supporters",
    "prison",
    "coordinator",
    "version",
    "need",
    "need_evidence",
    "intended_outcomes",
    "target_group_who",
    "target_group_size",
    "target_group_needs",
    "available_days",
    "available_hours",
    "locations",
    "access_routes",
    "selection_route",
    "training_provider",
    "training_hours",
    "supervision_frequency",
    "pay",
    "pay_band",
    "impact_evidence",
    "review_cadence_months",
    "kind",
    "description",
    "amount",
    "unit",
    "confirmed",
    "interest",
    "engagement",
    "indicator",
    "relevance",
    "baseline",
    "target",
    "deadline_0",
    "deadline_1",
    "deadline_2",
    "decision",
    "reason",
    "held_on_0",
    "held_on_1",
    "held_on_2",
    "staff_attendees",
    "stakeholder_attendees",
    "peer_supporters_attending",
    "peer_supporter_roles",
    "communication_routes",
    "training_and_support",
    "future_recruitment",
    "resources_and_need",
    "involvement",
    "decisions",
    "owner",
    "due_date_0",
    "due_date_1",
    "due_date_2",
    "done",
    "action",
    "show",
    "status",
    "page",
    "review",
]


@pytest.fixture
def ids(scheme: Scheme, coordinator: User) -> dict[str, Any]:
    plan = PlanFactory(scheme=scheme)
    return {
        "pk": scheme.pk,
        "task": "need",
        "resource_id": ResourceFactory(plan=plan).pk,
        "stakeholder_id": StakeholderFactory(scheme=scheme).pk,
        "objective_id": SmartObjectiveFactory(scheme=scheme).pk,
        "review_id": ReviewMeetingFactory(scheme=scheme).pk,
        "action_id": ActionFactory(scheme=scheme, owner=coordinator).pk,
        "to_status": "closed",
        "object_id": coordinator.pk,
        "id": coordinator.pk,
        "content_type_id": 1,
    }


def test_no_page_answers_a_server_error_to_junk_input(
    ids: dict[str, Any],
    coordinator: User,
    governor: User,
    client_for: Callable[[User | None], Client],
) -> None:
    errors = []
    for user in (coordinator, governor):
        client = client_for(user)
        client.raise_request_exception = False
        for route in all_routes():
            if route.startswith("admin/") or route == "sign-out/":
                continue
            path = concrete_path(route, ids)
            for junk in JUNK:
                data = dict.fromkeys(FIELDS, junk)
                for response in (client.post(path, data), client.get(path, data)):
                    if response.status_code >= 500:
                        errors.append(f"{response.request['REQUEST_METHOD']} {path} {junk[:20]!r}")
    assert not errors, "Server errors:\n" + "\n".join(errors)
