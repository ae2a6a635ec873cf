"""The role x URL permission matrix.

Walks every URL pattern in Django's resolver and requests it as each persona with GET
and POST. The expected status of every cell is written in EXPECTED below; a URL pattern
that is missing from it fails the test, so a new view cannot be added without deciding
who may use it.

Personas: anonymous; coordinator, staff, governor at HMP Leeds (where the scheme is);
the national analyst; outsider (a coordinator at HMP Bristol); admin (a superuser
with no prison).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import User
from schemes.models import Scheme
from tests.maintenance.matrix_maintenance import MAINTENANCE_ROWS
from tests.planning.matrix_planning import PLANNING_ROWS
from tests.schemes.matrix_rows import Cell, Row, everyone, row, signed_in

# 302 for anonymous = redirect to sign in. 405 = method not allowed. 404 for the
# outsider = another prison's scheme is not disclosed. 403 = seen but not permitted.
EXPECTED: dict[str, Row] = {
    "": everyone(302, 405),  # home redirects to the schemes or to sign in
    "healthz/": everyone(200, 405),
    "sign-in/": signed_in(302, 302, anonymous=(200, 200)),
    "sign-out/": everyone(405, 302),
    "account/password/": signed_in(200, 200),
    "about/": everyone(200, 405),
    "accessibility/": everyone(200, 405),
    "privacy/": everyone(200, 405),
    "cookies/": everyone(200, 405),
    "schemes/": signed_in(200, 405),
    "schemes/new/": row(
        anonymous=(302, 302),
        coordinator=(200, 200),
        staff=(403, 403),
        governor=(403, 403),
        analyst=(403, 403),
        outsider=(200, 200),  # a coordinator at their own prison
        admin=(403, 403),
    ),
    "schemes/<int:pk>/": row(
        anonymous=(302, 302),
        coordinator=(200, 405),
        staff=(200, 405),
        governor=(200, 405),
        analyst=(200, 405),
        outsider=(404, 405),
        admin=(404, 405),
    ),
    "schemes/<int:pk>/edit/": row(
        anonymous=(302, 302),
        coordinator=(200, 200),
        staff=(403, 403),
        governor=(403, 403),
        analyst=(403, 403),
        outsider=(404, 404),
        admin=(404, 404),
    ),
    **PLANNING_ROWS,
    **MAINTENANCE_ROWS,
}


# Django admin: only the administrator gets in. Everyone else is sent to the admin's
# sign-in page (or shown it). What the administrator gets varies by page (a form, a
# redirect after POST, a 404 for an object id that does not exist), so their cells
# allow any answer that is not a refusal or an error.
def admin_only(admin: tuple[Cell, Cell]) -> Row:
    cells = everyone(302, 302)
    cells["admin"] = admin
    return cells


ADMIN_GET_OK = frozenset({200, 302, 404})
ADMIN_POST_OK = frozenset({200, 302, 404, 405})  # some admin pages are GET-only
ADMIN_EXPECTED: dict[str, Row] = {
    "admin/login/": everyone(frozenset({200, 302}), frozenset({200, 302})),
    "admin/logout/": admin_only((405, frozenset({200, 302}))),
    # Without its query parameters the autocomplete endpoint refuses even the admin.
    "admin/autocomplete/": admin_only((403, 405)),
    # Nothing writes around the services: a scheme is created with its plan by
    # scheme_create, plans and review meetings change only through their pages.
    "admin/schemes/scheme/add/": admin_only((403, 403)),
    "admin/planning/plan/add/": admin_only((403, 403)),
    "admin/planning/plan/<path:object_id>/delete/": admin_only((403, 403)),
    # (object_id is a user's id: on PostgreSQL no plan may have it, and the admin
    # redirects to the list; where one does, viewing is allowed and saving refused.)
    "admin/planning/plan/<path:object_id>/change/": admin_only(
        (frozenset({200, 302}), frozenset({403, 302}))
    ),
    "admin/maintenance/reviewmeeting/add/": admin_only((403, 403)),
    "admin/maintenance/reviewmeeting/<path:object_id>/change/": admin_only(
        (frozenset({200, 302}), frozenset({403, 302}))
    ),
    # django-axes's records of sign-ins are made by sign-ins only, never by hand.
    "admin/axes/accessattempt/add/": admin_only((403, 403)),
    "admin/axes/accesslog/add/": admin_only((403, 403)),
    "admin/axes/accessfailurelog/add/": admin_only((403, 403)),
}


def expected_row(route: str) -> Row:
    if route in EXPECTED:
        return EXPECTED[route]
    if route in ADMIN_EXPECTED:
        return ADMIN_EXPECTED[route]
    if route.startswith("admin/"):
        return admin_only((ADMIN_GET_OK, ADMIN_POST_OK))
    raise AssertionError(
        f"URL pattern {route!r} is not in the permission matrix: add its row to EXPECTED "
        "in tests/test_permission_matrix.py"
    )


def all_routes(
    patterns: list[URLPattern | URLResolver] | None = None, prefix: str = ""
) -> Iterator[str]:
    """Every URL pattern's full route, as Django's resolver knows it."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from all_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def concrete_path(route: str, ids: dict[str, Any]) -> str:
    """A requestable path for a route: parameters filled with real objects' ids."""
    path = route.replace("^", "").replace("$", "")
    path = re.sub(r"\(\?P<app_label>[^)]*\)", "accounts", path)
    path = re.sub(r"\(\?P<url>\.\*\)", "no-such-page/", path)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[m.group(1)]), path)
    assert "<" not in path, f"cannot fill in {route}"
    assert "(" not in path, f"cannot fill in {route}"
    return "/" + path


def status_matches(expected: Cell, actual: int) -> bool:
    return actual in expected if isinstance(expected, frozenset) else actual == expected


def test_every_url_pattern_is_in_the_matrix() -> None:
    for route in all_routes():
        expected_row(route)


def test_every_url_answers_each_role_as_the_matrix_says(
    personas: dict[str, User | None],
    matrix_ids: dict[str, Any],
    client_for: Callable[[User | None], Client],
) -> None:
    wrong: list[str] = []
    clients = {persona: client_for(user) for persona, user in personas.items()}
    for route in all_routes():
        path = concrete_path(route, matrix_ids)
        for persona, (get_expected, post_expected) in expected_row(route).items():
            for method, expected in (("GET", get_expected), ("POST", post_expected)):
                client = clients[persona]
                response = client.get(path) if method == "GET" else client.post(path, {})
                if "logout" in path or "sign-out" in path:
                    # Signing out must not leak into the next cell.
                    clients[persona] = client_for(personas[persona])
                if not status_matches(expected, response.status_code):
                    wrong.append(
                        f"{method} {path} as {persona}: expected {expected}, "
                        f"got {response.status_code}"
                    )
    assert not wrong, "Permission matrix mismatches:\n" + "\n".join(wrong)


def test_anonymous_users_are_sent_to_sign_in_not_shown_an_error(
    scheme: Scheme, client_for: Callable[[User | None], Client]
) -> None:
    response = client_for(None).get(f"/schemes/{scheme.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")


@pytest.mark.parametrize(
    "path", ["/sign-out/", "/schemes/new/", "/schemes/{pk}/edit/", "/account/password/"]
)
def test_a_post_without_a_csrf_token_is_refused(
    path: str,
    scheme: Scheme,
    coordinator: User,
    client_for: Callable[..., Client],
) -> None:
    client = client_for(coordinator, enforce_csrf_checks=True)
    response = client.post(path.format(pk=scheme.pk), {"name": "Forged"})
    assert response.status_code == 403
    assert b"Your form could not be sent" in response.content
    scheme.refresh_from_db()
    assert scheme.name == "Listeners"
