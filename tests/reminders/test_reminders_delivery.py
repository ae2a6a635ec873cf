"""How emails leave: GOV.UK Notify with the email's reference, the embedded outbox, and
the settings that choose between them and set the daily time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.mail import EmailMessage

from reminders.mail import NotifyBackend, OutboxBackend
from tests.test_deployment import production_environment
from tests.test_settings_fail_fast import start

# Settings and the mail adapters: the same on either database and broker.
pytestmark = pytest.mark.once


class NotifyRecorder:
    """Stands in for GOV.UK Notify's API: records what the backend asks of it."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def send_email_notification(self, **kwargs: Any) -> dict[str, Any]:
        self.sent.append(kwargs)
        return {"id": "notification-1", "reference": kwargs["reference"]}

    def get_all_notifications(self, **kwargs: Any) -> dict[str, Any]:
        found = [n for n in self.sent if n["reference"] == kwargs.get("reference")]
        return {"notifications": found}


def test_notify_gets_the_subject_body_and_the_emails_reference(monkeypatch: Any) -> None:
    notify = NotifyRecorder()
    backend = NotifyBackend(api_key="key", template_id="template-1")
    monkeypatch.setattr(backend, "client", lambda: notify)
    message = EmailMessage(
        subject="1 thing to do in Peer Support Planner",
        body="Hello Jo,",
        to=["jo@example.justice.gov.uk"],
        headers={"X-Reference": "peersupport-email-7"},
    )
    assert not backend.already_sent("peersupport-email-7")
    assert backend.send_messages([message]) == 1
    assert notify.sent == [
        {
            "email_address": "jo@example.justice.gov.uk",
            "template_id": "template-1",
            "personalisation": {
                "subject": "1 thing to do in Peer Support Planner",
                "body": "Hello Jo,",
            },
            "reference": "peersupport-email-7",
        }
    ]
    assert backend.already_sent("peersupport-email-7")


def test_the_outbox_keeps_one_file_an_email_named_by_its_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backend = OutboxBackend(folder=tmp_path)
    message = EmailMessage(
        subject="Hello",
        body="Hello Jo,",
        to=["jo@example.justice.gov.uk"],
        headers={"X-Reference": "peersupport-email-3"},
    )
    backend.send_messages([message, message])  # sent twice: two files, never one
    files = sorted(path.name for path in tmp_path.glob("*.eml"))
    assert len(files) == 2
    assert all(name.startswith("peersupport-email-3-") for name in files)
    assert backend.already_sent("peersupport-email-3")
    assert not backend.already_sent("peersupport-email-30")
    assert "Hello Jo," in capsys.readouterr().out  # and on the console


@pytest.mark.parametrize("value", ["7am", "25:00", "07:60"])
def test_a_daily_time_that_is_not_a_time_stops_start_up(value: str) -> None:
    result = start(production_environment(REMINDERS_DAILY_AT=value))
    assert result.returncode != 0
    assert "REMINDERS_DAILY_AT must be a time such as 07:00" in result.stderr


def test_notify_without_a_template_stops_start_up() -> None:
    result = start(production_environment(NOTIFY_API_KEY="key-1"))
    assert result.returncode != 0
    assert "NOTIFY_TEMPLATE_ID must be set with NOTIFY_API_KEY" in result.stderr


def test_production_with_notify_sends_through_notify_and_beat_uses_redbeat() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.MAILERS['default']['BACKEND']); print(settings.CELERY_BEAT_SCHEDULER)"
    )
    result = start(
        production_environment(NOTIFY_API_KEY="key-1", NOTIFY_TEMPLATE_ID="template-1"), code
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["reminders.mail.NotifyBackend", "redbeat.RedBeatScheduler"]
