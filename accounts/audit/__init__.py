"""The audit trail and the access log.

- ``track(Model, ...)``: follow a model's every create, change and delete
  (``registry.py``).
- ``record_read(user, obj, what)``: log a read of a confidential record
  (``access_log.py``).

On PostgreSQL triggers make both tables append-only (``postgres.py``).
"""

from .access_log import record_read
from .registry import track

__all__ = ["record_read", "track"]
