"""Writing schemes. Views call these; they validate, save and keep the version."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Prison, User

from .models import Scheme, SchemeStatus


class StaleEditError(Exception):
    """Somebody else saved the record after this user opened the form."""


EDITABLE_FIELDS = (
    "name",
    "scheme_type",
    "purpose",
    "target_group",
    "partner_organisation",
    "coordinator",
    "target_peer_supporters",
    "minimum_peer_supporters",
)


def scheme_create(*, prison: Prison, created_by: User, **fields: Any) -> Scheme:
    """Create a scheme in planning at ``prison``."""
    scheme = Scheme(prison=prison, created_by=created_by, status=SchemeStatus.PLANNING)
    for name in EDITABLE_FIELDS:
        if name in fields:
            setattr(scheme, name, fields[name])
    scheme.full_clean()
    scheme.save()
    return scheme


@transaction.atomic
def scheme_update(*, scheme: Scheme, expected_version: int, **fields: Any) -> Scheme:
    """Save new values for the scheme record, unless it changed since it was read.

    The update is conditional on ``version`` still being ``expected_version``, in one
    statement, so two stale copies of the edit form cannot both win: the second is
    refused with StaleEditError and the user is shown the newer record.
    """
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"{name} cannot be edited here")
        setattr(scheme, name, value)
    scheme.full_clean()
    updated = Scheme.objects.filter(pk=scheme.pk, version=expected_version).update(
        **{name: getattr(scheme, name) for name in fields},
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if updated == 0:
        raise StaleEditError
    scheme.refresh_from_db()
    return scheme
