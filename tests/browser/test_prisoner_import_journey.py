"""Importing a prison's extract in a real browser, on a phone-sized screen (390 pixels
wide).

The coordinator goes from their prison's dashboard to its prisoners, uploads a file
that is not an extract (the error summary says why), then the shipped sample extract
with its two bad rows: the check page lists who is added, who has left and the refused
rows with their reasons; nothing is saved until they confirm. Then they open one
prisoner's page. Every page is checked with axe-core (see support.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import BrowserContext, FilePayload, expect

from accounts.models import Prison, User
from recruitment.models import Prisoner
from schemes.models import Scheme
from tests.browser.support import (
    PHONE,
    error_summary,
    follow_link,
    heading,
    press_button,
    sign_in,
    success_banner,
    visit,
)
from tests.factories import PlacementFactory, PrisonerFactory

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "sample-extract.csv"


def test_a_coordinator_imports_the_sample_extract_with_its_bad_rows(
    new_context: Callable[..., BrowserContext],
    server: str,
    coordinator: User,
    leeds: Prison,
    scheme: Scheme,
) -> None:
    # Someone the register holds who is not in the extract: released, with a placement.
    released = PrisonerFactory(prison=leeds, first_name="Released", last_name="Person")
    PlacementFactory(scheme=scheme, prisoner=released)

    page = new_context(viewport=PHONE).new_page()
    sign_in(page, server, coordinator)
    visit(page, f"{server}/dashboard/prisons/{leeds.pk}/")
    follow_link(page, "Prisoners at HMP Leeds")
    expect(heading(page)).to_have_text("Prisoners")
    press_button(page, "Import an extract")
    expect(heading(page)).to_have_text("Import the prison's extract")

    # Not an extract: the error summary says why, and the page keeps its title.
    not_an_extract: FilePayload = {
        "name": "notes.pdf",
        "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4",
    }
    page.get_by_label("Upload the extract").set_input_files(files=[not_an_extract])
    press_button(page, "Check the extract")
    expect(error_summary(page)).to_contain_text("The selected file must be a CSV or XLSX file")
    expect(page).to_have_title(
        "Error: Import the prison's extract: HMP Leeds – Peer Support Planner"
    )

    # The sample extract: 28 people to add, 2 rows refused, 1 person who has left.
    page.get_by_label("Upload the extract").set_input_files(SAMPLE)
    press_button(page, "Check the extract")
    expect(heading(page)).to_have_text("Check the import")
    body = page.locator("body")
    expect(body).to_contain_text("Nothing has been saved yet")
    expect(page.get_by_role("link", name="28 to add")).to_be_visible()
    expect(page.get_by_role("link", name="2 rows that cannot be imported")).to_be_visible()
    expect(body).to_contain_text("The prison number is not in the format A1234BC")
    expect(body).to_contain_text("The date of birth (1988-02-30) is not a real date")
    expect(body).to_contain_text("ending 1 peer support placement")
    left = page.get_by_role("region", name="Prisoners who will be marked as having left")
    expect(left).to_contain_text("Released Person")
    assert not Prisoner.objects.filter(first_name="Aaron").exists()

    press_button(page, "Confirm and import")
    expect(heading(page)).to_have_text("Prisoners")
    expect(success_banner(page)).to_contain_text(
        "28 added, 0 updated, 1 marked as having left (1 placements ended)"
    )

    # One of them: their details, age band and ethnic group.
    page.get_by_label("Name or prison number").fill("Ahmed")
    press_button(page, "Search")
    follow_link(page, "Ahmed, Aaron")
    expect(heading(page)).to_have_text("Aaron Ahmed")
    expect(page.locator("body")).to_contain_text("Mixed or multiple ethnic groups")
    expect(page.locator("body")).to_contain_text("Equality monitoring")
