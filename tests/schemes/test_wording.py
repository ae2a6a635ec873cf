"""Sentences built from a status or a record's source read as English: "The scheme is
being planned", not "The scheme is planning Planning"; "From an evaluation", not "From
a evaluation"."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from accounts.models import User
from peersupport.words import plural
from schemes.models import ActionSource, Scheme, SchemeStatus
from tests.factories import ActionFactory


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize(
    ("status", "sentence"),
    [
        (SchemeStatus.PLANNING, "The scheme is being planned."),
        (SchemeStatus.RECRUITING, "The scheme is recruiting peer supporters."),
        (SchemeStatus.ACTIVE, "The scheme is running."),
        (SchemeStatus.PAUSED, "The scheme is paused."),
        (SchemeStatus.CLOSED, "The scheme is closed."),
    ],
)
def test_the_history_page_says_what_the_scheme_is_doing_in_a_sentence(
    status: str,
    sentence: str,
    scheme: Scheme,
    coordinator: User,
    client_for: Callable[[User | None], Client],
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(status=status)
    page = text(client_for(coordinator).get(f"/schemes/{scheme.pk}/history/").content.decode())
    assert sentence in page
    assert "The scheme is planning" not in page


def test_the_status_change_page_words_the_current_status_naturally(
    scheme: Scheme, coordinator: User, client_for: Callable[[User | None], Client]
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.ACTIVE)
    page = text(
        client_for(coordinator).get(f"/schemes/{scheme.pk}/status/paused/").content.decode()
    )
    assert "The scheme is running now." in page
    assert "is active now Active" not in page


def test_an_actions_source_takes_the_right_article(
    scheme: Scheme, coordinator: User, client_for: Callable[[User | None], Client]
) -> None:
    ActionFactory(scheme=scheme, owner=coordinator, source=ActionSource.EVALUATION)
    ActionFactory(scheme=scheme, owner=coordinator, source=ActionSource.REVIEW)
    page = text(client_for(coordinator).get("/actions/").content.decode())
    assert "From an evaluation" in page
    assert "From a review meeting" in page
    assert "From a evaluation" not in page


@pytest.mark.parametrize(
    ("count", "words", "phrase"),
    [
        (0, ("plan",), "0 plans"),
        (1, ("plan",), "1 plan"),
        (2, ("plan",), "2 plans"),
        (1, ("pass", "passes"), "1 pass"),
        (2, ("pass", "passes"), "2 passes"),
        (3, ("risk review overdue", "risk reviews overdue"), "3 risk reviews overdue"),
    ],
)
def test_a_count_reads_with_its_noun_in_the_singular_or_plural(
    count: int, words: tuple[str, ...], phrase: str
) -> None:
    assert plural(count, *words) == phrase
