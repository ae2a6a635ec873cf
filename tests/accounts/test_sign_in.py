"""Signing in, out and changing a password."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from accounts.models import User
from tests.factories import PASSWORD


def test_a_user_signs_in_and_lands_on_their_schemes(coordinator: User) -> None:
    client = Client()
    response = client.post(
        "/sign-in/", {"username": "coordinator", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1] == ("/schemes/", 302)


def test_a_wrong_password_and_an_unknown_user_get_the_same_message(coordinator: User) -> None:
    wrong_password = Client().post("/sign-in/", {"username": "coordinator", "password": "nope"})
    unknown_user = Client().post("/sign-in/", {"username": "nobody", "password": "nope"})
    for response in (wrong_password, unknown_user):
        assert response.status_code == 200
        html = response.content.decode()
        assert "There is a problem" in html
        assert "Enter a correct username and password" in html


def test_a_deactivated_account_is_not_disclosed(coordinator: User) -> None:
    coordinator.is_active = False
    coordinator.save()
    response = Client().post("/sign-in/", {"username": "coordinator", "password": PASSWORD})
    assert "Enter a correct username and password" in response.content.decode()


def test_empty_sign_in_asks_for_both_fields() -> None:
    html = Client().post("/sign-in/", {}).content.decode()
    assert "Enter your username" in html
    assert "Enter your password" in html


def test_sign_out_is_a_post_and_ends_the_session(
    coordinator: User, client_for: Callable[[User | None], Client]
) -> None:
    client = client_for(coordinator)
    assert client.get("/sign-out/").status_code == 405
    assert client.post("/sign-out/").status_code == 302
    assert client.get("/schemes/").status_code == 302


def test_a_user_changes_their_password_with_djangos_validators(
    coordinator: User, client_for: Callable[[User | None], Client]
) -> None:
    client = client_for(coordinator)
    weak = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert weak.status_code == 200
    assert "There is a problem" in weak.content.decode()
    new = "a-much-longer-pass-phrase"
    done = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        follow=True,
    )
    assert b"Your password has been changed" in done.content
    coordinator.refresh_from_db()
    assert coordinator.check_password(new)
