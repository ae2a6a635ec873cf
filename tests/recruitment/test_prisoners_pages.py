"""The prisoner register, a prisoner's page, and importing the prison's extract through
its check page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Prison, Role, User
from recruitment.models import PlacementStatus, Prisoner
from schemes.models import Scheme
from tests.factories import (
    ApplicationFactory,
    PlacementFactory,
    PrisonerFactory,
    SchemeFactory,
    user_with_role,
)
from tests.pages import error_summary
from tests.recruitment.extracts import csv_bytes, number, row, row_of, xlsx_bytes

ClientFor = Callable[[User | None], Client]


def register(prison: Prison) -> str:
    return f"/prisons/{prison.pk}/prisoners/"


def upload(client: Client, prison: Prison, data: bytes, name: str = "extract.csv") -> Any:
    return client.post(
        f"/prisons/{prison.pk}/prisoners/import/", {"extract": SimpleUploadedFile(name, data)}
    )


# --- the register ---------------------------------------------------------------------


def test_staff_see_the_prisons_register_with_wing_and_release(
    leeds: Prison, staff: User, client_for: ClientFor
) -> None:
    PrisonerFactory(
        prison=leeds,
        first_name="Jamal",
        last_name="Mensah",
        prison_number="A1234BC",
        cell_location="C-3-021",
        earliest_release_date=date(2027, 3, 14),
    )
    PrisonerFactory(prison=leeds, last_name="Gone", in_prison=False, left_on=date(2026, 1, 5))
    page = client_for(staff).get(register(leeds)).content.decode()
    assert "Mensah, Jamal" in page
    assert "A1234BC" in page
    assert ">C<" in page  # the wing
    assert "14 Mar 2027" in page
    assert "Gone" not in page  # who has left is a filter away


def test_the_register_finds_people_by_name_or_number_and_lists_who_has_left(
    leeds: Prison, governor: User, client_for: ClientFor
) -> None:
    PrisonerFactory(prison=leeds, first_name="Jamal", last_name="Mensah", prison_number="A1234BC")
    PrisonerFactory(prison=leeds, first_name="Owen", last_name="Price", prison_number="G7654XY")
    PrisonerFactory(prison=leeds, last_name="Walsh", in_prison=False, left_on=date(2026, 1, 5))
    client = client_for(governor)
    found = client.get(register(leeds), {"q": "mensah"}).content.decode()
    assert "Mensah" in found
    assert "Price" not in found
    by_number = client.get(register(leeds), {"q": "g7654xy"}).content.decode()
    assert "Price" in by_number
    assert "Mensah" not in by_number
    left = client.get(register(leeds), {"status": "left"}).content.decode()
    assert "Walsh" in left
    assert "Left 5 Jan 2026" in left
    assert "Mensah" not in left
    nobody = client.get(register(leeds), {"q": "nobody"}).content.decode()
    assert "No prisoner matches your search" in nobody


def test_anonymised_people_are_not_listed(
    leeds: Prison, staff: User, client_for: ClientFor
) -> None:
    PrisonerFactory(
        prison=leeds,
        prison_number=None,
        first_name="",
        last_name="",
        in_prison=False,
        left_on=date(2019, 1, 1),
        anonymised_at=timezone.now(),
    )
    page = client_for(staff).get(register(leeds), {"status": "all"}).content.decode()
    assert "Anonymised" not in page
    assert "No prisoners are listed yet" in page


def test_the_analyst_sees_no_register_and_another_prison_cannot_find_it(
    leeds: Prison, analyst: User, outsider: User, client_for: ClientFor
) -> None:
    prisoner = PrisonerFactory(prison=leeds)
    for path in (register(leeds), f"{register(leeds)}{prisoner.pk}/"):
        assert client_for(analyst).get(path).status_code == 403
        assert client_for(outsider).get(path).status_code == 404


def test_only_coordinators_are_offered_the_import(
    leeds: Prison, coordinator: User, staff: User, client_for: ClientFor
) -> None:
    assert "Import an extract" in client_for(coordinator).get(register(leeds)).content.decode()
    assert "Import an extract" not in client_for(staff).get(register(leeds)).content.decode()


def register_queries(client: Client, prison: Prison) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(register(prison), {"status": "all"})
    assert response.status_code == 200
    return len(captured)


def test_the_register_costs_the_same_queries_for_3_prisoners_or_120(
    leeds: Prison, staff: User, client_for: ClientFor
) -> None:
    client = client_for(staff)
    PrisonerFactory.create_batch(3, prison=leeds)
    few = register_queries(client, leeds)
    # The session, the user, their memberships, the prison, the counts held and gone
    # (the register's length too), a page of prisoners, the reminders count.
    assert few <= 7
    PrisonerFactory.create_batch(117, prison=leeds)
    assert register_queries(client, leeds) == few


# --- a prisoner's page ----------------------------------------------------------------


def test_a_prisoners_page_shows_their_details_age_band_and_ethnic_group(
    scheme: Scheme, staff: User, client_for: ClientFor
) -> None:
    today = timezone.localdate()
    prisoner = PrisonerFactory(
        prison=scheme.prison,
        first_name="Jamal",
        last_name="Mensah",
        date_of_birth=today.replace(year=today.year - 27) - timedelta(days=1),
        ethnicity="Asian/Asian British: Indian",
        cell_location="C-3-021",
        indeterminate_sentence=True,
        earliest_release_date=None,
    )
    ApplicationFactory(scheme=scheme, prisoner=prisoner)
    PlacementFactory(scheme=scheme, prisoner=prisoner, status=PlacementStatus.PROBATION)
    page = client_for(staff).get(f"{register(scheme.prison)}{prisoner.pk}/").content.decode()
    assert "Jamal Mensah" in page
    assert "25 to 29" in page
    assert "Asian or Asian British" in page
    assert "wing C" in page
    assert "indeterminate sentence" in page
    assert "Listeners" in page
    assert "On probation" in page
    assert "Applied" in page


def test_another_prisons_prisoner_is_not_found_through_this_prison(
    leeds: Prison, bristol: Prison, staff: User, client_for: ClientFor
) -> None:
    theirs = PrisonerFactory(prison=bristol)
    assert client_for(staff).get(f"{register(leeds)}{theirs.pk}/").status_code == 404


# --- importing ------------------------------------------------------------------------


def test_a_coordinator_checks_an_extract_then_confirms_it(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    leeds = scheme.prison
    moving = PrisonerFactory(prison=leeds, last_name="Moving")
    leaving = PrisonerFactory(prison=leeds, last_name="Leaving")
    PlacementFactory(scheme=scheme, prisoner=leaving)
    rows = [
        row(1, firstName="Newton"),
        row_of(moving, cellLocation="F-1-001"),
        row(2, prisonerNumber="12345"),
        row(3, prisonId="BLI"),
    ]
    client = client_for(coordinator)
    response = upload(client, leeds, csv_bytes(rows))
    assert response.status_code == 302
    check = client.get(response["Location"])
    page = check.content.decode()
    assert "Nothing has been saved yet" in page
    assert "Newton" in page
    assert "Cell: B-2-014" in page
    assert "F-1-001" in page
    assert "The prison number is not in the format A1234BC" in page
    assert "This row is for another prison (BLI)" in page
    assert "Leaving" in page
    assert "ending 1 peer support placement" in page
    assert not Prisoner.objects.filter(prison_number=number(1)).exists()  # nothing saved yet

    confirmed = client.post(response["Location"])
    assert confirmed.status_code == 302
    assert confirmed["Location"] == register(leeds)
    assert Prisoner.objects.filter(prison_number=number(1), prison=leeds).exists()
    moving.refresh_from_db()
    leaving.refresh_from_db()
    assert moving.cell_location == "F-1-001"
    assert not leaving.in_prison
    message = client.get(register(leeds)).content.decode()
    assert "1 added, 1 updated, 1 marked as having left (1 placements ended)" in message


def test_an_xlsx_extract_can_be_imported(
    leeds: Prison, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    response = upload(client, leeds, xlsx_bytes([row(1)]), "extract.xlsx")
    assert response.status_code == 302
    assert client.post(response["Location"]).status_code == 302
    assert Prisoner.objects.filter(prison_number=number(1)).exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("extract.csv", b"", "The selected file is empty"),
        ("extract.docx", b"PK\x03\x04", "The selected file must be a CSV or XLSX file"),
        ("extract.csv", "prisonerNumber\n".encode("utf-16"), "must be saved as UTF-8"),
        ("extract.csv", csv_bytes([row(1)], ["prisonerNumber"]), "must have the columns"),
        ("extract.csv", csv_bytes([row(1, prisonId="BLI")]), "no rows that can be imported"),
    ],
)
def test_a_file_that_cannot_be_imported_is_explained_in_the_error_summary(
    leeds: Prison,
    coordinator: User,
    client_for: ClientFor,
    name: str,
    data: bytes,
    message: str,
) -> None:
    response = upload(client_for(coordinator), leeds, data, name)
    assert response.status_code == 200
    assert message in error_summary(response.content.decode())
    assert "<title>Error: " in response.content.decode()


def test_a_file_over_10_mb_is_refused(
    leeds: Prison, coordinator: User, client_for: ClientFor
) -> None:
    response = upload(client_for(coordinator), leeds, b"x" * (10 * 1024 * 1024 + 10))
    assert "smaller than 10 MB" in error_summary(response.content.decode())


def test_a_confirmation_after_another_import_is_refused_and_checked_again(
    leeds: Prison, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    first = upload(client, leeds, csv_bytes([row(1)]))["Location"]
    second = upload(client, leeds, csv_bytes([row(1), row(2)]))["Location"]
    assert client.post(first).status_code == 302
    refused = client.post(second)
    assert refused.status_code == 409
    assert "Another import was confirmed" in error_summary(refused.content.decode())
    assert not Prisoner.objects.filter(prison_number=number(2)).exists()
    # Checked again against the register as it is now, it can be confirmed.
    assert client.post(second).status_code == 302
    assert Prisoner.objects.filter(prison_number=number(2)).exists()


def test_an_upload_is_only_for_the_coordinator_who_made_it_and_only_once(
    leeds: Prison,
    coordinator: User,
    client_for: ClientFor,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(coordinator)
    check = upload(client, leeds, csv_bytes([row(1)]))["Location"]
    colleague = user_with_role(Role.COORDINATOR, leeds, "second-coordinator")
    assert client_for(colleague).get(check).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(check).status_code == 302
    gone = client.get(check)
    assert gone.status_code == 404
    assert "This upload is no longer available" in gone.content.decode()


def test_reading_the_check_page_saves_nothing(
    leeds: Prison, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    check = upload(client, leeds, csv_bytes([row(1)]))["Location"]
    client.get(check)
    client.get(check)
    assert not Prisoner.objects.exists()


# --- the privacy notice and the admin -----------------------------------------------------


def test_the_privacy_notice_says_what_is_kept_about_prisoners_and_for_how_long(
    client_for: ClientFor, settings: Any
) -> None:
    page = client_for(None).get("/privacy/").content.decode()
    assert "about prisoners, from their prison's own systems" in page
    assert "6 years after they left" in page
    assert "Suitability notes" in page
    assert "are confidential" in page
    settings.PRISONER_RETENTION_DAYS = 90
    assert "90 days after they left" in client_for(None).get("/privacy/").content.decode()


def test_the_admin_can_read_a_prisoner_but_not_add_change_or_delete_one(
    leeds: Prison, admin_user: User, client_for: ClientFor
) -> None:
    prisoner = PrisonerFactory(prison=leeds, first_name="Jamal")
    client = client_for(admin_user)
    page = f"/admin/recruitment/prisoner/{prisoner.pk}/change/"
    assert client.get(page).status_code == 200
    assert client.post(page, {"first_name": "Changed"}).status_code == 403
    assert client.get("/admin/recruitment/prisoner/add/").status_code == 403
    assert client.post(f"/admin/recruitment/prisoner/{prisoner.pk}/delete/").status_code == 403
    prisoner.refresh_from_db()
    assert prisoner.first_name == "Jamal"


def test_a_head_request_to_the_check_page_imports_nothing(
    leeds: Prison, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    check = upload(client, leeds, csv_bytes([row(1)]))["Location"]
    assert client.head(check).status_code == 200
    assert not Prisoner.objects.exists()


def page_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_a_prisoners_page_costs_the_same_queries_with_1_scheme_or_6(
    scheme: Scheme, staff: User, client_for: ClientFor
) -> None:
    prisoner = PrisonerFactory(prison=scheme.prison)
    ApplicationFactory(scheme=scheme, prisoner=prisoner)
    client = client_for(staff)
    path = f"{register(scheme.prison)}{prisoner.pk}/"
    one = page_queries(client, path)
    for n in range(5):
        other = SchemeFactory(prison=scheme.prison, name=f"Scheme {n}")
        ApplicationFactory(scheme=other, prisoner=prisoner)
        PlacementFactory(scheme=other, prisoner=prisoner)
    assert page_queries(client, path) == one


def test_the_check_page_costs_the_same_queries_for_5_rows_or_60(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    known = [PrisonerFactory(prison=scheme.prison) for _ in range(60)]
    for prisoner in known[40:]:
        PlacementFactory(scheme=scheme, prisoner=prisoner)
    few = upload(
        client,
        scheme.prison,
        csv_bytes(
            [row_of(p, cellLocation="A-1-001") for p in known[:2]]
            + [row(1), row(2, prisonId="BLI")]
        ),
    )["Location"]
    many = upload(
        client,
        scheme.prison,
        csv_bytes(
            [row_of(p, cellLocation="A-1-001") for p in known[:30]]
            + [row(n) for n in range(20)]
            + [row(n, prisonId="BLI") for n in range(100, 110)]
        ),
    )["Location"]
    assert page_queries(client, few) == page_queries(client, many)
