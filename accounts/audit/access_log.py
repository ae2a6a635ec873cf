"""The access log: every read of a confidential record.

design.md: "Reads of confidential records (suitability assessments, supervision notes,
risk details naming a person) are written to an access log". A view that shows such a
record calls ``record_read`` after it has checked the user may see it.
"""

from __future__ import annotations

from django.db.models import Model

from accounts.models import AccessLog, User

from .registry import follow, tracked


def prison_id_of(obj: Model) -> int | None:
    """The prison a record belongs to: by its audit registration, else its own
    ``prison`` or its scheme's."""
    registered = tracked(type(obj))
    if registered is not None and registered.prison is not None:
        return follow(obj, registered.prison)
    if hasattr(obj, "prison_id"):
        return obj.prison_id  # type: ignore[no-any-return]
    scheme = getattr(obj, "scheme", None)
    return getattr(scheme, "prison_id", None)


def record_read(user: User, obj: Model, what: str) -> None:
    """Log that ``user`` has just been shown ``obj`` (described by ``what``, e.g.
    "suitability assessment").

    Called on GET, so it is the one write a page view makes (tests/test_reads_never_write.py
    allows it and nothing else). The row is never changed afterwards.
    """
    AccessLog.objects.create(
        user=user,
        username=user.get_username(),
        prison_id=prison_id_of(obj),
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        what=what[:200],
    )
