"""Personas shared by every test.

At HMP Leeds (``leeds``): ``coordinator``, ``staff`` and ``governor``. ``analyst`` is
the national analyst. ``outsider`` is a coordinator at HMP Bristol, who must never see
Leeds's records. ``admin`` is a superuser with no prison.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.models import Prison, Role, User
from schemes.models import Scheme, SchemeStatus
from tests.factories import (
    ActionFactory,
    ContingencyPlanFactory,
    PlanFactory,
    PrisonFactory,
    ResourceFactory,
    ReviewMeetingFactory,
    SchemeFactory,
    SmartObjectiveFactory,
    StakeholderFactory,
    UserFactory,
    recruitment_ids,
    user_with_role,
)
from tests.monitoring.matrix_monitoring import monitoring_ids
from tests.schemes.matrix_rows import PERSONAS, Ids, merged_ids

__all__ = ["PERSONAS"]


@pytest.fixture
def leeds(db: None) -> Prison:
    return PrisonFactory(name="HMP Leeds", code="LEI")


@pytest.fixture
def bristol(db: None) -> Prison:
    return PrisonFactory(name="HMP Bristol", code="BLI")


@pytest.fixture
def coordinator(leeds: Prison) -> User:
    return user_with_role(Role.COORDINATOR, leeds, "coordinator")


@pytest.fixture
def staff(leeds: Prison) -> User:
    return user_with_role(Role.STAFF, leeds, "staff")


@pytest.fixture
def governor(leeds: Prison) -> User:
    return user_with_role(Role.GOVERNOR, leeds, "governor")


@pytest.fixture
def analyst(db: None) -> User:
    return user_with_role(Role.NATIONAL_ANALYST, None, "analyst")


@pytest.fixture
def outsider(bristol: Prison) -> User:
    return user_with_role(Role.COORDINATOR, bristol, "outsider")


@pytest.fixture
def admin_user(db: None) -> User:
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def scheme(leeds: Prison, coordinator: User) -> Scheme:
    return SchemeFactory(prison=leeds, name="Listeners", coordinator=coordinator)


@pytest.fixture
def personas(
    coordinator: User,
    staff: User,
    governor: User,
    analyst: User,
    outsider: User,
    admin_user: User,
) -> dict[str, User | None]:
    return {
        "anonymous": None,
        "coordinator": coordinator,
        "staff": staff,
        "governor": governor,
        "analyst": analyst,
        "outsider": outsider,
        "admin": admin_user,
    }


@pytest.fixture
def client_for(db: None) -> Callable[[User | None], Client]:
    """A test client signed in as the user (anonymous for None)."""

    def make(user: User | None, *, enforce_csrf_checks: bool = False) -> Client:
        client = Client(enforce_csrf_checks=enforce_csrf_checks)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with nothing kept (the dashboards keep rendered figures)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Production's PBKDF2 costs about half a second a user; the tests create hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def matrix_ids(scheme: Scheme, coordinator: User) -> Ids:
    """Values for every route parameter: records of the Listeners scheme at HMP Leeds
    (in planning, with a draft plan), which the outsider must never reach. The tests
    that walk every page fill their URL patterns with these (``concrete_path``).

    ``to_status`` is a move a planning scheme cannot make (the matrix checks the
    refusal); ``form_ids`` has one it can."""
    plan = PlanFactory(scheme=scheme)
    review = ReviewMeetingFactory(scheme=scheme)
    return merged_ids(
        {
            "pk": scheme.pk,
            "task": "need",
            "resource_id": ResourceFactory(plan=plan).pk,
            "stakeholder_id": StakeholderFactory(scheme=scheme).pk,
            "objective_id": SmartObjectiveFactory(scheme=scheme).pk,
            "prison_id": scheme.prison_id,
            "review_id": review.pk,
            "action_id": ActionFactory(scheme=scheme, owner=coordinator, review=review).pk,
            "plan_id": ContingencyPlanFactory(scheme=scheme, owner=coordinator).pk,
            "to_status": SchemeStatus.PAUSED,
            "object_id": coordinator.pk,
            "id": coordinator.pk,
            "content_type_id": 1,
            "number": 1,
        },
        recruitment_ids(scheme),
        monitoring_ids(scheme),
    )


@pytest.fixture
def form_ids(matrix_ids: Ids) -> Ids:
    """``matrix_ids`` with a move the planning scheme can make (closing it), so that its
    status page shows the form: for the tests that send every form bad input."""
    return {**matrix_ids, "to_status": SchemeStatus.CLOSED}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test that needs PostgreSQL or Redis (``services``) can never be marked ``once``.

    CI's PostgreSQL/Redis pass deselects ``once`` (``-m "not once"``, docs/development.md):
    such a test would then run nowhere. This runs before pytest's own ``-m`` deselection
    and after tests/browser/conftest.py marks its tests (that hook is ``tryfirst``).
    """
    both = [
        item.nodeid
        for item in items
        if item.get_closest_marker("services") and item.get_closest_marker("once")
    ]
    if both:
        raise pytest.UsageError(
            "marked both 'services' and 'once' (the PostgreSQL/Redis pass would skip them): "
            + ", ".join(both)
        )
