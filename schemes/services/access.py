"""The check every write service makes first: may this user do this to this scheme now?

Services call it themselves, so a view (or a task, or the admin) that forgets to
check cannot write: the rule lives with the write, not with the page.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from accounts.access import Permission, can
from accounts.models import User

from ..models import Action, Scheme, SchemeStatus

CLOSED_MESSAGE = "This scheme is closed, so its records cannot be changed."


class SchemeClosedError(ValidationError):
    """A write to a closed scheme: closed schemes are read-only."""

    def __init__(self) -> None:
        super().__init__(CLOSED_MESSAGE)


def require(by: User, permission: Permission, scheme: Scheme) -> None:
    """Refuse unless ``by`` may do ``permission`` at the scheme's prison and the scheme
    is not closed. PermissionDenied (403) or SchemeClosedError (shown on the page)."""
    if not can(by, permission, scheme.prison_id):
        raise PermissionDenied
    if scheme.status == SchemeStatus.CLOSED:
        raise SchemeClosedError


def may_update_action(user: User, action: Action) -> bool:
    """A coordinator may change any action of their prison's schemes; anyone else at
    the prison may update the actions they own (mark them done, say what changed)."""
    prison_id = action.scheme.prison_id
    if can(user, Permission.CHANGE, prison_id):
        return True
    return action.owner_id == user.pk and can(user, Permission.VIEW_PERSONAL, prison_id)
