"""What reminders does when ``schemes.signals.happened`` is sent: nothing but queue a
task, after the sender's transaction commits (a rolled-back submission tells nobody)."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Any

from django.db import transaction

from schemes.signals import Happening


def on_happened(sender: Any, happening: Happening, **kwargs: Any) -> None:
    from .tasks import tell

    # The token makes this happening's emails unique: a retried task claims no more.
    token = uuid.uuid4().hex
    # robust: a broker that cannot be reached is logged, and must not turn the user's
    # committed change into an error page (the catch-up refreshes the lists later).
    transaction.on_commit(lambda: tell.delay(asdict(happening), token), robust=True)
