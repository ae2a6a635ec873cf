"""No page answers a server error, whatever a tampered or careless form sends, and a
refused value never costs what is already saved.

Every field name comes from the rendered forms (each page read as the coordinator and
as the governor), not from a list that could fall behind them.

- One bad value at a time: each page's form gets its valid body from the state matrix
  (tests/test_permission_matrix.py, WRITES), on a scheme in a state where that body is
  accepted, with ONE field replaced by a bad value, so the services are reached. The
  page either takes the value (and makes its change) or re-shows the form with a
  GOV.UK error summary and changes nothing.
- Junk everywhere: every URL pattern gets GET and POST requests whose every field
  holds the same junk value, as the coordinator and as the governor. Pages answer with
  their error messages (or a redirect, 403, 404, 405, 409), never 500.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.models import User
from peersupport.text import LONG_TEXT
from planning.models import PlanApproval
from schemes.models import Scheme, SchemeStatus
from schemes.services.actions import action_create
from schemes.services.lifecycle import scheme_transition
from schemes.services.scheme import scheme_update
from tests.factories import SchemeFactory, complete_plan
from tests.pages import error_summary, form_fields, posted_fields
from tests.schemes.matrix_rows import STATES, Ids, State, Write
from tests.test_permission_matrix import (
    WRITES,
    Answered,
    Snapshot,
    all_routes,
    concrete_path,
    expected_row,
    post_and_undo,
    snapshot,
    state_ids,
)

# --- one bad value at a time, among valid answers ---------------------------------------

BAD_VALUES = {
    "empty": "",
    "5,000 characters": "x" * 5000,
    "beyond 64 bits": "99999999999999999999",
    "markup": "<script>alert(1)</script>",
    "non-ASCII digits": "١٢",  # Arabic-Indic 12
    "a date part beyond 64 bits": "9999999999999999999",
}


def accepting_cell(write: Write) -> tuple[State, str] | None:
    """The first state in which a persona's valid POST is accepted (None: never)."""
    for state in STATES:
        for persona, answer in write.permitted.items():
            if answer(state).changes:
                return state, persona
    return None


def forms_that_save(state: State) -> Iterator[tuple[str, Write, str]]:
    """(route, write, persona) for every Write whose valid body is first accepted in
    ``state``. A button (a page that answers GET with 405) has no form to read: its
    bad values are the state matrix's and its own tests' business."""
    for route, writes in WRITES.items():
        for write in writes:
            cell = accepting_cell(write)
            if cell is not None and cell[0] == state:
                if expected_row(route)[cell[1]][0] == 405:
                    continue
                yield route, write, cell[1]


SAVING_STATES = [state for state in STATES if any(forms_that_save(state))]


# A plan task's answers are saved even when one is missing: the page says so and
# lists what the task still needs (planning.views.tasks).
SAVED_BUT_INCOMPLETE = "Your answers have been saved, but the task is not complete yet"


def refused_or_saved(write: Write, answered: Answered) -> str | None:
    """Why the answer to one bad value is wrong (None: it is right).

    Right is: taken (a redirect, having changed only what the valid body changes), or
    refused (the form again, with a GOV.UK error summary, having changed nothing), or,
    for a plan task, saved but not complete (the form again, saying so).
    """
    changed = sorted(answered.changed)
    if answered.status >= 500:
        return f"answered {answered.status}"
    if answered.status == 302:
        if not answered.changed or not answered.changed <= write.changes:
            return f"redirected, having changed {changed or 'nothing'}"
        return None
    if answered.status not in (200, 409):
        return f"answered {answered.status}, neither the form again nor a redirect"
    if "There is a problem" not in error_summary(answered.content):
        return f"answered {answered.status} without a GOV.UK error summary"
    if answered.changed and not (
        SAVED_BUT_INCOMPLETE in answered.content and answered.changed <= write.changes
    ):
        return f"refused the value, but changed {changed}"
    return None


def check_form(
    client: Client, path: str, write: Write, ids: Ids, before: Snapshot
) -> Iterator[str]:
    """The page's fields against the valid body, then one bad value in each field."""
    page = client.get(path)
    assert page.status_code == 200, f"GET {path}: {page.status_code}"
    fields = posted_fields(page.content.decode(), path)
    body = write.body(ids)
    names = {field.name for field in fields}
    missing = {field.name for field in fields if not field.is_button} - set(body)
    if missing:
        yield f"{path}: the valid body has no value for {sorted(missing)}"
    if set(body) - names:
        yield f"{path}: the valid body sends fields the form lacks: {sorted(set(body) - names)}"
    for field in fields:
        for what, bad in BAD_VALUES.items():
            answered = post_and_undo(client, path, {**body, field.name: bad}, before)
            problem = refused_or_saved(write, answered)
            if problem:
                yield f"POST {path} with {field.name} {what}: {problem}"


FormCheck = Callable[[Client, str, Write, Ids, Snapshot], Iterator[str]]


def check_saving_forms(
    state: State,
    scheme: Scheme,
    personas: dict[str, User | None],
    client_for: Callable[[User | None], Client],
    check: FormCheck,
) -> list[str]:
    """``check`` on every form whose valid body is first accepted in ``state``, as the
    persona it is accepted from; the problems it finds."""
    ids = state_ids(state, scheme, personas)
    clients = {persona: client_for(user) for persona, user in personas.items()}
    for client in clients.values():
        client.raise_request_exception = False  # a 500 is a problem to report
    before = snapshot()
    problems: list[str] = []
    for route, write, persona in forms_that_save(state):
        path = concrete_path(route, {**ids, **write.params})
        problems += check(clients[persona], path, write, ids, before)
    return problems


@pytest.mark.parametrize("state", SAVING_STATES, ids=str)
def test_one_bad_value_among_valid_answers_is_refused_on_the_form_or_saved(
    state: State,
    scheme: Scheme,
    personas: dict[str, User | None],
    client_for: Callable[[User | None], Client],
) -> None:
    problems = check_saving_forms(state, scheme, personas, client_for, check_form)
    assert not problems, f"Bad values mishandled, {state}:\n" + "\n".join(problems)


# --- an over-long answer in each free-text field ------------------------------------------

# Beyond every limit (peersupport.text): a phrase's, an answer's, an action's.
OVER_LONG = "x" * (LONG_TEXT + 1000)
TOO_LONG = re.compile(r"must be [\d,]+ characters or fewer")


def check_lengths(
    client: Client, path: str, write: Write, ids: Ids, before: Snapshot
) -> Iterator[str]:
    """Each free-text field of the page's form, given an over-long answer among valid
    ones, is refused with GOV.UK's "… must be N characters or fewer", saving nothing."""
    page = client.get(path)
    assert page.status_code == 200, f"GET {path}: {page.status_code}"
    body = write.body(ids)
    for field in posted_fields(page.content.decode(), path):
        if not field.is_free_text:
            continue
        answered = post_and_undo(client, path, {**body, field.name: OVER_LONG}, before)
        summary = error_summary(answered.content)
        if answered.status not in (200, 409) or not TOO_LONG.search(summary):
            yield f"POST {path}, {field.name} over-long: answered {answered.status}"
        elif answered.changed:
            yield f"POST {path}, {field.name} over-long: changed {sorted(answered.changed)}"


@pytest.mark.parametrize("state", SAVING_STATES, ids=str)
def test_an_over_long_answer_in_any_free_text_field_is_refused(
    state: State,
    scheme: Scheme,
    personas: dict[str, User | None],
    client_for: Callable[[User | None], Client],
) -> None:
    problems = check_saving_forms(state, scheme, personas, client_for, check_lengths)
    assert not problems, "Over-long answers accepted:\n" + "\n".join(problems)


def test_the_services_refuse_over_long_text_too(scheme: Scheme, coordinator: User) -> None:
    """A caller that skips the form (a task, the shell) meets the same limits."""
    with pytest.raises(
        ValidationError, match="What needs to be done must be 2,200 characters or fewer"
    ):
        action_create(
            scheme=scheme,
            by=coordinator,
            description=OVER_LONG,
            owner=coordinator,
            due_date=scheme.created_at.date(),
        )
    with pytest.raises(ValidationError, match="Purpose must be 2,000 characters or fewer"):
        scheme_update(
            scheme=scheme, by=coordinator, expected_version=scheme.version, purpose=OVER_LONG
        )
    with pytest.raises(ValidationError, match="The reason must be 2,000 characters or fewer"):
        scheme_transition(
            scheme=scheme, to_status=SchemeStatus.CLOSED, by=coordinator, reason=OVER_LONG
        )


# --- junk in every field ----------------------------------------------------------------

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

# Query parameters that no form has a field for: the pages' links send them.
LINK_PARAMETERS = ["page"]


def junk_routes() -> list[str]:
    return [r for r in all_routes() if not r.startswith("admin/") and r != "sign-out/"]


def rendered_field_names(clients: list[Client], ids: Ids, awaiting: Scheme) -> list[str]:
    """Every field of every form the pages show these users, GET forms included; and
    the governor's decision, which only a plan awaiting approval shows."""
    names: set[str] = set(LINK_PARAMETERS)
    for client in clients:
        for route in junk_routes():
            for path_ids in (ids, {**ids, "pk": awaiting.pk}):
                response = client.get(concrete_path(route, path_ids))
                # A download (the activity log, the evaluation pack's CSV, XLSX or PDF)
                # holds no form.
                if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                    names |= {field.name for field in form_fields(response.content.decode())}
    return sorted(names)


def test_no_page_answers_a_server_error_to_junk_input(
    form_ids: Ids,
    scheme: Scheme,
    coordinator: User,
    governor: User,
    client_for: Callable[[User | None], Client],
) -> None:
    awaiting = SchemeFactory(prison=scheme.prison, name="Insiders")
    complete_plan(awaiting, approval=PlanApproval.SUBMITTED)
    clients = [client_for(user) for user in (coordinator, governor)]
    fields = rendered_field_names(clients, form_ids, awaiting)
    assert {"version", "held_on_0", "deadline_2", "decision", "show"} <= set(fields)
    errors = []
    for client in clients:
        client.raise_request_exception = False
        for route in junk_routes():
            path = concrete_path(route, form_ids)
            for junk in JUNK:
                data = dict.fromkeys(fields, junk)
                for response in (client.post(path, data), client.get(path, data)):
                    if response.status_code >= 500:
                        errors.append(f"{response.request['REQUEST_METHOD']} {path} {junk[:20]!r}")
    assert not errors, "Server errors:\n" + "\n".join(errors)
