"""The audit trail and the access log.

- ``track(Model, ...)``: follow a model's every create, change and delete
  (``registry.py``); call it from the app's ``AppConfig.ready()``.
- ``acting_as(user)``: name who acts outside a request (a task, a command)
  (``actor.py``); in a request, ``AuditActorMiddleware`` does it.
- ``record_read(user, obj, what)``: log a read of a confidential record
  (``access_log.py``).

PostgreSQL writes the trail with triggers and keeps both tables append-only
(``postgres.py``); the embedded SQLite writes it from model signals (``signals.py``).
Sign-ins, sign-outs, failed sign-ins and lockouts are written by ``sign_in.py``.
"""

from .access_log import record_read
from .actor import acting_as
from .registry import track

__all__ = ["acting_as", "record_read", "track"]
