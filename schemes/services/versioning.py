"""Optimistic concurrency for records edited in forms."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F

from peersupport.text import check_text_lengths


class StaleEditError(Exception):
    """Somebody else saved the record after this user opened the form."""


def save_if_unchanged(
    obj: models.Model, *, expected_version: int, fields: dict[str, Any], **extra: Any
) -> None:
    """Write ``fields`` to ``obj`` only if its ``version`` is still ``expected_version``.

    One conditional UPDATE, so of two stale copies of a form only the first wins; the
    second raises StaleEditError instead of silently overwriting it. ``obj`` is
    validated (full_clean, and no long text beyond its limit) with the new values first
    and refreshed afterwards.
    """
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    check_text_lengths(obj)
    updated = (
        type(obj)
        ._default_manager.filter(pk=obj.pk, version=expected_version)
        .update(**fields, **extra, version=F("version") + 1)
    )
    if updated == 0:
        raise StaleEditError
    obj.refresh_from_db()
