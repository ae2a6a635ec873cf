"""Monitoring's week grid and feedback rounds in a real browser, on a phone-sized
screen (390 pixels wide), every page checked with axe-core (see support.py).

Staff copy a wing's paper log sheet into the week grid, keyboard only; one line has a
bad time, so nothing is saved and every line comes back; corrected, the sheet saves.
The coordinator runs a feedback round: starts it, enters five paper questionnaires one
after another, closes it and sees the results.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from accounts.models import User
from monitoring.models import ActivityEntry, FeedbackResponse
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


def running(scheme: Scheme) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(
        status=SchemeStatus.ACTIVE, created_at=timezone.now() - timedelta(days=30)
    )


def type_line(page: Page, number: int, day: str, time: str, codes: str) -> None:
    """One line of the sheet, as a keyboard user types it: the day's select, then tab
    along the row."""
    select = page.get_by_label(f"Line {number}: day", exact=True)
    select.select_option(index=int(day) + 1)
    select.focus()
    page.keyboard.press("Tab")
    page.keyboard.type(time)
    page.keyboard.press("Tab")
    page.keyboard.type("B wing")
    page.keyboard.press("Tab")
    page.keyboard.type("30")
    page.keyboard.press("Tab")
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    page.keyboard.type(codes)


def test_staff_log_a_paper_sheet_in_the_week_grid_and_correct_a_bad_line(
    new_context: Callable[..., BrowserContext], server: str, staff: User, scheme: Scheme
) -> None:
    running(scheme)
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, server, staff)
    visit(page, f"{server}/schemes/{scheme.pk}/monitoring/activity/")
    press_button(page, "Enter a week's log sheet")
    expect(heading(page)).to_have_text("Enter a week's log sheet")
    week = page.get_by_label("Week beginning")
    week.select_option(index=1)  # last week: every day is in the past
    press_button(page, "Change week")
    type_line(page, 1, "0", "21:30", "1")
    type_line(page, 2, "2", "27:15", "1,2")  # not a time
    type_line(page, 3, "4", "09:00", "2")
    press_button(page, "Save the sheet")
    summary = error_summary(page)
    expect(summary).to_contain_text("Nothing has been saved")
    expect(summary).to_contain_text("Line 2: Enter the time like 21:30")
    assert not ActivityEntry.objects.exists()
    # Every line is still there; the summary's link goes to the bad field.
    expect(page.get_by_label("Line 3: location", exact=True)).to_have_value("B wing")
    summary.get_by_role("link", name="Line 2: Enter the time like 21:30").click()
    expect(page.get_by_label("Line 2: time", exact=True)).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("22:15")
    press_button(page, "Save the sheet")
    expect(success_banner(page)).to_contain_text("3 lines of the sheet for the week beginning")
    assert ActivityEntry.objects.filter(scheme=scheme).count() == 3


def test_the_coordinator_runs_a_feedback_round_and_sees_the_results(
    new_context: Callable[..., BrowserContext], server: str, coordinator: User, scheme: Scheme
) -> None:
    running(scheme)
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, server, coordinator)
    visit(page, f"{server}/schemes/{scheme.pk}/monitoring/")
    follow_link(page, "See the feedback and attitude surveys")
    expect(heading(page)).to_have_text("Feedback and attitude surveys")
    press_button(page, "Start a feedback round")
    page.get_by_label("Title").fill("Baseline survey")
    page.get_by_label("Baseline", exact=True).check()
    today = timezone.localdate()
    fill_date(page, "Opens", today)
    fill_date(page, "Closes", today + timedelta(days=14))
    page.get_by_label("Staff", exact=True).check()
    press_button(page, "Start the round")
    expect(heading(page)).to_have_text("Baseline survey")

    press_button(page, "Enter a paper questionnaire")
    expect(heading(page)).to_have_text("Questionnaire for staff")
    for n in range(5):
        for question in page.locator("fieldset.govuk-fieldset").all():
            question.get_by_label("Agree" if n % 2 else "Strongly agree", exact=True).check()
        press_button(page, "Save and enter another" if n < 4 else "Save and finish")
    assert FeedbackResponse.objects.count() == 5
    expect(heading(page)).to_have_text("Baseline survey")
    press_button(page, "Close the round")
    press_button(page, "Close the round")
    expect(success_banner(page)).to_contain_text("The feedback round has been closed")
    theme = page.get_by_role("row", name="Attitudes towards the peer supporters")
    expect(theme).to_contain_text("100%")
    expect(theme).to_contain_text("4.6")
