"""The role x URL permission matrix.

Walks every URL pattern in Django's resolver and requests it as each persona with GET
and POST. The expected status of every cell is written in EXPECTED below; a URL pattern
that is missing from it fails the test, so a new view cannot be added without deciding
who may use it.

Personas: anonymous; coordinator, staff, governor at HMP Leeds (where the scheme is);
the national analyst; outsider (a coordinator at HMP Bristol); admin (a superuser
with no prison).

The empty POSTs above show who is refused; the state matrix below sends VALID POSTs
on a scheme in each state that changes the answers, and checks the database: a
permitted cell makes its change, a refused one changes nothing.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import pytest
from django.apps import apps as django_apps
from django.db import connection, transaction
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import AuditEvent, User
from schemes.models import Scheme, SmartObjective, Stakeholder
from tests.dashboards.matrix_dashboards import DASHBOARDS_ROWS, DASHBOARDS_WRITES
from tests.factories import (
    PASSWORD,
    ActionFactory,
    ContingencyPlanFactory,
    ReviewMeetingFactory,
    recruitment_ids,
    scheme_in_state,
)
from tests.maintenance.matrix_maintenance import MAINTENANCE_ROWS, MAINTENANCE_WRITES
from tests.monitoring.matrix_monitoring import (
    MONITORING_ADMIN_ROWS,
    MONITORING_ROWS,
    MONITORING_WRITES,
    monitoring_ids,
)
from tests.monitoring.matrix_returns import RETURNS_ROWS, RETURNS_WRITES
from tests.planning.matrix_planning import PLANNING_ROWS, PLANNING_WRITES
from tests.recruitment.matrix_applications import (
    APPLICATIONS_ADMIN_ROWS,
    APPLICATIONS_ROWS,
    APPLICATIONS_WRITES,
)
from tests.recruitment.matrix_phase2 import PHASE2_ROWS, PHASE2_WRITES
from tests.recruitment.matrix_placements import (
    PLACEMENTS_ADMIN_ROWS,
    PLACEMENTS_ROWS,
    PLACEMENTS_WRITES,
)
from tests.recruitment.matrix_prisoners import (
    PRISONERS_ADMIN_ROWS,
    PRISONERS_ROWS,
    PRISONERS_WRITES,
)
from tests.recruitment.matrix_training import TRAINING_ROWS, TRAINING_WRITES
from tests.reminders.matrix_reminders import (
    REMINDERS_ADMIN_ROWS,
    REMINDERS_ROWS,
    REMINDERS_WRITES,
)
from tests.schemes.matrix_rows import (
    CHANGED,
    CLOSED_TO_OVERVIEW,
    READ_ONLY,
    STATES,
    Cell,
    Ids,
    Outcome,
    Row,
    State,
    Write,
    always,
    everyone,
    merged_ids,
    row,
    signed_in,
    unless_closed,
)

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
    **PHASE2_ROWS,
    **PLACEMENTS_ROWS,
    **MONITORING_ROWS,
    **RETURNS_ROWS,
    **REMINDERS_ROWS,
    **DASHBOARDS_ROWS,
    **TRAINING_ROWS,
    **APPLICATIONS_ROWS,
    **PRISONERS_ROWS,
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
    # The access log is written by reads of confidential records, never by hand.
    "admin/accounts/accesslog/add/": admin_only((403, 403)),
    "admin/accounts/accesslog/<path:object_id>/delete/": admin_only((403, 403)),
    "admin/accounts/accesslog/<path:object_id>/change/": admin_only(
        (frozenset({200, 302}), frozenset({403, 302}))
    ),
    # The audit trail is written by changes and sign-ins, never by hand.
    "admin/accounts/auditevent/add/": admin_only((403, 403)),
    "admin/accounts/auditevent/<path:object_id>/delete/": admin_only((403, 403)),
    "admin/accounts/auditevent/<path:object_id>/change/": admin_only(
        (frozenset({200, 302}), frozenset({403, 302}))
    ),
    **REMINDERS_ADMIN_ROWS,
    **APPLICATIONS_ADMIN_ROWS,
    **PLACEMENTS_ADMIN_ROWS,
    **PRISONERS_ADMIN_ROWS,
    **MONITORING_ADMIN_ROWS,
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


# --- the state matrix: valid POSTs change what they may, and nothing else -------------
#
# Every URL pattern (but the admin's and signing in and out, which the matrix above
# covers) gets a VALID POST body from WRITES, as every persona, on a scheme in each
# state of STATES. A permitted cell answers as its Write says and changes exactly the
# tables it names; a refused cell answers as the matrix above says and changes nothing.
# Each cell runs in a transaction that is rolled back, so no cell sees another's change.

SIGN_IN_AND_OUT = ("sign-in/", "sign-out/")
SIGNED_IN = ("coordinator", "staff", "governor", "analyst", "outsider", "admin")


def scheme_body(ids: Ids) -> dict[str, Any]:
    return {
        "name": "Insiders",
        "scheme_type": "insiders",
        "purpose": "Information and reassurance for new arrivals",
        "target_group": "Everyone in their first week",
        "partner_organisation": "",
        "coordinator": ids["coordinator"],
        "target_peer_supporters": "8",
        "minimum_peer_supporters": "4",
    }


def scheme_create_body(ids: Ids) -> dict[str, Any]:
    return {**scheme_body(ids), "prison": ids["prison"]}


def scheme_edit_body(ids: Ids) -> dict[str, Any]:
    version = Scheme.objects.values_list("version", flat=True).get(pk=ids["pk"])
    return {**scheme_body(ids), "name": "Listeners on A wing", "version": version}


def password_body(ids: Ids) -> dict[str, Any]:
    return {
        "old_password": PASSWORD,
        "new_password1": "a-longer-passphrase-for-2027",
        "new_password2": "a-longer-passphrase-for-2027",
    }


SCHEME_WRITES: dict[str, list[Write]] = {
    **dict.fromkeys(
        ["", "healthz/", "about/", "accessibility/", "privacy/", "cookies/", "schemes/"],
        READ_ONLY,
    ),
    "account/password/": [
        Write(
            body=password_body,
            permitted=dict.fromkeys(SIGNED_IN, always(CHANGED)),
            changes=frozenset({"accounts.User"}),
        )
    ],
    "schemes/new/": [
        Write(
            body=scheme_create_body,
            permitted={
                "coordinator": always(CHANGED),
                # A coordinator at another prison may create schemes, but not at Leeds.
                "outsider": always(Outcome(200, says="Select one of your prisons")),
            },
            # Every phase's records of a new scheme: its plan, its recruitment settings,
            # sign-off parties and training modules, its risk register.
            changes=frozenset(
                {
                    "schemes.Scheme",
                    "planning.Plan",
                    "recruitment.RecruitmentSettings",
                    "recruitment.SignOffParty",
                    "recruitment.TrainingModule",
                    "monitoring.RiskEntry",
                }
            ),
        )
    ],
    "schemes/<int:pk>/": READ_ONLY,
    "schemes/<int:pk>/edit/": [
        Write(
            body=scheme_edit_body,
            permitted={"coordinator": unless_closed(CLOSED_TO_OVERVIEW)},
            changes=frozenset({"schemes.Scheme"}),
        )
    ],
}

WRITES: dict[str, list[Write]] = {
    **SCHEME_WRITES,
    **PLANNING_WRITES,
    **MAINTENANCE_WRITES,
    **PHASE2_WRITES,
    **PLACEMENTS_WRITES,
    **MONITORING_WRITES,
    **RETURNS_WRITES,
    **REMINDERS_WRITES,
    **DASHBOARDS_WRITES,
    **TRAINING_WRITES,
    **APPLICATIONS_WRITES,
    **PRISONERS_WRITES,
}


def in_state_matrix(route: str) -> bool:
    return not route.startswith("admin/") and route not in SIGN_IN_AND_OUT


def writes_for(route: str) -> list[Write]:
    if route not in WRITES:
        raise AssertionError(
            f"URL pattern {route!r} has no valid POST in the state matrix: add its Writes "
            "to WRITES (tests/test_permission_matrix.py, or the feature's matrix module)"
        )
    return WRITES[route]


def test_every_url_pattern_has_a_valid_post_in_the_state_matrix() -> None:
    routes = [route for route in all_routes() if in_state_matrix(route)]
    for route in routes:
        writes_for(route)
    assert not set(WRITES) - set(routes), "WRITES names URL patterns that do not exist"


def expected_outcome(write: Write, route: str, persona: str, state: State) -> Outcome:
    if persona in write.permitted:
        return write.permitted[persona](state)
    _, status = (write.refusals or expected_row(route))[persona]
    assert isinstance(status, int), f"{route}: a refusal has one status"
    return Outcome(status, to="sign-in" if persona == "anonymous" and status == 302 else "")


# The tables a request may change: every model of the service's own apps, with the
# many-to-many tables between them. The audit trail is checked on its own: every cell
# that changes something adds to it, and a refused cell adds nothing.
OWN_APPS = (
    "accounts",
    "schemes",
    "planning",
    "maintenance",
    "recruitment",
    "monitoring",
    "reminders",
)
AUDIT_TABLES = ("accounts.AuditEvent", "accounts.AccessLog")


def tables() -> list[type[Model]]:
    return [
        model
        for label in OWN_APPS
        for model in django_apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.label not in AUDIT_TABLES
    ]


Snapshot = dict[str, list[tuple[Any, ...]]]


def snapshot() -> Snapshot:
    """Every row of every table, in order of id."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in tables()
    }


class Answered(NamedTuple):
    status: int
    changed: frozenset[str]
    location: str
    content: str
    audited: int  # rows the request added to the audit trail


WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class WriteWatcher:
    """Notes whether a request sent the database any statement that can change it."""

    def __init__(self) -> None:
        self.wrote = False

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        self.wrote = self.wrote or sql.lstrip().upper().startswith(WRITE_STATEMENTS)
        return execute(sql, params, many, context)


class _Undo(Exception):
    """Rolls a cell's transaction back."""


def post_and_undo(client: Client, path: str, body: dict[str, Any], before: Snapshot) -> Answered:
    """POST ``body``, see which tables differ from ``before``, then undo it all (and the
    client's cookies: a password change cycles the session, a success leaves a message).

    Every cell starts from the same rows (``before``: each cell is rolled back), and a
    request that sends no INSERT, UPDATE or DELETE cannot have changed them, so the
    tables are read again only after a request that wrote something.
    """
    cookies = copy.deepcopy(client.cookies)
    watcher = WriteWatcher()
    answered: Answered | None = None
    trail_before = AuditEvent.objects.count()
    try:
        with transaction.atomic():
            with connection.execute_wrapper(watcher):
                response = client.post(path, body)
            after = snapshot() if watcher.wrote else before
            audited = AuditEvent.objects.count() - trail_before if watcher.wrote else 0
            answered = Answered(
                response.status_code,
                frozenset(table for table, rows in after.items() if rows != before[table]),
                response.get("Location", ""),
                response.content.decode(),
                audited,
            )
            raise _Undo
    except _Undo:
        pass
    finally:
        client.cookies = cookies
    assert answered is not None
    return answered


def redirect_target(to: str, ids: Ids) -> str:
    """Where a refusal's redirect goes (a regular expression)."""
    return {
        "sign-in": r"/sign-in/\?next=.*",
        "overview": f"/schemes/{ids['pk']}/",
        "checklist": f"/schemes/{ids['pk']}/planning/",
        "answers": f"/schemes/{ids['pk']}/planning/[a-z-]+/answers/",
    }[to]


def mismatch(expected: Outcome, write: Write, answered: Answered, ids: Ids) -> str | None:
    """Why the answer is not the expected one (None: it is)."""
    changes = write.changes if expected.changes else frozenset()
    if expected.changes:
        assert write.changes, "a Write that changes something names the tables"
    if answered.status != expected.status or answered.changed != changes:
        what = ", ".join(sorted(answered.changed)) or "nothing"
        should = ", ".join(sorted(changes)) or "nothing"
        return (
            f"expected {expected.status} changing {should}, got {answered.status} changing {what}"
        )
    if changes and not answered.audited:
        return f"changed {', '.join(sorted(changes))} but left nothing in the audit trail"
    if not changes and answered.audited:
        return f"changed nothing but added {answered.audited} rows to the audit trail"
    if expected.to and not re.fullmatch(redirect_target(expected.to, ids), answered.location):
        return f"expected a redirect to the {expected.to}, got {answered.location!r}"
    if expected.says and expected.says not in answered.content:
        return f"expected the page to say {expected.says!r}"
    return None


def state_ids(state: State, scheme: Scheme, personas: dict[str, User | None]) -> Ids:
    """The Listeners scheme at HMP Leeds brought to ``state``, and its records' ids."""
    coordinator, staff, governor = (personas[name] for name in ("coordinator", "staff", "governor"))
    assert coordinator is not None
    assert staff is not None
    assert governor is not None
    plan = scheme_in_state(
        scheme,
        status=state.status,
        approval=state.plan,
        coordinator=coordinator,
        governor=governor,
    )
    review = ReviewMeetingFactory(scheme=scheme)
    return merged_ids(
        {
            "pk": scheme.pk,
            "prison": scheme.prison_id,
            "coordinator": coordinator.pk,
            "staff": staff.pk,
            "resource_id": plan.resources.get().pk,
            "stakeholder_id": Stakeholder.objects.get(scheme=scheme).pk,
            "objective_id": SmartObjective.objects.get(scheme=scheme).pk,
            "prison_id": scheme.prison_id,
            "review_id": review.pk,
            "action_id": ActionFactory(scheme=scheme, owner=coordinator, review=review).pk,
            "plan_id": ContingencyPlanFactory(scheme=scheme, owner=coordinator).pk,
            "number": 1,
            "task": "need",
        },
        recruitment_ids(scheme),
        monitoring_ids(scheme),
    )


@pytest.mark.parametrize("state", STATES, ids=str)
def test_a_valid_post_changes_exactly_what_the_matrix_permits(
    state: State,
    scheme: Scheme,
    personas: dict[str, User | None],
    client_for: Callable[[User | None], Client],
) -> None:
    ids = state_ids(state, scheme, personas)
    clients = {persona: client_for(user) for persona, user in personas.items()}
    for client in clients.values():
        client.raise_request_exception = False  # a 500 is a mismatch to report
    wrong: list[str] = []
    before = snapshot()
    for route in filter(in_state_matrix, all_routes()):
        for write in writes_for(route):
            path = concrete_path(route, {**ids, **write.params})
            for persona, client in clients.items():
                expected = expected_outcome(write, route, persona, state)
                answered = post_and_undo(client, path, write.body(ids), before)
                problem = mismatch(expected, write, answered, ids)
                if problem:
                    name = f" ({write.name})" if write.name else ""
                    wrong.append(f"POST {path}{name} as {persona}: {problem}")
    assert not wrong, f"State matrix mismatches, {state}:\n" + "\n".join(wrong)
    assert snapshot() == before, "a cell's change was not undone"
