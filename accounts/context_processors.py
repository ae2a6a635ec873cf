"""What the header and service navigation show the signed-in user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from .access import Permission, can_anywhere, roles_by_prison
from .models import Role


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    active: bool


# (label, URL name, path prefix that marks it active, permission needed at one prison
# at least, or None). An item appears once its page exists; features add theirs here.
NAV_ITEMS: list[tuple[str, str, str, Permission | None]] = [
    ("Dashboard", "dashboards:index", "/dashboard/", Permission.VIEW),
    ("Schemes", "schemes:list", "/schemes/", None),
    # Actions name their owners: only for users who may see people (not the analyst).
    ("Actions", "actions:list", "/actions/", Permission.VIEW_PERSONAL),
    ("Plans awaiting approval", "approvals:list", "/plans/", Permission.APPROVE),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {"items": [], "role_summary": ""}}
    items = [
        NavItem(text=label, href=reverse(name), active=request.path.startswith(prefix))
        for label, name, prefix, needs in NAV_ITEMS
        if needs is None or can_anywhere(user, needs)
    ]
    roles = sorted({Role(role).label for role in roles_by_prison(user).values()})
    return {"nav": {"items": items, "role_summary": ", ".join(roles)}}
