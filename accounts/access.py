"""The one place that decides who may do what, at which prison.

Every view asks here (directly, or through a QuerySet's ``visible_to(user)`` or a
``get_<thing>_for_user`` selector built on these helpers); no template decides a
permission on its own. A user's memberships are read once per request and kept on the
user object.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Membership, Role, User

if TYPE_CHECKING:
    AnyUser = User | AnonymousUser
else:
    AnyUser = Any


class Permission(StrEnum):
    """Things a role may do to a prison's records."""

    VIEW = "view"  # see the scheme record and aggregates
    VIEW_PERSONAL = "view_personal"  # see people: prisoners' and staff names
    CHANGE = "change"  # create and edit schemes, plans, recruitment records
    LOG = "log"  # refer a prisoner, log activity, record supervision they ran
    APPROVE = "approve"  # approve or return a plan, close a scheme
    # Read the confidential notes of suitability checks (every read is logged):
    # coordinators and governors only, never staff or the analyst.
    VIEW_SUITABILITY = "view_suitability"


ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.COORDINATOR: frozenset(
        {
            Permission.VIEW,
            Permission.VIEW_PERSONAL,
            Permission.CHANGE,
            Permission.LOG,
            Permission.VIEW_SUITABILITY,
        }
    ),
    Role.STAFF: frozenset({Permission.VIEW, Permission.VIEW_PERSONAL, Permission.LOG}),
    Role.GOVERNOR: frozenset(
        {Permission.VIEW, Permission.VIEW_PERSONAL, Permission.APPROVE, Permission.VIEW_SUITABILITY}
    ),
    # Aggregates only: never a person's name, number or note.
    Role.NATIONAL_ANALYST: frozenset({Permission.VIEW}),
}

_CACHE_ATTR = "_peersupport_roles"


class AuthenticatedRequest(HttpRequest):
    """A request behind ``login_required``: its user is a real User."""

    user: User


def roles_by_prison(user: AnyUser) -> dict[int | None, str]:
    """The user's role at each of their prisons (key ``None``: national role). One query."""
    if not user.is_authenticated:
        return {}
    cached: dict[int | None, str] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = dict(
            Membership.objects.filter(user=user).order_by().values_list("prison_id", "role")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def is_national_analyst(user: AnyUser) -> bool:
    return roles_by_prison(user).get(None) == Role.NATIONAL_ANALYST


def role_at(user: AnyUser, prison_id: int) -> str | None:
    """The user's role at a prison, or the national role, or None."""
    roles = roles_by_prison(user)
    return roles.get(prison_id) or roles.get(None)


def can(user: AnyUser, action: Permission, prison_id: int) -> bool:
    """Whether the user may do ``action`` to the records of the prison."""
    role = role_at(user, prison_id)
    return role is not None and action in ROLE_PERMISSIONS[role]


def prison_ids_where(user: AnyUser, action: Permission) -> set[int] | None:
    """The prisons at which the user may do ``action``; None means every prison."""
    roles = roles_by_prison(user)
    national = roles.get(None)
    if national is not None and action in ROLE_PERMISSIONS[national]:
        return None
    return {
        prison_id
        for prison_id, role in roles.items()
        if prison_id is not None and action in ROLE_PERMISSIONS[role]
    }


def can_anywhere(user: AnyUser, action: Permission) -> bool:
    """Whether the user may do ``action`` at one prison at least."""
    ids = prison_ids_where(user, action)
    return ids is None or bool(ids)


# --- who works at a prison: the one place this is written ------------------------------


def people_at(prison_id: int) -> QuerySet[User]:
    """Everyone with an active account and a membership at the prison, by name."""
    return (
        User.objects.filter(is_active=True, memberships__prison_id=prison_id)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def works_at(user: User, prison_id: int) -> bool:
    """Whether ``user`` has a membership at the prison (one query)."""
    return Membership.objects.filter(user=user, prison_id=prison_id).exists()


def roles_at(prison_id: int) -> dict[int, str]:
    """Each member's role at the prison, by user id (one query)."""
    return dict(Membership.objects.filter(prison_id=prison_id).values_list("user_id", "role"))


# --- confidential records -------------------------------------------------------------


def may_read_supervision_notes(user: AnyUser, *, prison_id: int, supervisor_id: int) -> bool:
    """Supervision notes: the prison's coordinators, and the member of staff who ran
    the session (design.md: staff see no confidential notes but their own sessions')."""
    if can(user, Permission.CHANGE, prison_id):
        return True
    return user.pk == supervisor_id and can(user, Permission.LOG, prison_id)
