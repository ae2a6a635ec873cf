"""Pagination that does not count what a page has counted already."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class CountedPaginator(Paginator[Any]):
    """A paginator told how many records there are: the page read the number with its
    other figures (a count by status, say), so the paginator's own count query would
    only repeat it."""

    def __init__(
        self, object_list: QuerySet[Any] | Sequence[Any], per_page: int, count: int
    ) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def page_of(
    object_list: QuerySet[Any] | Sequence[Any],
    per_page: int,
    number: str | None,
    count: int | None = None,
) -> Page[Any]:
    """Page ``number`` of ``object_list`` (the nearest valid one), counted with
    ``count`` where the page knows it, else by a query (or ``len`` of a list)."""
    paginator: Paginator[Any] = (
        Paginator(object_list, per_page)
        if count is None
        else CountedPaginator(object_list, per_page, count)
    )
    return paginator.get_page(number)
