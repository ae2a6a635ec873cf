"""A coordinator creates and edits schemes; others see them as their role allows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from accounts.models import Prison, Role, User
from schemes.models import Scheme, SchemeStatus, SchemeType
from tests.factories import SchemeFactory, user_with_role

ClientFor = Callable[[User | None], Client]


def scheme_answers(prison: Prison, **overrides: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "prison": prison.pk,
        "name": "Toe by Toe",
        "scheme_type": SchemeType.READING,
        "purpose": "Reading mentors teach prisoners who struggle to read.",
        "target_group": "Prisoners with a reading age below 11.",
        "partner_organisation": "Shannon Trust",
        "coordinator": "",
        "target_peer_supporters": "10",
        "minimum_peer_supporters": "4",
    }
    answers.update(overrides)
    return answers


def edit_answers(scheme: Scheme, **overrides: Any) -> dict[str, Any]:
    answers = scheme_answers(scheme.prison, name=scheme.name, version=scheme.version)
    answers.pop("prison")
    answers.update(overrides)
    return answers


def test_coordinator_creates_a_scheme_in_planning(
    leeds: Prison, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    response = client.post(
        "/schemes/new/", scheme_answers(leeds, coordinator=coordinator.pk), follow=True
    )
    scheme = Scheme.objects.get(name="Toe by Toe")
    assert response.redirect_chain[-1][0] == f"/schemes/{scheme.pk}/"
    assert scheme.prison == leeds
    assert scheme.status == SchemeStatus.PLANNING
    assert scheme.created_by == coordinator
    assert scheme.coordinator == coordinator
    assert b"Toe by Toe has been created" in response.content
    assert b"govuk-notification-banner--success" in response.content


def test_missing_name_shows_the_error_summary_and_keeps_what_was_typed(
    leeds: Prison, coordinator: User, client_for: ClientFor
) -> None:
    response = client_for(coordinator).post("/schemes/new/", scheme_answers(leeds, name=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_name"' in html
    assert "Enter the scheme&#x27;s name" in html
    assert "govuk-input--error" in html
    assert "Reading mentors teach prisoners who struggle to read." in html
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>Error: " in html
    assert not Scheme.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"target_peer_supporters": "ten"}, "target_peer_supporters", "as a whole number"),
        ({"target_peer_supporters": "0"}, "target_peer_supporters", "must be 1 or more"),
        ({"minimum_peer_supporters": "-3"}, "minimum_peer_supporters", "must be 1 or more"),
        (
            {"minimum_peer_supporters": "12"},
            "minimum_peer_supporters",
            "cannot be more than the target",
        ),
        ({"scheme_type": "knitting"}, "scheme_type", "Select the type of scheme"),
        ({"purpose": ""}, "purpose", "Enter the scheme&#x27;s purpose"),
        ({"name": "x" * 121}, "name", "120 characters or fewer"),
    ],
)
def test_bad_answers_are_refused_with_a_message_on_the_field(
    leeds: Prison,
    coordinator: User,
    client_for: ClientFor,
    overrides: dict[str, str],
    field: str,
    message: str,
) -> None:
    response = client_for(coordinator).post("/schemes/new/", scheme_answers(leeds, **overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="#id_{field}' in html
    assert message in html
    assert not Scheme.objects.exists()


def test_a_scheme_name_is_unique_within_a_prison(
    leeds: Prison, coordinator: User, client_for: ClientFor
) -> None:
    SchemeFactory(prison=leeds, name="Toe by Toe")
    response = client_for(coordinator).post(
        "/schemes/new/", scheme_answers(leeds, name="toe by toe")
    )
    assert "HMP Leeds already has a scheme called toe by toe" in response.content.decode()
    assert Scheme.objects.count() == 1


def test_a_coordinator_cannot_create_a_scheme_at_another_prison(
    leeds: Prison, bristol: Prison, coordinator: User, client_for: ClientFor
) -> None:
    response = client_for(coordinator).post("/schemes/new/", scheme_answers(bristol))
    assert "Select one of your prisons" in response.content.decode()
    assert not Scheme.objects.exists()


def test_the_coordinator_must_work_at_the_schemes_prison(
    leeds: Prison, bristol: Prison, coordinator: User, outsider: User, client_for: ClientFor
) -> None:
    both = user_with_role(Role.COORDINATOR, leeds, "both")
    both.memberships.create(prison=bristol, role=Role.COORDINATOR)
    response = client_for(both).post(
        "/schemes/new/", scheme_answers(leeds, coordinator=outsider.pk)
    )
    assert "Select a coordinator at HMP Leeds" in response.content.decode()
    assert not Scheme.objects.exists()


def test_coordinator_changes_the_scheme_details(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    response = client_for(coordinator).post(
        f"/schemes/{scheme.pk}/edit/", edit_answers(scheme, name="Listeners (wing A)")
    )
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.name == "Listeners (wing A)"
    assert scheme.version == 2


def test_two_stale_copies_of_the_edit_form_do_not_silently_lose_the_first_save(
    scheme: Scheme, coordinator: User, leeds: Prison, client_for: ClientFor
) -> None:
    second_coordinator = user_with_role(Role.COORDINATOR, leeds, "second")
    first = client_for(coordinator)
    second = client_for(second_coordinator)
    stale = edit_answers(scheme)  # both opened the form at version 1

    saved = first.post(f"/schemes/{scheme.pk}/edit/", {**stale, "target_peer_supporters": "20"})
    assert saved.status_code == 302

    refused = second.post(f"/schemes/{scheme.pk}/edit/", {**stale, "purpose": "Changed purpose"})
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "Somebody else changed this scheme after you opened this page" in html
    assert "Changed purpose" in html  # what they typed is still in the form
    assert "What is saved now" in html
    scheme.refresh_from_db()
    assert scheme.target_peer_supporters == 20
    assert scheme.purpose != "Changed purpose"
    assert f'name="version" value="{scheme.version}"' in html

    # Having seen the newer record, saving again is a deliberate choice and works.
    again = second.post(
        f"/schemes/{scheme.pk}/edit/",
        {**stale, "version": scheme.version, "purpose": "Changed purpose"},
    )
    assert again.status_code == 302
    scheme.refresh_from_db()
    assert scheme.purpose == "Changed purpose"


def test_an_invalid_edit_loses_nothing_already_saved(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    response = client_for(coordinator).post(
        f"/schemes/{scheme.pk}/edit/", edit_answers(scheme, name="", minimum_peer_supporters="x")
    )
    assert response.status_code == 200
    scheme.refresh_from_db()
    assert scheme.name == "Listeners"
    assert scheme.version == 1


def test_staff_and_governors_see_the_scheme_read_only(
    scheme: Scheme, staff: User, governor: User, client_for: ClientFor
) -> None:
    for user in (staff, governor):
        html = client_for(user).get(f"/schemes/{scheme.pk}/").content.decode()
        assert "Listeners" in html
        assert "Change scheme details" not in html
        assert str(scheme.coordinator) in html


def test_the_national_analyst_sees_every_prisons_schemes_without_personal_data(
    scheme: Scheme, bristol: Prison, analyst: User, client_for: ClientFor
) -> None:
    SchemeFactory(
        prison=bristol, name="Insiders", coordinator=user_with_role(Role.COORDINATOR, bristol)
    )
    client = client_for(analyst)
    listing = client.get("/schemes/").content.decode()
    assert "Listeners" in listing
    assert "Insiders" in listing
    assert "HMP Bristol" in listing
    assert "Coordinator" not in listing
    assert str(scheme.coordinator) not in listing
    page = client.get(f"/schemes/{scheme.pk}/").content.decode()
    assert str(scheme.coordinator) not in page
    assert "Change scheme details" not in page


def test_a_coordinator_sees_only_their_own_prisons_schemes(
    scheme: Scheme, bristol: Prison, outsider: User, client_for: ClientFor
) -> None:
    SchemeFactory(prison=bristol, name="Insiders")
    listing = client_for(outsider).get("/schemes/").content.decode()
    assert ">Insiders<" in listing
    assert ">Listeners<" not in listing
    assert client_for(outsider).get(f"/schemes/{scheme.pk}/").status_code == 404


def test_the_scheme_list_filters_by_type_and_status(
    leeds: Prison, coordinator: User, client_for: ClientFor
) -> None:
    SchemeFactory(prison=leeds, name="Listeners", scheme_type=SchemeType.LISTENERS)
    SchemeFactory(
        prison=leeds, name="Insiders", scheme_type=SchemeType.INSIDERS, status=SchemeStatus.ACTIVE
    )
    client = client_for(coordinator)
    by_type = client.get("/schemes/", {"scheme_type": "insiders"}).content.decode()
    assert ">Insiders<" in by_type
    assert ">Listeners<" not in by_type
    by_status = client.get("/schemes/", {"status": "planning"}).content.decode()
    assert ">Listeners<" in by_status
    assert ">Insiders<" not in by_status


def test_a_bad_filter_value_is_reported_not_a_server_error(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    response = client_for(coordinator).get("/schemes/", {"status": "bogus", "page": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Select a status from the list" in html
    assert "Listeners" in html


def test_the_scheme_list_is_paginated(
    leeds: Prison, coordinator: User, client_for: ClientFor
) -> None:
    SchemeFactory.create_batch(30, prison=leeds)
    client = client_for(coordinator)
    first = client.get("/schemes/").content.decode()
    assert "30 schemes, showing 1 to 25" in first
    assert 'rel="next"' in first
    second = client.get("/schemes/", {"page": 2}).content.decode()
    assert "showing 26 to 30" in second


def test_staff_cannot_create_or_change_schemes(
    scheme: Scheme, leeds: Prison, staff: User, client_for: ClientFor
) -> None:
    client = client_for(staff)
    assert b"Create a scheme" not in client.get("/schemes/").content
    assert client.post("/schemes/new/", scheme_answers(leeds)).status_code == 403
    assert client.post(f"/schemes/{scheme.pk}/edit/", edit_answers(scheme)).status_code == 403
    assert Scheme.objects.count() == 1
