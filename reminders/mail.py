"""The mailers reminders can send through (Django 6.1's ``MAILERS``).

- ``OutboxBackend``, the embedded default: each email to the console and to a file of
  its own in a folder (``var/outbox/``), named after its reference, so a person running
  `make run` can read what would have been sent.
- ``NotifyBackend``: GOV.UK Notify, with the email's reference as Notify's
  ``reference``, so a retried send can ask Notify whether it already has it.
- SMTP is Django's own backend (settings).

Each may offer ``already_sent(reference)``; ``reminders.services.email_send`` asks it
before sending again an email whose first attempt may have got through.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

REFERENCE_HEADER = "X-Reference"


def reference_of(message: EmailMessage) -> str:
    return str(message.extra_headers.get(REFERENCE_HEADER, "")) or f"unreferenced-{uuid.uuid4()}"


class OutboxBackend(BaseEmailBackend):
    """Writes each email to the console and to ``<folder>/<reference>-<unique>.eml``.

    One file per email sent (never overwritten), so what was sent twice shows twice.
    """

    def __init__(
        self, *, folder: str | Path, console: bool = True, pause: float = 0.0, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.folder = Path(folder)
        self.console = console
        # Seconds each email takes, as a slow mail service would (the real-stack test
        # uses it to stop a worker in the middle of a run).
        self.pause = pause

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            time.sleep(self.pause)
            content = message.message().as_bytes()
            name = f"{reference_of(message)}-{uuid.uuid4().hex[:12]}.eml"
            temporary = self.folder / f".{name}.part"
            temporary.write_bytes(content)
            temporary.rename(self.folder / name)  # whole files only, for whoever reads
            if self.console:
                sys.stdout.write(content.decode(errors="replace") + "\n" + "-" * 79 + "\n")
                sys.stdout.flush()
        return len(email_messages)

    def already_sent(self, reference: str) -> bool:
        return any(self.folder.glob(f"{reference}-*.eml"))


class NotifyBackend(BaseEmailBackend):
    """GOV.UK Notify (notifications-python-client): one template whose subject and body
    are the personalisation fields ``subject`` and ``body``."""

    def __init__(self, *, api_key: str, template_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.api_key = api_key
        self.template_id = template_id

    def client(self) -> Any:
        from notifications_python_client.notifications import NotificationsAPIClient

        return NotificationsAPIClient(self.api_key)  # type: ignore[no-untyped-call]

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        client = self.client()
        for message in email_messages:
            for address in message.to:
                client.send_email_notification(
                    email_address=address,
                    template_id=self.template_id,
                    personalisation={"subject": message.subject, "body": message.body},
                    reference=reference_of(message),
                )
        return len(email_messages)

    def already_sent(self, reference: str) -> bool:
        found = self.client().get_all_notifications(template_type="email", reference=reference)
        return bool(found.get("notifications"))
