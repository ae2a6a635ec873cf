"""Actions: somebody has to do something for a scheme by a date. Any phase raises one."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.access import Permission, works_at
from accounts.models import User
from peersupport.text import check_text_lengths

from ..models import Action, ActionSource, ActionStatus, Scheme, Stakeholder
from ..signals import ACTION_ASSIGNED, ACTION_CHANGED, announce
from .access import may_update_action, require
from .versioning import save_if_unchanged


def _owner_fields(owner: User | Stakeholder, scheme: Scheme) -> dict[str, Any]:
    """The action's two owner fields for ``owner``: somebody who works at the scheme's
    prison, or one of the scheme's own stakeholders."""
    if isinstance(owner, Stakeholder):
        if owner.scheme_id != scheme.pk:
            raise ValidationError({"owner": "Choose a stakeholder of this scheme"})
        return {"owner": None, "owner_stakeholder": owner}
    if not works_at(owner, scheme.prison_id):
        raise ValidationError({"owner": "Choose an owner who works at this prison"})
    return {"owner": owner, "owner_stakeholder": None}


@transaction.atomic
def action_create(
    *,
    scheme: Scheme,
    by: User,
    description: str,
    owner: User | Stakeholder,
    due_date: date,
    source: str = ActionSource.OTHER,
) -> Action:
    """Give somebody at the scheme's prison, or one of its stakeholders, something to do
    by a date."""
    require(by, Permission.CHANGE, scheme)
    action = Action(
        scheme=scheme,
        description=description,
        **_owner_fields(owner, scheme),
        due_date=due_date,
        source=source,
        created_by=by,
    )
    action.full_clean()
    check_text_lengths(action)
    action.save()
    announce(ACTION_ASSIGNED, record_id=action.pk, scheme_id=scheme.pk, by_id=by.pk)
    return action


@transaction.atomic
def action_update(
    *,
    action: Action,
    by: User,
    expected_version: int,
    today: date,
    description: str,
    owner: User | Stakeholder,
    due_date: date,
    done: bool,
) -> Action:
    """Change an action or mark it done (or not done), unless it changed meanwhile.

    A coordinator may change any action; the action's owner may update their own.
    """
    if not may_update_action(by, action):
        raise PermissionDenied
    require(by, Permission.VIEW, action.scheme)
    owners = _owner_fields(owner, action.scheme)
    completed_on = (action.completed_on or today) if done else None
    save_if_unchanged(
        action,
        expected_version=expected_version,
        fields={
            "description": description,
            **owners,
            "due_date": due_date,
            "status": ActionStatus.DONE if done else ActionStatus.OPEN,
            "completed_on": completed_on,
        },
    )
    announce(ACTION_CHANGED, record_id=action.pk, scheme_id=action.scheme_id, by_id=by.pk)
    return action
