"""The evaluation pack: choosing a period, its preview, its CSV, XLSX and PDF downloads,
who may have it (the analyst too: figures only), and the activity log streamed as CSV."""

from __future__ import annotations

import csv
import io
import re
import zlib
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from monitoring.models import ActivityEntry, ActivityHourMonth, ActivityWingMonth
from monitoring.pack import default_period
from monitoring.services import activity_correct
from schemes import phases
from schemes.models import Scheme, SchemeStatus, SmartObjective
from tests.factories import ActivityEntryFactory, seeded_risks

ClientFor = Callable[[User | None], Client]


def running(scheme: Scheme, days: int = 800) -> Scheme:
    Scheme.objects.filter(pk=scheme.pk).update(
        status=SchemeStatus.ACTIVE, created_at=timezone.now() - timedelta(days=days)
    )
    scheme.refresh_from_db()
    return scheme


def last_month_at(hour: int, day: int = 3) -> datetime:
    month = default_period(timezone.localdate()).end
    zone = timezone.get_current_timezone()
    return datetime(month.year, month.month, day, hour, 15, tzinfo=zone)


def pack_url(scheme: Scheme, part: str = "") -> str:
    return f"/schemes/{scheme.pk}/monitoring/pack/{part}"


def with_activity(scheme: Scheme) -> None:
    seeded_risks(scheme)
    ActivityEntryFactory(scheme=scheme, occurred_at=last_month_at(2), location="A wing")
    ActivityEntryFactory(scheme=scheme, occurred_at=last_month_at(2, 4), location="A wing")
    ActivityEntryFactory(
        scheme=scheme,
        occurred_at=last_month_at(14),
        location="Healthcare",
        duration_minutes=90,
        outcomes=["emotional-support", "referred-to-staff"],
    )


def streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def pdf_text(pdf: bytes) -> bytes:
    """The PDF's bytes with every compressed stream inflated (the catalogue, with the
    structure tree and the language, sits in a compressed object stream)."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(parts)


def test_the_pack_opens_with_the_last_12_complete_months_and_its_figures(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    running(scheme)
    with_activity(scheme)
    period = default_period(timezone.localdate())
    page = client_for(coordinator).get(pack_url(scheme)).content.decode()
    assert f"{period.start:%B %Y} to {period.end:%B %Y}" in page
    assert "Activity by wing" in page
    assert "A wing" in page
    assert "Healthcare" in page
    assert "02:00 to 02:59" in page
    assert "Misuse of confidential information" in page
    assert "Feedback results: not recorded in this pack yet" in page
    assert f"pack/pdf/?start={period.start:%Y-%m}&amp;end={period.end:%Y-%m}" in page


def test_a_coordinator_downloads_the_pack_as_csv_with_every_section(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    running(scheme)
    with_activity(scheme)
    response = client_for(coordinator).get(pack_url(scheme, "csv/"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(streamed(response).decode())))
    titles = [row[0] for row in rows if len(row) == 1]
    assert titles[:8] == [
        "Peer supporters and training",
        "Activity by month",
        "Activity by outcome",
        "Activity by wing",
        "Activity by hour of the day",
        "Risk register",
        "Confidentiality incidents",
        "Objectives",
    ]
    assert ["A wing", "2", "2", "1.0"] in rows
    assert ["Healthcare", "1", "1", "1.5"] in rows
    assert ["02:00 to 02:59", "2"] in rows
    assert ["Referred to staff", "1"] in rows
    assert ["Total", "3", "3", "2.5", "2"] in rows


def test_the_pack_as_a_spreadsheet_opens_with_a_sheet_per_section(
    scheme: Scheme, governor: User, client_for: ClientFor
) -> None:
    running(scheme)
    with_activity(scheme)
    response = client_for(governor).get(pack_url(scheme, "xlsx/"))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(streamed(response)))
    assert workbook.sheetnames == [
        "Peer supporters and training",
        "Activity by month",
        "Activity by outcome",
        "Activity by wing",
        "Activity by hour of the day",
        "Risk register",
        "Confidentiality incidents",
        "Objectives",
        "Not in this pack yet",
    ]
    wings = list(workbook["Activity by wing"].iter_rows(values_only=True))
    assert ("A wing", 2, 2, 1) in wings


def test_the_pack_as_a_pdf_is_tagged_and_in_english(
    scheme: Scheme, staff: User, client_for: ClientFor
) -> None:
    running(scheme)
    with_activity(scheme)
    response = client_for(staff).get(pack_url(scheme, "pdf/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    inflated = pdf_text(response.content)
    assert b"/StructTreeRoot" in inflated
    assert b"/MarkInfo" in inflated
    assert b"/Lang" in inflated


def test_the_analyst_gets_the_pack_with_figures_only_and_not_the_activity_rows(
    scheme: Scheme, analyst: User, client_for: ClientFor
) -> None:
    running(scheme)
    with_activity(scheme)
    risk = seeded_risks(scheme)["negative-attitudes"]
    risk.title = "Officer Smith mocks the Listeners"
    risk.save()
    SmartObjective.objects.create(
        scheme=scheme,
        indicator="Self-harm on A wing reported by Mr Jones",
        relevance="x",
        baseline=12,
        target=8,
        deadline=timezone.localdate() + timedelta(days=200),
    )
    client = client_for(analyst)
    page = client.get(pack_url(scheme)).content.decode()
    assert "Smith" not in page
    assert "Jones" not in page
    assert "Objective 1" in page
    assert "Download the activity log" not in page
    csv_text = streamed(client.get(pack_url(scheme, "csv/"))).decode()
    assert "Smith" not in csv_text
    assert "Jones" not in csv_text
    export = client.get(f"/schemes/{scheme.pk}/monitoring/activity/export.csv")
    assert export.status_code == 403


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2026-13&end=2026-01", "Select the first month from the list"),
        ("start=1999-01&end=1999-02", "Select the first month from the list"),
        ("start=&end=", "Select the first month of the period"),
        ("end=x", "Select the last month from the list"),
    ],
)
def test_a_bad_period_is_explained_with_the_error_summary_not_a_server_error(
    query: str, message: str, scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    running(scheme)
    client = client_for(coordinator)
    response = client.get(f"{pack_url(scheme)}?{query}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert "<title>Error: " in page
    assert "Download this pack" not in page
    download = client.get(f"{pack_url(scheme, 'xlsx/')}?{query}")
    assert download.status_code == 302
    assert download["Location"].startswith(pack_url(scheme))


def test_a_period_that_ends_before_it_starts_is_refused(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    running(scheme)
    today = timezone.localdate()
    start = today.replace(day=1)
    end = (start - timedelta(days=1)).replace(day=1)
    page = (
        client_for(coordinator)
        .get(f"{pack_url(scheme)}?start={start:%Y-%m}&end={end:%Y-%m}")
        .content.decode()
    )
    assert "The last month must be the same as or after the first month" in page


def test_a_corrected_entry_moves_between_wings_and_hours(scheme: Scheme, coordinator: User) -> None:
    running(scheme)
    entry = ActivityEntryFactory(scheme=scheme, occurred_at=last_month_at(2), location="A wing")
    activity_correct(
        entry=entry,
        by=coordinator,
        expected_version=entry.version,
        occurred_at=last_month_at(15),
        location="C wing",
        duration_minutes=30,
        people_reached=1,
        outcomes=["emotional-support"],
    )
    wings = dict(ActivityWingMonth.objects.filter(scheme=scheme).values_list("location", "entries"))
    assert wings == {"A wing": 0, "C wing": 1}
    hours = dict(ActivityHourMonth.objects.filter(scheme=scheme).values_list("hour", "entries"))
    assert hours == {2: 0, 15: 1}


def queries(client: Client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        if response.streaming:
            streamed(response)
    assert response.status_code == 200, path
    return len(captured)


@pytest.mark.parametrize("part", ["", "csv/", "xlsx/", "pdf/"])
def test_the_packs_queries_do_not_grow_with_the_activity(
    part: str, scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    running(scheme)
    seeded_risks(scheme)
    client = client_for(coordinator)
    ActivityEntryFactory(scheme=scheme, occurred_at=last_month_at(2))
    few = queries(client, pack_url(scheme, part))
    now = timezone.now()
    for n in range(60):
        ActivityEntryFactory(
            scheme=scheme,
            occurred_at=now - timedelta(days=1 + n * 7, hours=n % 24),
            location=f"{'ABCDEFGH'[n % 8]} wing",
        )
    many = queries(client, pack_url(scheme, part))
    assert many == few
    # Session and user, the scheme, memberships, the reminders count (5); the figures
    # the pack names, from recruitment only (2: training hours, the placements); the
    # activity by month, outcome, wing and hour (4); risks, incidents, objectives (3).
    assert many <= 14


def test_the_activity_export_streams_every_entry_with_its_outcomes_and_roster_ids(
    scheme: Scheme, staff: User, client_for: ClientFor
) -> None:
    running(scheme)
    ActivityEntryFactory(scheme=scheme, occurred_at=last_month_at(2), supporters=[7, 3])
    ActivityEntryFactory(
        scheme=scheme,
        occurred_at=last_month_at(14),
        location="=cmd()",
        outcomes=["emotional-support", "referred-to-staff"],
    )
    response = client_for(staff).get(f"/schemes/{scheme.pk}/monitoring/activity/export.csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(streamed(response).decode())))
    assert rows[0][:3] == ["Entry", "Date and time", "Location"]
    assert len(rows) == 3
    assert rows[1][6] == "3;7"
    assert rows[2][2] == "'=cmd()"  # never run as a formula by a spreadsheet
    assert rows[2][5] == "emotional-support;referred-to-staff"


def test_the_activity_exports_queries_grow_by_chunk_not_by_row(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    running(scheme)
    client = client_for(coordinator)
    path = f"/schemes/{scheme.pk}/monitoring/activity/export.csv"
    ActivityEntryFactory(scheme=scheme)
    few = queries(client, path)
    for _ in range(30):
        ActivityEntryFactory(scheme=scheme)
    assert queries(client, path) == few


def test_the_backfill_counts_activity_logged_before_the_summaries_existed(
    scheme: Scheme,
) -> None:
    from importlib import import_module

    from django.apps import apps

    running(scheme)
    entry = ActivityEntryFactory(scheme=scheme, occurred_at=last_month_at(23), location="X")
    ActivityWingMonth.objects.all().delete()
    ActivityHourMonth.objects.all().delete()
    migration = import_module("monitoring.migrations.0004_pack")
    migration.backfill(apps, None)
    assert ActivityWingMonth.objects.get(scheme=scheme, location="X").entries == 1
    assert ActivityHourMonth.objects.get(scheme=scheme, hour=23).entries == 1
    assert ActivityEntry.objects.count() == 1
    assert entry.pk


def test_the_pack_shows_the_headcount_and_the_periods_training_hours_the_registry_gives(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    running(scheme)
    period = default_period(timezone.localdate())
    before = date(period.start.year - 1, period.start.month, 1)
    phases.register(
        phases.Phase(
            number=94,
            slug="test-pack-figures",
            title="Test",
            summary="",
            checklist=(),
            figures_many=lambda schemes, day: {
                s.pk: {
                    phases.HEADCOUNT: 9,
                    phases.TRAINING_HOURS: {
                        period.start: Decimal("6.5"),
                        period.end: Decimal("3"),
                        before: Decimal("100"),
                    },
                }
                for s in schemes
            },
        )
    )
    try:
        response = client_for(coordinator).get(pack_url(scheme, "csv/"))
        rows = list(csv.reader(io.StringIO(streamed(response).decode())))
    finally:
        phases._registry.pop(94)
    assert [f"Peer supporters in post on {timezone.localdate():%-d %B %Y}", "9"] in rows
    assert ["Hours of training completed in the period", "9.5"] in rows


def test_without_a_phase_that_counts_people_the_pack_says_not_recorded_yet(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    running(scheme)
    page = client_for(coordinator).get(pack_url(scheme)).content.decode()
    if phases.HEADCOUNT not in phases.figures_many([scheme], timezone.localdate())[scheme.pk]:
        assert "Not recorded yet" in page


def test_recruitment_counts_training_hours_by_month_for_the_pack(scheme: Scheme) -> None:
    from recruitment.models import ModuleKind, TrainingModule, TrainingRecord
    from recruitment.pack_figures import training_hours_many
    from tests.factories import PlacementFactory

    placement = PlacementFactory(scheme=scheme)
    module = TrainingModule.objects.create(
        scheme=scheme, title="Listening", kind=ModuleKind.CORE, hours=3, delivered_by="Samaritans"
    )
    today = timezone.localdate()
    for hours, day in ((Decimal("3"), today), (Decimal("1.5"), today.replace(day=1))):
        TrainingRecord.objects.create(
            placement=placement,
            module=module,
            completed_on=day,
            hours=hours,
            trainer="Samaritans",
            passed=True,
        )
    figures = training_hours_many([scheme], today)
    assert figures == {scheme.pk: {phases.TRAINING_HOURS: {today.replace(day=1): Decimal("4.5")}}}
