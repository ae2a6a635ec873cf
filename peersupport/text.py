"""How long a free-text answer may be, checked by the forms and again by the services.

A phrase (a name, a unit, the times a service runs) is short; an answer in sentences (a
reason, a plan's need, what a review meeting discussed) is long and gets the GOV.UK
character count. Without a limit a tampered or pasted 2 MB answer was stored and shown
on every page that lists it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

SHORT_TEXT = 200
LONG_TEXT = 2000


def too_long_message(what: str, limit: int) -> str:
    """GOV.UK's message: "Reason must be 2,000 characters or fewer"."""
    return f"{what[0].upper()}{what[1:]} must be {limit:,} characters or fewer"


def check_text_lengths(record: models.Model) -> None:
    """Refuse a record whose long text (a TextField, which the database does not limit)
    holds more than LONG_TEXT characters: the services' check, after the form's.

    Model CharFields are limited by their own ``max_length`` in ``full_clean``. A model
    may allow a field more in ``TEXT_LIMITS`` (a class attribute: field name to limit).
    """
    limits: dict[str, int] = getattr(type(record), "TEXT_LIMITS", {})
    errors = {}
    for field in record._meta.concrete_fields:
        if not isinstance(field, models.TextField):
            continue
        limit = limits.get(field.name, LONG_TEXT)
        if len(getattr(record, field.attname) or "") > limit:
            errors[field.name] = too_long_message(str(field.verbose_name), limit)
    if errors:
        raise ValidationError(errors)
