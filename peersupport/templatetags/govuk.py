"""Template helpers for GOV.UK components."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.paginator import Page

register = template.Library()


@register.simple_tag
def page_numbers(page: Page[Any]) -> list[int | str]:
    """Page numbers for GOV.UK pagination, with "…" where a run is left out."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
