"""Monitoring in a real browser, on a phone-sized screen (390 pixels wide).

Staff log activity from a wing's paper sheet; four night call-outs by one Listener
make a debrief due, which the coordinator clears by recording one; the coordinator
reviews the confidentiality risk and sees the change in its history. Every page is
checked with axe-core (see support.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from accounts.models import User
from schemes import phases
from schemes.models import Scheme, SchemeStatus
from tests.browser.support import (
    PHONE,
    error_summary,
    fill_date,
    follow_link,
    heading,
    press_button,
    sign_in,
    success_banner,
    visit,
)
from tests.factories import ActivityEntryFactory, seeded_risks


@pytest.fixture
def listener() -> Iterator[phases.PeerSupporter]:
    """A Listener on every scheme's roster (as recruitment will register them)."""
    person = phases.PeerSupporter(
        id=301, name="Sam Jones", prisoner_number="A1234BC", wing="B", status="active"
    )
    phases.register(
        phases.Phase(
            number=95,
            slug="test-browser-roster",
            title="Test",
            summary="",
            checklist=(),
            roster=lambda scheme, day: [person],
        )
    )
    yield person
    phases._registry.pop(95)


def fill_call_out(page: Page, days_ago: int) -> None:
    day = timezone.localdate() - timedelta(days=days_ago)
    fill_date(page, "Date", day)
    page.get_by_label("Time").fill("02:30")
    page.get_by_label("Location").fill("B wing")
    page.get_by_label("Duration in minutes").fill("40")
    page.get_by_label("People reached").fill("1")
    page.get_by_label("Emotional support").check()
    page.get_by_label("Sam Jones").check()


def test_night_call_outs_make_a_debrief_due_until_the_coordinator_records_one(
    new_context: Callable[..., BrowserContext],
    server: str,
    staff: User,
    coordinator: User,
    scheme: Scheme,
    listener: phases.PeerSupporter,
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(
        status=SchemeStatus.ACTIVE, created_at=timezone.now() - timedelta(days=30)
    )
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, server, staff)
    visit(page, f"{server}/schemes/{scheme.pk}/monitoring/")
    expect(heading(page)).to_have_text("Monitoring and evaluation")
    follow_link(page, "Print a blank paper log sheet")
    expect(heading(page)).to_have_text("Activity log sheet")
    visit(page, f"{server}/schemes/{scheme.pk}/monitoring/")

    for days_ago in (4, 3, 2, 1):
        press_button(page, "Log activity")
        expect(heading(page)).to_have_text("Log activity")
        fill_call_out(page, days_ago)
        press_button(page, "Save activity")
        expect(success_banner(page)).to_contain_text("The activity has been logged")
        follow_link(page, "Back to monitoring")
    expect(page.locator(".govuk-warning-text")).to_contain_text("Debrief due for 1 peer supporter.")

    coordinator_page = new_context(viewport=PHONE).new_page()
    sign_in(coordinator_page, server, coordinator)
    visit(coordinator_page, f"{server}/schemes/{scheme.pk}/monitoring/")
    expect(coordinator_page.get_by_role("row", name=re.compile("Sam Jones"))).to_be_visible()
    press_button(coordinator_page, "Record a debrief")
    coordinator_page.get_by_label("Sam Jones (debrief due)").check()
    today = timezone.localdate()
    fill_date(coordinator_page, "Date of the debrief", today)
    press_button(coordinator_page, "Save debrief")
    expect(coordinator_page.get_by_text("No debriefs are due.")).to_be_visible()


def test_the_coordinator_reviews_the_confidentiality_risk_and_sees_its_history(
    new_context: Callable[..., BrowserContext],
    server: str,
    coordinator: User,
    scheme: Scheme,
) -> None:
    seeded_risks(scheme)
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, server, coordinator)
    visit(page, f"{server}/schemes/{scheme.pk}/monitoring/risks/")
    expect(heading(page)).to_have_text("Risk register")
    follow_link(page, "Misuse of confidential information")
    press_button(page, "Review or change this risk")
    page.get_by_role("group", name="Likelihood").get_by_label("4").check()
    page.get_by_role("group", name="Impact").get_by_label("4").check()
    page.get_by_label("Mitigations (optional)").fill("Call-out sheets kept in a locked drawer")
    press_button(page, "Save changes")
    expect(success_banner(page)).to_contain_text("The risk has been changed")
    expect(page.get_by_text("Likelihood changed from 2 to 4")).to_be_visible()


def test_the_coordinator_chooses_a_period_and_downloads_the_evaluation_pack(
    new_context: Callable[..., BrowserContext],
    server: str,
    coordinator: User,
    scheme: Scheme,
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(
        status=SchemeStatus.ACTIVE, created_at=timezone.now() - timedelta(days=400)
    )
    seeded_risks(scheme)
    month = timezone.localdate().replace(day=1) - timedelta(days=1)
    ActivityEntryFactory(
        scheme=scheme,
        occurred_at=timezone.now().replace(year=month.year, month=month.month, day=2, hour=3),
        location="A wing",
    )
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, server, coordinator)
    visit(page, f"{server}/schemes/{scheme.pk}/monitoring/")
    follow_link(page, "Get the evaluation pack")
    expect(heading(page)).to_have_text("Evaluation pack")
    expect(page.get_by_role("heading", name="Activity by wing")).to_be_visible()

    # A period that ends before it starts is explained, not a server error.
    this_month = timezone.localdate().replace(day=1)
    page.get_by_label("From").select_option(label=f"{this_month:%B %Y}")
    page.get_by_label("To").select_option(label=f"{month:%B %Y}")
    press_button(page, "Show the pack")
    expect(error_summary(page)).to_contain_text(
        "The last month must be the same as or after the first month"
    )

    page.get_by_label("From").select_option(label=f"{month:%B %Y}")
    press_button(page, "Show the pack")
    expect(page.get_by_role("heading", level=2, name=f"{month:%B %Y}")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("A wing"))).to_be_visible()

    expected = {
        "PDF document": "application/pdf",
        "Spreadsheet (XLSX)": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "CSV file": "text/csv; charset=utf-8",
    }
    for name, content_type in expected.items():
        href = page.get_by_role("link", name=re.compile(re.escape(name))).get_attribute("href")
        assert href is not None
        response = page.request.get(f"{server}{href}")
        assert response.status == 200, name
        assert response.headers["content-type"] == content_type
        assert len(response.body()) > 100
