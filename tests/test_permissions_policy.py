"""Every response turns off the browser features the service never uses."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User

NEVER_USED = ("camera", "microphone", "geolocation", "payment", "usb", "serial", "hid", "midi")


def policy(header: str) -> dict[str, str]:
    return dict(part.strip().split("=", 1) for part in header.split(","))


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/sign-in/", 200),
        ("/schemes/", 302),
        ("/no-such-page/", 404),
        ("/healthz/", 200),
        ("/assets/css/app.css", 200),
        ("/admin/login/", 200),
    ],
)
def test_every_response_turns_off_what_the_service_never_uses(
    path: str, status: int, db: None
) -> None:
    response = Client().get(path)

    assert response.status_code == status
    features = policy(response["Permissions-Policy"])
    for feature in NEVER_USED:
        assert features[feature] == "()", f"{feature} is not turned off on {path}"
    assert set(features.values()) == {"()"}


def test_signed_in_pages_carry_it_too(coordinator: User) -> None:
    client = Client()
    client.force_login(coordinator)

    response = client.get("/schemes/")

    assert response.status_code == 200
    assert "camera=()" in response["Permissions-Policy"]
