"""Creating and editing the scheme record."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import Prison, User

from ..models import Plan, Scheme, SchemeStatus
from .versioning import StaleEditError, save_if_unchanged

__all__ = ["EDITABLE_FIELDS", "StaleEditError", "scheme_create", "scheme_update"]

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
    Plan.objects.create(scheme=scheme)
    return scheme


@transaction.atomic
def scheme_update(*, scheme: Scheme, expected_version: int, **fields: Any) -> Scheme:
    """Save new values for the scheme record, unless it changed since it was read.

    Two stale copies of the edit form cannot both win: the second raises
    StaleEditError and the user is shown the newer record (see save_if_unchanged).
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"{', '.join(sorted(unknown))} cannot be edited here")
    save_if_unchanged(
        scheme, expected_version=expected_version, fields=fields, updated_at=timezone.now()
    )
    return scheme
