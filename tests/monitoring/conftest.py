"""Monitoring's fixtures: a roster of peer supporters, registered for one test as
recruitment will register it (monitoring must not import recruitment)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from schemes import phases

ROSTER = [
    phases.PeerSupporter(
        id=101, name="Aaron Ames", prisoner_number="A1001AA", wing="A", status="active"
    ),
    phases.PeerSupporter(
        id=102, name="Bola Bello", prisoner_number="A1002AA", wing="B", status="active"
    ),
]


@pytest.fixture
def roster() -> Iterator[list[phases.PeerSupporter]]:
    """Two peer supporters on every scheme, every day."""
    people = list(ROSTER)
    phases.register(
        phases.Phase(
            number=96,
            slug="test-roster",
            title="Test roster",
            summary="",
            checklist=(),
            roster=lambda scheme, day: people,
        )
    )
    yield people
    phases._registry.pop(96)
