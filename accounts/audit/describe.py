"""The trail in words, for a scheme's history: "Minimum number of peer supporters
changed from 4 to 6".

``summary`` never names a person, so an analyst may read it: it gives the values of
numbers, dates, yes/no answers and choices only. Free text and people (which may name
someone) go in ``details``, which the history removes for a user who may not see
people.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import formats, timezone

from accounts.models import AuditAction, AuditEvent

from .registry import HIDDEN, Tracked, tracked_by_label


@dataclass
class Described:
    title: str
    summary: str
    details: list[tuple[str, str]] = field(default_factory=list)


def _field(registered: Tracked, column: str) -> models.Field[Any, Any] | None:
    for candidate in registered.model._meta.concrete_fields:
        if candidate.column == column:
            return candidate
    return None


def _is_person(model_field: models.Field[Any, Any]) -> bool:
    return model_field.is_relation and model_field.related_model is get_user_model()


def _is_free_text(model_field: models.Field[Any, Any]) -> bool:
    return isinstance(model_field, models.CharField | models.TextField) and not model_field.choices


def _plain(model_field: models.Field[Any, Any], value: Any) -> str:
    """A value that names nobody, in words."""
    if value is None or value == "":
        return "not set"
    if value == HIDDEN:
        return "hidden"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "yes" if value else "no"
    if isinstance(model_field, models.DateTimeField):
        moment = timezone.localtime(datetime.datetime.fromisoformat(value))
        return str(formats.date_format(moment, "j F Y, H:i"))
    if isinstance(model_field, models.DateField):
        return str(formats.date_format(datetime.date.fromisoformat(value), "j F Y"))
    return str(value)


def user_ids_named(events: list[AuditEvent]) -> set[int]:
    """The users a list of events' changes refer to (to look their names up at once)."""
    ids: set[int] = set()
    for event in events:
        registered = tracked_by_label(event.model)
        if registered is None:
            continue
        for column, values in event.changes.items():
            model_field = _field(registered, column)
            if model_field is not None and _is_person(model_field):
                ids.update(value for value in values if isinstance(value, int))
    return ids


def describe(event: AuditEvent, names: dict[int, str]) -> Described | None:
    """The event in words, or None if it has nothing the history shows."""
    registered = tracked_by_label(event.model)
    if registered is None or event.action not in (AuditAction.UPDATE, AuditAction.DELETE):
        return None
    deleted = event.action == AuditAction.DELETE
    sentences: list[str] = []
    details: list[tuple[str, str]] = []
    # In the model's order of fields: PostgreSQL's jsonb keeps keys in an order of its own.
    for model_field in registered.model._meta.concrete_fields:
        column = str(model_field.column)
        if column not in event.changes or column in registered.history_exclude:
            continue
        before, after = event.changes[column]
        label = str(model_field.verbose_name)
        label = label[:1].upper() + label[1:]
        if _is_person(model_field):
            before_name = names.get(before, "nobody") if before is not None else "nobody"
            after_name = names.get(after, "nobody") if after is not None else "nobody"
            if deleted:
                details.append((label, before_name))
            else:
                sentences.append(f"{label} changed")
                details.append((label, f"changed from {before_name} to {after_name}"))
        elif (
            _is_free_text(model_field)
            or model_field.is_relation
            or isinstance(model_field, models.JSONField)
        ):
            if deleted:
                if _is_free_text(model_field) and before:
                    details.append((label, str(before)))
                continue
            sentences.append(f"{label} changed")
            if _is_free_text(model_field):
                details.append((label, f"changed from “{before or ''}” to “{after or ''}”"))
        elif not deleted:
            sentences.append(
                f"{label} changed from {_plain(model_field, before)} "
                f"to {_plain(model_field, after)}"
            )
    if not deleted and not sentences:
        return None
    return Described(
        title=f"{registered.name} {'deleted' if deleted else 'changed'}",
        summary=". ".join(sentences) + ("." if sentences else ""),
        details=details,
    )
