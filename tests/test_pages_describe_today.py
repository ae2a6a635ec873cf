"""The about, privacy and accessibility pages describe what the service does today,
not what later issues will add (each of those updates the pages as it lands)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from accounts.models import User

PROMISES_NOT_YET_KEPT = {
    "/about/": ["being built next", "log activity and run reviews"],
}


@pytest.mark.parametrize(("path", "promises"), PROMISES_NOT_YET_KEPT.items())
def test_a_page_promises_nothing_the_service_does_not_do_yet(
    path: str, promises: list[str], client_for: Callable[[User | None], Client]
) -> None:
    html = client_for(None).get(path).content.decode()
    for promise in promises:
        assert promise not in html


def test_the_privacy_notice_says_what_is_held_today(
    client_for: Callable[[User | None], Client],
) -> None:
    html = client_for(None).get("/privacy/").content.decode()
    assert "about prisoners, from their prison's own systems" in html
    assert "6 years after they left (checked every night)" in html
    assert "failed sign-in attempts" in html


def test_the_privacy_notice_says_what_the_audit_trail_records(
    client_for: Callable[[User | None], Client],
) -> None:
    html = client_for(None).get("/privacy/").content.decode()
    assert "every change anyone makes to a record" in html
    assert "every sign-in, sign-out, failed sign-in and lockout" in html
    assert "Nobody can change or delete it" in html


def test_the_about_and_accessibility_pages_describe_the_dashboards_and_their_charts(
    client_for: Callable[[User | None], Client],
) -> None:
    about = client_for(None).get("/about/").content.decode()
    assert "Governors start from their prison's dashboard" in about
    assert "the guidance self-assessment" in about
    assert 'href="/dashboard/scheme-health/"' in about
    accessibility = client_for(None).get("/accessibility/").content.decode()
    assert "Every chart in the service is followed by a table of the same figures" in accessibility


def test_the_about_page_describes_every_phase_as_the_service_does_it(
    client_for: Callable[[User | None], Client],
) -> None:
    about = client_for(None).get("/about/").content.decode()
    for feature in (
        "Recruitment rounds",
        "Suitability sign-offs",
        "Supervised practice sessions",
        "Cover: where and when",
        "The turnover forecast",
        "review meetings",
        "The activity log",
        "Feedback and attitude surveys",
        "The preferential treatment check",
        "Monthly returns",
        "Evaluations",
        "Open Government Licence v3.0",
    ):
        assert feature in about


def test_the_privacy_notice_says_who_reads_confidential_notes_and_what_analysts_see(
    client_for: Callable[[User | None], Client],
) -> None:
    html = client_for(None).get("/privacy/").content.decode()
    assert "Supervision notes are confidential" in html
    assert "every read is logged" in html
    assert "It never identifies the person supported" in html
    assert "anonymous paper questionnaire" in html
    assert "hides any count from 1 to 4" in html
