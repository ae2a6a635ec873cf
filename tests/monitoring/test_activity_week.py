"""The week grid: a wing's paper log sheet entered in one form. Blank lines are
ignored; a sheet with a bad line saves nothing and shows every line again as typed,
with each bad line's error; 5 lines and 50 lines cost the same number of queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from monitoring.models import (
    ActivityEntry,
    ActivityHourMonth,
    ActivityMonth,
    ActivityMonthOutcome,
    ActivitySupporter,
    ActivityWingMonth,
    DebriefDue,
)
from monitoring.week import week_start
from schemes import phases
from schemes.models import Scheme, SchemeStatus

ClientFor = Callable[[User | None], Client]


def running(scheme: Scheme) -> Scheme:
    Scheme.objects.filter(pk=scheme.pk).update(
        status=SchemeStatus.ACTIVE, created_at=timezone.now() - timedelta(days=60)
    )
    scheme.refresh_from_db()
    return scheme


def last_week() -> date:
    return week_start(timezone.localdate()) - timedelta(weeks=1)


def sheet(lines: list[dict[str, str]], rows: int = 15) -> dict[str, Any]:
    body: dict[str, Any] = {"week": last_week().isoformat(), "rows": str(rows)}
    for number, line in enumerate(lines, start=1):
        body.update({f"r{number}-{name}": value for name, value in line.items()})
    return body


def line(day: int = 0, time: str = "21:30", **fields: str) -> dict[str, str]:
    return {
        "day": str(day),
        "time": time,
        "location": "B wing",
        "duration": "20",
        "reached": "1",
        "outcomes": "1,2",
        **fields,
    }


def url(scheme: Scheme) -> str:
    return f"/schemes/{scheme.pk}/monitoring/activity/week/"


def test_staff_enter_a_weeks_sheet_and_blank_lines_are_ignored(
    scheme: Scheme, staff: User, client_for: ClientFor, roster: list[phases.PeerSupporter]
) -> None:
    running(scheme)
    client = client_for(staff)
    page = client.get(url(scheme)).content.decode()
    assert 'id="r15-day"' in page
    assert 'id="r16-day"' not in page
    assert "Aaron Ames" in page
    lines = [
        line(0, supporter1="101"),
        {},  # a blank line between two filled ones
        line(2, "02:15", outcomes="1", supporter1="101", supporter2="102"),
        line(6, "14:00", location="Healthcare", reached="3", outcomes="2"),
    ]
    response = client.post(url(scheme), sheet(lines))
    assert response.status_code == 302
    assert ActivityEntry.objects.filter(scheme=scheme).count() == 3
    assert ActivitySupporter.objects.filter(entry__scheme=scheme).count() == 3
    months = ActivityMonth.objects.filter(scheme=scheme)
    assert sum(m.entries for m in months) == 3
    assert sum(m.people_reached for m in months) == 5
    assert sum(m.night_entries for m in months) == 1
    outcomes = ActivityMonthOutcome.objects.filter(scheme=scheme)
    counts: dict[str, int] = {}
    for row in outcomes:
        counts[row.outcome] = counts.get(row.outcome, 0) + row.count
    assert counts == {"emotional-support": 2, "referred-to-staff": 2}
    follow = client.get(response["Location"]).content.decode()
    assert "3 lines of the sheet for the week beginning" in follow


def test_a_bad_line_saves_nothing_and_every_line_comes_back_as_typed(
    scheme: Scheme, staff: User, client_for: ClientFor
) -> None:
    running(scheme)
    client = client_for(staff)
    lines = [
        line(0),
        line(1, time="25:99"),
        line(2, location="Chapel"),
        line(3, duration="", outcomes="9"),
    ]
    response = client.post(url(scheme), sheet(lines))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Nothing has been saved" in page
    assert 'href="#r2-time"' in page
    assert 'href="#r4-duration"' in page  # the first bad field of line 4
    assert "Line 4: Enter the minutes. Enter outcome codes from 1 to 4" in page
    assert 'value="25:99"' in page
    assert 'value="Chapel"' in page
    assert not ActivityEntry.objects.exists()
    assert not ActivityMonth.objects.exists()
    # Corrected, the same sheet saves every line.
    lines[1] = line(1, time="22:45")
    lines[3] = line(3)
    assert client.post(url(scheme), sheet(lines)).status_code == 302
    assert ActivityEntry.objects.count() == 4


def test_the_services_rules_apply_to_every_line(
    scheme: Scheme, staff: User, client_for: ClientFor
) -> None:
    running(scheme)
    this_week = week_start(timezone.localdate())
    future_day = (timezone.localdate() - this_week).days
    body = sheet([line(0), line(future_day, time="23:59")])
    body["week"] = this_week.isoformat()
    if timezone.localtime().strftime("%H:%M") >= "23:59":
        return  # no future minute left today
    page = client_for(staff).post(url(scheme), body).content.decode()
    assert "Line 2: The date and time must be now or in the past" in page
    assert not ActivityEntry.objects.exists()


def test_an_empty_sheet_asks_for_a_line_and_the_governor_cannot_enter_one(
    scheme: Scheme, staff: User, governor: User, client_for: ClientFor
) -> None:
    running(scheme)
    page = client_for(staff).post(url(scheme), sheet([])).content.decode()
    assert "Fill in at least one line of the sheet" in page
    assert client_for(governor).post(url(scheme), sheet([line()])).status_code == 403
    assert not ActivityEntry.objects.exists()


def test_50_lines_cost_the_same_queries_as_7(
    scheme: Scheme, staff: User, client_for: ClientFor, roster: list[phases.PeerSupporter]
) -> None:
    running(scheme)
    client = client_for(staff)
    client.get(url(scheme))  # warm up

    def cost(count: int) -> int:
        lines = [
            line(n % 7, f"{n % 24:02d}:{n % 60:02d}", outcomes=str(1 + n % 4), supporter1="101")
            for n in range(count)
        ]
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url(scheme), sheet(lines, rows=50))
        assert response.status_code == 302, response.content.decode()[:2000]
        return len(captured)

    # Seven lines: a line on every day of the week, as the fifty have (the roster of
    # each day is read once).
    few = cost(7)
    assert ActivityEntry.objects.count() == 7
    # From the same start (no summary rows yet, no debrief due), 50 lines.
    for model in (
        ActivityEntry,
        ActivityMonth,
        ActivityMonthOutcome,
        ActivityWingMonth,
        ActivityHourMonth,
        DebriefDue,
    ):
        model.objects.all().delete()
    many = cost(50)
    assert ActivityEntry.objects.count() == 50
    # The evaluation pack's summaries by wing and by hour count every line too.
    assert sum(ActivityHourMonth.objects.values_list("entries", flat=True)) == 50
    assert sum(ActivityWingMonth.objects.values_list("entries", flat=True)) == 50
    assert many == few
    assert many <= 50


def test_the_activity_log_and_the_paper_sheet_link_to_the_week_grid(
    scheme: Scheme, staff: User, client_for: ClientFor
) -> None:
    running(scheme)
    client = client_for(staff)
    for page in ("activity/", "activity/sheet/", ""):
        assert url(scheme) in client.get(f"/schemes/{scheme.pk}/monitoring/{page}").content.decode()
