"""Running a scheme, in a real browser: supervision and cover.

A member of staff records a one-to-one supervision they ran, with confidential notes;
the coordinator reads them (the reading is logged) and a governor is told they are
confidential. The coordinator sets the cover a Listener scheme promises, sees the
coming week's gap on B wing and who could fill it, and puts a peer supporter on the
rota. Every page is checked with axe-core (WCAG 2.2 AA): see support.py.
"""

from __future__ import annotations

import re
from datetime import time, timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import AccessLog, User
from recruitment.models import Availability, CoverAssignment, SupervisionSession
from schemes.models import Scheme, SchemeStatus
from tests.browser.support import (
    error_summary,
    field,
    fill_date,
    follow_link,
    heading,
    press_button,
    sign_in,
    sign_out,
    success_banner,
    visit,
)
from tests.factories import PlacementFactory, PrisonerFactory

NOTES = "Shaken after a night call-out on C wing; wants a week off nights."


def test_staff_record_supervision_and_only_the_allowed_read_its_notes(
    page: Page,
    server: str,
    scheme: Scheme,
    coordinator: User,
    staff: User,
    governor: User,
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.ACTIVE)
    today = timezone.localdate()
    PlacementFactory(
        scheme=scheme,
        started_on=today - timedelta(weeks=10),
        prisoner=PrisonerFactory(prison=scheme.prison, first_name="Dean", last_name="Okafor"),
    )
    supervision = f"{server}/schemes/{scheme.pk}/recruitment/supervision/"

    # Staff see Dean is overdue, and record the one-to-one they ran.
    sign_in(page, server, staff)
    visit(page, supervision)
    overdue = page.get_by_role(
        "table", name="Peer supporters overdue for supervision, longest overdue first"
    )
    expect(overdue).to_contain_text("Dean Okafor")
    press_button(page, "Record a supervision session")
    press_button(page, "Save supervision session")
    expect(error_summary(page)).to_contain_text("Enter the date of the session")
    fill_date(page, "Date of the session", today)
    field(page, "One-to-one with a peer supporter").check()
    field(page, "Dean Okafor (active)").check()
    page.get_by_role(
        "group", name="Was it a debrief after a difficult contact or a heavy load?"
    ).get_by_label("Yes", exact=True).check()
    field(page, "Notes (optional)").fill(NOTES)
    press_button(page, "Save supervision session")
    expect(heading(page)).to_contain_text("Supervision session of")
    expect(page.get_by_text(NOTES)).to_be_visible()
    session = SupervisionSession.objects.get()
    assert (session.supervisor, session.debrief) == (staff, True)
    sign_out(page, server)

    # The coordinator reads the notes: the reading is logged.
    sign_in(page, server, coordinator)
    visit(page, supervision)
    expect(page.get_by_text("No peer supporter is overdue for supervision.")).to_be_visible()
    follow_link(page, f"{today:%-d %B %Y}")
    expect(page.get_by_text(NOTES)).to_be_visible()
    assert AccessLog.objects.filter(user=coordinator, what="supervision notes").count() == 1
    sign_out(page, server)

    # A governor sees the session, not its notes.
    sign_in(page, server, governor)
    visit(page, f"{supervision}{session.pk}/")
    expect(page.get_by_text(NOTES)).to_have_count(0)
    expect(page.get_by_text("The notes are confidential")).to_be_visible()


def test_a_coordinator_sees_a_cover_gap_and_fills_it(
    page: Page, server: str, scheme: Scheme, coordinator: User, staff: User
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.ACTIVE)
    today = timezone.localdate()
    on_c = PlacementFactory(
        scheme=scheme,
        prisoner=PrisonerFactory(
            prison=scheme.prison, first_name="Ayo", last_name="Mensah", cell_location="C-1-004"
        ),
    )
    Availability.objects.create(
        placement=on_c, weekday=today.weekday(), starts=time(16), ends=time(9)
    )
    cover = f"{server}/schemes/{scheme.pk}/recruitment/cover/"

    sign_in(page, server, coordinator)
    visit(page, cover)
    expect(page.get_by_text("The scheme has not set the cover it needs yet.")).to_be_visible()
    press_button(page, "Add cover the scheme needs")
    field(page, "Where").fill("B")
    field(page, today.strftime("%A")).check()
    field(page, "From").fill("17:00")
    field(page, "Until").fill("17:00")
    field(page, "Peer supporters needed").fill("1")
    press_button(page, "Add cover")
    expect(error_summary(page)).to_contain_text(
        "The band must end at a different time from when it starts"
    )
    field(page, "Until").fill("08:00")
    press_button(page, "Add cover")

    # B wing tonight is short: Ayo, on C wing and available, could fill it.
    gap = page.locator(".govuk-summary-card").filter(has_text=f"{today:%A %-d %B}, B")
    expect(gap).to_contain_text("0 of 1 needed: 1 short")
    expect(gap).to_contain_text("Ayo Mensah (wing C)")
    press_button(page, re.compile(r"^Put on the rota\s*: Ayo Mensah"))
    expect(success_banner(page)).to_contain_text("Ayo Mensah is on the rota for B")
    expect(page.get_by_text("Every band of cover is met in the next 7 days.")).to_be_visible()
    assert CoverAssignment.objects.get().placement == on_c
    sign_out(page, server)

    # Staff see the rota too, but cannot change it.
    sign_in(page, server, staff)
    visit(page, cover)
    expect(page.get_by_role("button", name="Add cover the scheme needs")).to_have_count(0)
