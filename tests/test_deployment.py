"""Deployment: what an operator and a security reviewer rely on when the service goes live.

The container files (docker-compose.yml, .env.example), production's settings checked
the way Django checks them, the security headers and cookies a signed-in user gets,
idle sessions, the demo loader's refusal to touch production, the health check and the
error pages. Settings under pytest are production's (tests/environment.py) except for
plain HTTP and static files served without collectstatic; the subprocess tests start
Django with a production container's environment instead.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.http import HttpResponseBase
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings
from pytest_django.asserts import assertTemplateUsed
from ruamel.yaml import YAML

from accounts.models import Prison, User
from monitoring.feedback.models import FeedbackRound
from monitoring.models import ActivityEntry, ActivityMonth, DebriefDue, RiskEntry
from monitoring.models_returns import Evaluation, MonthlyReturn
from peersupport import views
from recruitment.implementation import health_many
from recruitment.models import ContingencyPlan, Placement, Prisoner
from schemes.models import Scheme
from tests.factories import PASSWORD

BASE_DIR = Path(__file__).resolve().parent.parent
BIN_DIR = Path(sys.executable).parent
PRODUCTION_HOST = "peer-support.example.gov.uk"
ONE_YEAR = 365 * 24 * 60 * 60
DEMO_USERNAMES = ("coordinator", "staff", "governor", "analyst", "outsider", "admin")

# Container files, settings, headers and cookies: nothing here depends on the database
# or broker in use, so it runs once, in the SQLite pass (docs/development.md).
pytestmark = pytest.mark.once


def production_environment(**overrides: str) -> dict[str, str]:
    """The environment of a production container, as docker-compose.yml gives it.

    Built from nothing rather than from this process's environment, which carries the
    tests' relaxations (tests/environment.py: plain HTTP, static files without
    collectstatic, async-unsafe ORM access) that a production container never has.
    """
    env = {
        name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TMPDIR") if name in os.environ
    }
    env.update(
        DJANGO_SETTINGS_MODULE="peersupport.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=PRODUCTION_HOST,
        DATABASE_URL="postgres://peersupport:not-used@db:5432/peersupport",
        REDIS_URL="redis://redis:6379/0",
        EMAIL_HOST="smtp.example.gov.uk",
    )
    env.update(overrides)
    return env


def run(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def load_compose() -> dict[str, Any]:
    compose: dict[str, Any] = YAML(typ="safe").load(BASE_DIR / "docker-compose.yml")
    return compose


def env_example() -> dict[str, str]:
    text = (BASE_DIR / ".env.example").read_text()
    return dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", text, flags=re.MULTILINE))


def sign_in(client: Client, user: User) -> HttpResponseBase:
    """Sign in through the sign-in form, as a person would."""
    client.get(reverse("accounts:sign-in"), secure=True)
    response = client.post(
        reverse("accounts:sign-in"),
        {"username": user.username, "password": PASSWORD},
        secure=True,
    )
    assert response.status_code == 302, "the sign-in form did not accept the user"
    return response


# --- The container files -------------------------------------------------------------


def test_compose_file_follows_the_compose_specification() -> None:
    result = run(
        str(BIN_DIR / "check-jsonschema"),
        "--builtin-schema",
        "vendor.compose-spec",
        "docker-compose.yml",
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_starts_each_process_only_once_what_it_needs_is_healthy() -> None:
    services = load_compose()["services"]

    assert {"web", "worker", "beat", "db", "redis"} <= services.keys()
    for name in ("web", "worker", "db", "redis"):
        assert services[name]["healthcheck"]["test"], f"{name} has no health check"
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert services["redis"]["healthcheck"]["test"][-2:] == ["redis-cli", "ping"]
    assert "/healthz/" in " ".join(services["web"]["healthcheck"]["test"])

    migrated = {"condition": "service_completed_successfully"}
    healthy = {"condition": "service_healthy"}
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert services["migrate"]["depends_on"] == {"db": healthy}
    for name in ("web", "worker"):
        assert services[name]["depends_on"] == {
            "migrate": migrated,
            "db": healthy,
            "redis": healthy,
        }
    assert services["beat"]["depends_on"] == {"redis": healthy}
    assert services["beat"]["command"][:4] == ["celery", "-A", "peersupport", "beat"]
    # A path inside the beat container: its schedule state is disposable.
    assert "/tmp/celerybeat-schedule" in services["beat"]["command"]  # noqa: S108


def test_compose_gives_every_app_process_the_env_file_and_its_own_services() -> None:
    services = load_compose()["services"]

    for name in ("migrate", "web", "worker", "beat"):
        assert services[name]["env_file"] == ".env"
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://peersupport:")
        assert environment["DATABASE_URL"].endswith("@db:5432/peersupport")
        assert environment["REDIS_URL"] == "redis://redis:6379/0"


def test_env_example_documents_every_variable_the_app_and_compose_read() -> None:
    settings_source = (BASE_DIR / "peersupport" / "settings.py").read_text()
    read_by_settings = set(
        re.findall(
            r"(?:environ\.get|env_bool|env_int|env_list)\(\s*\"([A-Z][A-Z0-9_]*)\"", settings_source
        )
    )
    compose_source = (BASE_DIR / "docker-compose.yml").read_text()
    read_by_compose = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", compose_source))
    lines = (BASE_DIR / ".env.example").read_text().splitlines()

    assert {"SECRET_KEY", "DATABASE_URL", "DEMO_PASSWORD"} <= read_by_settings
    assert (read_by_settings | read_by_compose) - env_example().keys() == set()
    for number, line in enumerate(lines):
        if re.match(r"[A-Z][A-Z0-9_]*=", line):
            assert lines[number - 1].startswith("#"), f"no comment explains {line!r}"


def test_an_unedited_copy_of_env_example_cannot_run_production() -> None:
    example = env_example()

    assert example["DEBUG"] == "false"
    assert example["SECRET_KEY"] == "", "a placeholder key would let production start"
    assert example["POSTGRES_PASSWORD"] == "", "compose refuses a blank POSTGRES_PASSWORD"
    assert example["SECURE_SSL_REDIRECT"] == "true"
    assert int(example["SECURE_HSTS_SECONDS"]) >= ONE_YEAR

    result = run(
        sys.executable, "-c", "import django; django.setup()", env=production_environment(**example)
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


# --- Production settings -------------------------------------------------------------


def test_production_settings_pass_djangos_deploy_checks() -> None:
    result = run(
        sys.executable,
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_environment(),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("secret_key", [None, ""], ids=["unset", "blank"])
def test_production_refuses_to_start_without_a_secret_key(secret_key: str | None) -> None:
    env = production_environment()
    if secret_key is None:
        del env["SECRET_KEY"]
    else:
        env["SECRET_KEY"] = secret_key

    result = run(sys.executable, "-c", "import django; django.setup()", env=env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_static_files_collect_for_production(tmp_path: Path) -> None:
    # As the Dockerfile does at build time: DEBUG off selects the hashed, compressed
    # manifest storage, which fails on any stylesheet that refers to a missing file.
    static_root = tmp_path / "staticfiles"

    result = run(
        sys.executable,
        "manage.py",
        "collectstatic",
        "--noinput",
        env=production_environment(STATIC_ROOT=str(static_root)),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    manifest = (static_root / "staticfiles.json").read_text()
    for used_by_every_page in (
        "govuk/govuk-frontend.min.css",
        "moj/moj-frontend.min.css",
        "css/app.css",
        "js/app.mjs",
        "fonts/",
    ):
        assert f'"{used_by_every_page}' in manifest


def test_the_web_health_check_passes_against_production_settings(tmp_path: Path) -> None:
    # Runs compose's own web command and health check against gunicorn with production's
    # settings: the check must get past the HTTPS redirect and ALLOWED_HOSTS.
    web = load_compose()["services"]["web"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(BIN_DIR / "gunicorn") if part == "gunicorn" else part for part in web["command"]]
    command[command.index("0.0.0.0:8000")] = f"127.0.0.1:{port}"
    health_check = web["healthcheck"]["test"][-1].replace("127.0.0.1:8000", f"127.0.0.1:{port}")
    env = production_environment(
        VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        HOME=str(tmp_path),
    )

    server = subprocess.Popen(
        command, cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert server.poll() is None, server.communicate()[1].decode()
            with socket.socket() as attempt:
                if attempt.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        result = run(sys.executable, "-c", health_check, env=env, timeout=30)
        wrong_host = run(
            sys.executable, "-c", health_check, env={**env, "ALLOWED_HOSTS": "evil.example.com"}
        )
    finally:
        server.terminate()
        server.communicate(timeout=20)

    assert result.returncode == 0, result.stderr
    assert wrong_host.returncode != 0, "the check must fail when Django refuses the host"


# --- Security headers and cookies ----------------------------------------------------


def test_signed_in_pages_carry_the_security_headers(coordinator: User) -> None:
    client = Client()
    sign_in(client, coordinator)

    response = client.get(reverse("schemes:list"), secure=True)

    assert response.status_code == 200
    hsts = response["Strict-Transport-Security"]
    max_age = re.search(r"max-age=(\d+)", hsts)
    assert max_age is not None
    assert int(max_age.group(1)) >= ONE_YEAR
    assert "includeSubDomains" in hsts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    # Prison terminals are shared: the next person must not find this page in the cache.
    assert "no-store" in response["Cache-Control"]


def test_only_inline_scripts_carrying_the_pages_nonce_may_run(coordinator: User) -> None:
    client = Client()
    sign_in(client, coordinator)

    response = client.get(reverse("schemes:list"), secure=True)

    policy = {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    }
    assert policy["default-src"] == ["'self'"]
    nonces = [s for s in policy["script-src"] if s.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0].removeprefix("'nonce-").removesuffix("'")
    inline_scripts = [
        attributes
        for attributes in re.findall(r"<script\b([^>]*)>", response.content.decode())
        if "src=" not in attributes
    ]
    assert inline_scripts, "the GOV.UK template has an inline script"
    for attributes in inline_scripts:
        assert f'nonce="{nonce}"' in attributes
    # A fresh nonce for every response, or it protects nothing.
    again = client.get(reverse("schemes:list"), secure=True)
    assert nonce not in again["Content-Security-Policy"]


def test_session_and_csrf_cookies_are_host_only_secure_and_hidden_from_scripts(
    coordinator: User,
) -> None:
    client = Client()

    response = sign_in(client, coordinator)

    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        assert name.startswith("__Host-")
        cookie = response.cookies[name]
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        # Browsers accept a __Host- cookie only with Path=/ and no Domain.
        assert cookie["path"] == "/"
        assert cookie["domain"] == ""
        assert cookie["samesite"] == "Lax"


# --- Sessions ------------------------------------------------------------------------


def test_sessions_end_after_30_minutes_without_a_request() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # Pushed back at most once a minute by a middleware, so that reads stay reads.
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert "accounts.middleware.SessionIdleRefreshMiddleware" in settings.MIDDLEWARE
    # The database backend, where an expired session is refused by its expiry date.
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_a_user_idle_for_31_minutes_must_sign_in_again(coordinator: User) -> None:
    schemes = reverse("schemes:list")
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        client = Client()
        sign_in(client, coordinator)

        clock.shift(timedelta(minutes=20))
        assert client.get(schemes, secure=True).status_code == 200
        # Each request restarts the 30 minutes: 49 minutes in, but only 29 idle.
        clock.shift(timedelta(minutes=29))
        assert client.get(schemes, secure=True).status_code == 200

        clock.shift(timedelta(minutes=31))
        response = client.get(schemes, secure=True)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:sign-in')}?next={schemes}"


# --- The demo ------------------------------------------------------------------------


def test_the_demo_refuses_to_load_into_production(db: None) -> None:
    assert settings.DEBUG is False

    with pytest.raises(CommandError, match="only when DEBUG is on"):
        call_command("load_demo", stdout=io.StringIO())

    assert not User.objects.exists()


def test_the_demo_loads_the_same_records_however_often_it_runs(
    db: None, settings: Settings
) -> None:
    settings.DEBUG = True

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())

    assert set(Prison.objects.values_list("code", flat=True)) == {"LEI", "BLI"}
    assert set(User.objects.values_list("username", flat=True)) == set(DEMO_USERNAMES)
    assert Scheme.objects.count() == 4
    assert Scheme.objects.filter(prison__code="LEI").count() == 4
    # The recruiting Listener scheme's people, once however often the demo runs.
    recruiting = Scheme.objects.get(name="Listeners, houseblocks B to D")
    assert recruiting.status == "recruiting"
    assert Prisoner.objects.filter(prison=recruiting.prison).count() == 40
    assert Placement.objects.filter(scheme=recruiting).count() == 10
    assert ContingencyPlan.objects.filter(scheme=recruiting).count() == 1
    # The running Listener scheme: a year of everything the later phases record.
    running = Scheme.objects.get(name="Listeners, night service")
    assert running.status == "active"
    assert Placement.objects.filter(scheme=running, status="active").count() == 12
    entries = ActivityEntry.objects.filter(scheme=running).count()
    assert 52 * 20 <= entries <= 52 * 40
    assert sum(ActivityMonth.objects.filter(scheme=running).values_list("entries", flat=True)) == (
        entries
    )
    assert DebriefDue.objects.filter(scheme=running).count() == 1
    assert FeedbackRound.objects.filter(scheme=running).count() == 2
    assert list(
        MonthlyReturn.objects.filter(scheme=running)
        .order_by("month")
        .values_list("status", flat=True)
    ) == ["approved", "submitted"]
    assert Evaluation.objects.filter(scheme=running).count() == 1
    assert RiskEntry.objects.filter(scheme=recruiting, likelihood=4, impact=4).count() == 1
    health = {signal.reason for signal in health_many([running], timezone.localdate())[running.pk]}
    assert health == {
        "1 peer supporter overdue for supervision",
        "2 bands of cover short in the next 7 days",
    }
    for username in DEMO_USERNAMES:
        # With the request, as the sign-in form does: the lockout needs to know who asks.
        request = RequestFactory().post(reverse("accounts:sign-in"))
        user = authenticate(request, username=username, password=settings.DEMO_PASSWORD)
        assert user is not None, f"{username} cannot sign in with DEMO_PASSWORD"


# --- Health check and error pages ----------------------------------------------------


def test_the_load_balancer_health_check_answers_without_signing_in(
    client: Client, db: None
) -> None:
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}


def test_an_unknown_address_shows_the_govuk_page_not_found(client: Client, db: None) -> None:
    response = client.get("/no-such-page/", secure=True)

    assert response.status_code == 404
    assertTemplateUsed(response, "errors/404.html")
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in page


def test_the_error_page_shows_even_when_the_database_is_what_failed(
    rf: RequestFactory, db: None, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    request = rf.get("/schemes/", secure=True)

    with django_assert_num_queries(0):
        response = views.error_500(request)

    assert response.status_code == 500
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>' in page
