"""What the header and service navigation show the signed-in user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from .access import roles_by_prison
from .models import Role


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    active: bool


# (label, URL name, path prefix that marks it active). An item appears once its page
# exists; later features add theirs here.
NAV_ITEMS: list[tuple[str, str, str]] = [
    ("Schemes", "schemes:list", "/schemes/"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {"items": [], "role_summary": ""}}
    items = [
        NavItem(text=label, href=reverse(name), active=request.path.startswith(prefix))
        for label, name, prefix in NAV_ITEMS
    ]
    roles = sorted({Role(role).label for role in roles_by_prison(user).values()})
    return {"nav": {"items": items, "role_summary": ", ".join(roles)}}
