"""A page told its count does not count again, and pages as the plain paginator does."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Prison
from peersupport.pagination import page_of
from tests.factories import PrisonFactory

pytestmark = pytest.mark.django_db


def test_a_page_told_its_count_does_not_count() -> None:
    PrisonFactory.create_batch(5)
    prisons = Prison.objects.order_by("pk")
    with CaptureQueriesContext(connection) as counted:
        page = page_of(prisons, 2, "3")
        list(page.object_list)
    with CaptureQueriesContext(connection) as told:
        told_page = page_of(prisons, 2, "3", count=5)
        list(told_page.object_list)
    assert len(counted) == 2
    assert len(told) == 1
    assert told_page.paginator.num_pages == page.paginator.num_pages == 3
    assert list(told_page.object_list) == list(page.object_list)
    assert page_of(prisons, 2, "99", count=5).number == 3
