"""`make run` (bin/run-embedded, DEBUG on): the address it prints, with PORT, and the
service's own 404 page, not Django's debug page that lists every URL pattern."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from pytest_django.asserts import assertTemplateUsed

from accounts.models import User
from tests.test_deployment import BASE_DIR

DEBUG_PAGE = "Using the URLconf defined in"


@pytest.fixture
def debug_on(settings: Any) -> Any:
    settings.DEBUG = True
    settings.DEBUG_404 = False
    return settings


def test_with_debug_on_an_unknown_address_shows_the_services_404_page(
    debug_on: Any, db: None
) -> None:
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    assertTemplateUsed(response, "errors/404.html")
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in page
    assert DEBUG_PAGE not in page
    assert "schemes/&lt;int:pk&gt;/" not in page


def test_with_debug_on_a_record_that_is_not_there_shows_the_services_404_page(
    debug_on: Any, coordinator: User
) -> None:
    client = Client()
    client.force_login(coordinator)

    response = client.get("/schemes/999999/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Raised by:" not in response.content.decode()


def test_a_developer_can_ask_for_djangos_debug_404_page(debug_on: Any, db: None) -> None:
    debug_on.DEBUG_404 = True

    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    assert DEBUG_PAGE in response.content.decode()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_make_run_serves_on_port_and_says_so(tmp_path: Path) -> None:
    port = free_port()
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env.update(PORT=str(port), VAR_DIR=str(tmp_path / "var"))
    run = subprocess.Popen(
        ["bin/run-embedded"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output: list[str] = []
    try:
        assert run.stdout is not None
        deadline = time.monotonic() + 120
        for line in run.stdout:
            output.append(line)
            if f"http://127.0.0.1:{port}" in line or time.monotonic() > deadline:
                break
        announced = output[-1] if output else ""
        page = not_found(port, deadline)
    finally:
        os.killpg(run.pid, signal.SIGTERM)
        try:
            run.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()

    assert f"http://127.0.0.1:{port}" in announced, "".join(output)
    assert "PORT" in announced
    assert "Page not found" in page
    assert DEBUG_PAGE not in page


def not_found(port: int, deadline: float) -> str:
    """The page the embedded server answers for an address that does not exist."""
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/no-such-page/", timeout=5)
        except urllib.error.HTTPError as error:
            status, page = error.code, error.read().decode()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
        else:
            raise AssertionError("/no-such-page/ answered 200")
    assert status == 404
    return page
