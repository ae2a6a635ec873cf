"""The audit trail and the access log.

- ``track(Model, ...)``: follow a model's every create, change and delete
  (``registry.py``); call it from the app's ``AppConfig.ready()``.
- ``acting_as(user)``: name who acts outside a request (a task, a command)
  (``actor.py``); in a request, ``AuditActorMiddleware`` does it.
- ``record_read(user, obj, what)``: log a read of a confidential record
  (``access_log.py``).

Database triggers write the trail, so bulk updates are caught too: PostgreSQL's
(``postgres.py``), which also keep both tables append-only, and the embedded SQLite's
(``sqlite.py``), which write the same rows; ``database.py`` installs them after every
migrate.
Sign-ins, sign-outs, failed sign-ins and lockouts are written by ``sign_in.py``.
"""

from .access_log import record_read
from .actor import acting_as
from .registry import track

__all__ = ["acting_as", "record_read", "track"]
