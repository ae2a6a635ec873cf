"""Sign-in lockout (django-axes): 5 wrong passwords in 15 minutes and the username, or
the address they came from, must wait 15 minutes, on /sign-in/ and /admin/login/.

The pages never tell whether an account exists: an unknown username is locked out
exactly like a real one. Runs on SQLite and, in CI's second pass, PostgreSQL.
"""

from __future__ import annotations

import io
import logging
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from pytest_django.asserts import assertTemplateUsed

from accounts.models import User
from tests.factories import PASSWORD
from tests.test_deployment import BASE_DIR, production_environment

if TYPE_CHECKING:
    # What the test client returns (django-stubs' name for it).
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

LIMIT = 5
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TOO_MANY = "There have been too many attempts to sign in"


def sign_in(
    username: str,
    password: str,
    *,
    path: str = "/sign-in/",
    address: str = "192.0.2.10",
) -> Response:
    return Client(REMOTE_ADDR=address).post(path, {"username": username, "password": password})


def fail(times: int, username: str, **kwargs: str) -> list[Response]:
    return [sign_in(username, "not-the-password", **kwargs) for _ in range(times)]


def signed_in(response: Response) -> bool:
    return response.status_code == 302


# --- The lockout -----------------------------------------------------------------------


def test_four_wrong_passwords_then_the_right_one_signs_in(coordinator: User) -> None:
    for response in fail(LIMIT - 1, "coordinator"):
        assert response.status_code == 200
        assert "Enter a correct username and password" in response.content.decode()

    assert signed_in(sign_in("coordinator", PASSWORD))


def test_five_wrong_passwords_lock_the_username_even_with_the_right_password(
    coordinator: User,
) -> None:
    with time_machine.travel(START, tick=False):
        *_, fifth = fail(LIMIT, "coordinator")
        right_password = sign_in("coordinator", PASSWORD, address="198.51.100.7")

    for response in (fifth, right_password):
        assert response.status_code == 429
        assertTemplateUsed(response, "accounts/locked_out.html")
        page = response.content.decode()
        assert f'<h1 class="govuk-heading-l">{TOO_MANY}</h1>' in page
        assert "Wait 15 minutes, then try again." in page


def test_the_lock_lifts_after_15_minutes(coordinator: User) -> None:
    with time_machine.travel(START, tick=False) as clock:
        fail(LIMIT, "coordinator")
        clock.shift(timedelta(minutes=14, seconds=59))
        still_locked = sign_in("coordinator", PASSWORD)
        clock.shift(timedelta(seconds=2))
        unlocked = sign_in("coordinator", PASSWORD)

    assert still_locked.status_code == 429
    assert signed_in(unlocked)


def test_failures_more_than_15_minutes_apart_do_not_add_up(coordinator: User) -> None:
    with time_machine.travel(START, tick=False) as clock:
        fail(LIMIT - 1, "coordinator")
        clock.shift(timedelta(minutes=16))
        fail(1, "coordinator")
        response = sign_in("coordinator", PASSWORD)

    assert signed_in(response)


def test_one_address_failing_for_many_usernames_is_locked_out(
    coordinator: User, staff: User
) -> None:
    for username in ("alice", "bob", "carol", "dave", "erin"):
        fail(1, username, address="203.0.113.5")

    from_that_address = sign_in("staff", PASSWORD, address="203.0.113.5")
    from_elsewhere = sign_in("staff", PASSWORD, address="198.51.100.7")

    assert from_that_address.status_code == 429
    assert signed_in(from_elsewhere)


def test_the_admin_sign_in_is_locked_out_too(admin_user: User) -> None:
    *_, fifth = fail(LIMIT, "admin", path="/admin/login/")
    right_password = sign_in("admin", PASSWORD, path="/admin/login/")
    on_the_service_sign_in = sign_in("admin", PASSWORD)

    for response in (fifth, right_password, on_the_service_sign_in):
        assert response.status_code == 429
        assert TOO_MANY in response.content.decode()


def test_a_successful_sign_in_clears_the_usernames_earlier_failures(coordinator: User) -> None:
    fail(LIMIT - 1, "coordinator")
    assert signed_in(sign_in("coordinator", PASSWORD))

    fail(LIMIT - 1, "coordinator")

    assert signed_in(sign_in("coordinator", PASSWORD))


def test_behind_the_proxy_each_visitor_is_known_by_the_address_the_proxy_saw(
    coordinator: User, settings: Any
) -> None:
    # Every request reaches the app from the proxy's address; the proxy appends the
    # visitor's to X-Forwarded-For. Without this, 5 failures anywhere locked out everyone.
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"

    def through_proxy(visitor: str, username: str, password: str) -> Response:
        client = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {visitor}")
        return client.post("/sign-in/", {"username": username, "password": password})

    for username in ("alice", "bob", "carol", "dave", "erin"):
        through_proxy("203.0.113.5", username, "not-the-password")

    assert through_proxy("203.0.113.5", "coordinator", PASSWORD).status_code == 429
    assert signed_in(through_proxy("198.51.100.7", "coordinator", PASSWORD))
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}


# --- Nothing is disclosed --------------------------------------------------------------


def what_the_user_sees(response: Response, username: str) -> str:
    """The page's main content, without what differs on every response anyway."""
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)
    return main.replace(username, "USERNAME")


def test_an_unknown_username_is_locked_out_exactly_like_a_real_one(coordinator: User) -> None:
    real = fail(LIMIT + 1, "coordinator", address="192.0.2.1")
    unknown = fail(LIMIT + 1, "nobody-by-this-name", address="192.0.2.2")

    assert [r.status_code for r in real] == [200, 200, 200, 200, 429, 429]
    for real_response, unknown_response in zip(real, unknown, strict=True):
        assert real_response.status_code == unknown_response.status_code
        assert what_the_user_sees(real_response, "coordinator") == what_the_user_sees(
            unknown_response, "nobody-by-this-name"
        )


def test_the_locked_out_page_does_not_say_an_account_exists(coordinator: User) -> None:
    *_, locked = fail(LIMIT, "coordinator")

    page = locked.content.decode().lower()
    assert "account" not in page.split("<main")[1]
    assert "coordinator" not in page


# --- Logged, and an administrator can unlock -------------------------------------------


def test_failures_and_lockouts_are_logged(
    coordinator: User, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="accounts.sign_in"):
        fail(LIMIT, "coordinator", address="192.0.2.44")
        sign_in("coordinator", PASSWORD, address="192.0.2.44")

    records = [r for r in caplog.records if r.name == "accounts.sign_in"]
    failures = [r.getMessage() for r in records if "failed" in r.getMessage()]
    lockouts = [r.getMessage() for r in records if "locked out" in r.getMessage()]
    assert len(failures) == LIMIT
    assert failures[0] == "Sign-in failed for username 'coordinator' from 192.0.2.44"
    assert lockouts[0] == (
        "Sign-in locked out for username 'coordinator' from 192.0.2.44 "
        "(5 failures in 15 minutes); it is refused for 15 minutes"
    )
    assert all(r.levelno == logging.WARNING for r in records)
    assert PASSWORD not in caplog.text
    assert "not-the-password" not in caplog.text


def test_an_administrator_unlocks_a_username_with_the_management_command(
    coordinator: User,
) -> None:
    fail(LIMIT, "coordinator")
    assert sign_in("coordinator", PASSWORD).status_code == 429

    call_command("axes_reset_username", "coordinator", stdout=io.StringIO())

    assert signed_in(sign_in("coordinator", PASSWORD))


def test_an_administrator_unlocks_a_username_in_the_admin(
    coordinator: User, admin_user: User
) -> None:
    fail(LIMIT, "coordinator")
    admin = Client()
    admin.force_login(admin_user)
    attempts = admin.get("/admin/axes/accessattempt/")
    assert attempts.status_code == 200
    assert "coordinator" in attempts.content.decode()

    admin.post(
        "/admin/axes/accessattempt/",
        {
            "action": "delete_selected",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )

    assert not AccessAttempt.objects.exists()
    assert signed_in(sign_in("coordinator", PASSWORD))


# --- Configuration ---------------------------------------------------------------------


def test_the_limits_come_from_the_environment() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME,"
        " settings.AXES_LOCKOUT_PARAMETERS)"
    )
    env = production_environment(
        SIGN_IN_FAILURE_LIMIT="3", SIGN_IN_LOCKOUT_MINUTES="60", SIGN_IN_LOCKOUT_BY_ADDRESS="false"
    )

    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "3 1:00:00 ['username']"


def test_by_default_five_failures_lock_a_username_or_an_address_for_15_minutes() -> None:
    from django.conf import settings

    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
