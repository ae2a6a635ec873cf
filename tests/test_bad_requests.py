"""Requests a tampered form or a probe sends get a GOV.UK answer, never a server error.

A date part too big for the machine (``due_date_0=9999999999999999999``) is a date that
is not real, said by the date field itself; a form body in a charset Django refuses is a
400 page in the service's style. (HEAD requests: tests/test_head_requests.py.)
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from pytest_django.asserts import assertTemplateUsed

from accounts.models import User
from peersupport.forms import GovukDateField
from tests.schemes.matrix_rows import Ids
from tests.test_permission_matrix import all_routes, concrete_path

BEYOND_64_BITS = "9999999999999999999"
# The date fields of the action, review meeting and SMART objective forms.
DATE_FIELDS = ("due_date", "held_on", "deadline")


@pytest.mark.parametrize(
    "parts",
    [
        [BEYOND_64_BITS, "3", "2027"],
        ["27", BEYOND_64_BITS, "2027"],
        [BEYOND_64_BITS, BEYOND_64_BITS, "2027"],
        ["9" * 400, "3", "2027"],
    ],
    ids=["day", "month", "day-and-month", "400-digit-day"],
)
def test_a_date_part_too_big_for_the_machine_is_not_a_real_date(parts: list[str]) -> None:
    field = GovukDateField(noun="the due date")

    with pytest.raises(ValidationError, match="The due date must be a real date"):
        field.clean(parts)


def test_no_form_answers_a_server_error_to_a_date_part_beyond_64_bits(
    form_ids: Ids,
    coordinator: User,
    client_for: Callable[[User | None], Client],
) -> None:
    client = client_for(coordinator)
    client.raise_request_exception = False
    data = {"description": "Book the training room", "version": "1"}
    for name in DATE_FIELDS:
        data |= {f"{name}_0": BEYOND_64_BITS, f"{name}_1": "3", f"{name}_2": "2027"}
    errors = []
    answered_with_the_message = 0
    for route in all_routes():
        if route.startswith("admin/") or route == "sign-out/":
            continue
        path = concrete_path(route, form_ids)
        response = client.post(path, data)
        if response.status_code >= 500:
            errors.append(f"POST {path}: {response.status_code}")
        elif "must be a real date" in response.content.decode():
            answered_with_the_message += 1
    assert not errors, "Server errors:\n" + "\n".join(errors)
    # At least the forms for adding an action and a review meeting, and a SMART objective.
    assert answered_with_the_message >= 3


FORM_IN_UTF_16 = "application/x-www-form-urlencoded; charset=utf-16"


@pytest.mark.parametrize("path", ["/sign-in/", "/admin/login/", "/schemes/new/"])
def test_a_form_body_in_utf_16_gets_the_govuk_bad_request_page(path: str, db: None) -> None:
    # As a browser would send it: with the CSRF cookie, so that the CSRF check reads the
    # body, and Django refuses the charset (it accepts only UTF-8 for this content type).
    client = Client(enforce_csrf_checks=True)
    client.raise_request_exception = False
    client.get("/sign-in/")

    response = client.post(path, "username=coordinator", content_type=FORM_IN_UTF_16)

    assert response.status_code == 400
    assertTemplateUsed(response, "errors/400.html")
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Sorry, your request could not be read</h1>' in page


def test_a_signed_in_users_form_body_in_utf_16_gets_the_bad_request_page(
    coordinator: User,
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.raise_request_exception = False
    client.force_login(coordinator)
    client.get("/schemes/new/")

    response = client.post("/schemes/new/", "name=Listeners", content_type=FORM_IN_UTF_16)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Sorry, your request could not be read" in page
    # The page still carries the header's sign-out form, with its CSRF token.
    assert 'name="csrfmiddlewaretoken"' in page


def test_a_request_for_another_host_gets_the_bad_request_page(db: None) -> None:
    client = Client(HTTP_HOST="evil.example.com")
    client.raise_request_exception = False

    response = client.get("/sign-in/")

    assert response.status_code == 400
    assert "Sorry, your request could not be read" in response.content.decode()
