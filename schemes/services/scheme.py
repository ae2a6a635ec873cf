"""Creating and editing the scheme record."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.access import Permission, can
from accounts.models import Prison, User
from peersupport.text import check_text_lengths

from .. import phases
from ..models import Scheme, SchemeStatus
from .access import require
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


@transaction.atomic
def scheme_create(*, prison: Prison, by: User, **fields: Any) -> Scheme:
    """Create a scheme in planning at ``prison``, with every phase's records (its plan).

    One transaction: a scheme never exists without its plan.
    """
    if not can(by, Permission.CHANGE, prison.pk):
        raise PermissionDenied
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"{', '.join(sorted(unknown))} cannot be set here")
    scheme = Scheme(prison=prison, created_by=by, status=SchemeStatus.PLANNING, **fields)
    scheme.full_clean()
    check_text_lengths(scheme)
    scheme.save()
    phases.scheme_created(scheme, by)
    return scheme


@transaction.atomic
def scheme_update(*, scheme: Scheme, by: User, expected_version: int, **fields: Any) -> Scheme:
    """Save new values for the scheme record, unless it changed since it was read.

    Two stale copies of the edit form cannot both win: the second raises
    StaleEditError and the user is shown the newer record (see save_if_unchanged).
    """
    require(by, Permission.CHANGE, scheme)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"{', '.join(sorted(unknown))} cannot be edited here")
    save_if_unchanged(
        scheme, expected_version=expected_version, fields=fields, updated_at=timezone.now()
    )
    return scheme
