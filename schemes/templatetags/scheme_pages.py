"""The scheme's sub navigation, built from the phase registry."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from schemes import phases
from schemes.models import Scheme

register = template.Library()


@register.inclusion_tag("schemes/_subnav.html")
def scheme_subnav(scheme: Scheme, current: str) -> dict[str, Any]:
    """Overview, each registered phase that has a page, then History.

    Usage: {% load scheme_pages %}{% scheme_subnav scheme "planning" %}
    """
    items = [("overview", "Overview", reverse("schemes:detail", args=[scheme.pk]))]
    items += [
        (phase.slug, phase.nav[0], reverse(phase.nav[1], args=[scheme.pk]))
        for phase in phases.phases()
        if phase.nav is not None
    ]
    items.append(("history", "History", reverse("schemes:history", args=[scheme.pk])))
    return {"items": items, "current": current}
