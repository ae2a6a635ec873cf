"""The suitability and placement pages as their users meet them: confidential notes
only for coordinators and governors (each read logged), placements refused until every
party clears, and a form from a stale page answered 409 with what was typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from accounts.models import AccessLog, User
from recruitment.models import (
    Application,
    ApplicationStatus,
    Placement,
    RecruitmentSettings,
    SignOffParty,
    SuitabilityCheck,
)
from schemes.models import Scheme
from tests.factories import (
    ApplicationFactory,
    PlacementFactory,
    PrisonerFactory,
    SignOffPartyFactory,
    SuitabilityCheckFactory,
)
from tests.schemes.matrix_rows import date_parts

ClientFor = Callable[[User | None], Client]
TODAY = timezone.localdate()
NOTES = "Linked to a supply route on B wing in 2024."


def approved(scheme: Scheme) -> Application:
    return ApplicationFactory(
        scheme=scheme,
        status=ApplicationStatus.APPROVED,
        decided_on=TODAY - timedelta(days=1),
        prisoner=PrisonerFactory(prison=scheme.prison, first_name="Dean", last_name="Okafor"),
    )


def suitability_url(application: Application) -> str:
    return (
        f"/schemes/{application.scheme_id}/recruitment/applications/{application.pk}/suitability/"
    )


def test_a_governor_reading_the_notes_is_logged_once(
    scheme: Scheme, governor: User, client_for: ClientFor
) -> None:
    application = approved(scheme)
    SuitabilityCheckFactory(application=application, outcome="not_cleared", notes=NOTES)
    SuitabilityCheckFactory(application=application, notes="Nothing known.")
    response = client_for(governor).get(suitability_url(application))
    assert response.status_code == 200
    assert NOTES in response.content.decode()
    read = AccessLog.objects.get()
    assert (read.user, read.model, read.object_id, read.prison_id) == (
        governor,
        "recruitment.application",
        str(application.pk),
        scheme.prison_id,
    )
    assert read.what == "suitability notes"


def test_staff_see_that_checks_are_done_but_never_the_notes(
    scheme: Scheme, staff: User, client_for: ClientFor
) -> None:
    application = approved(scheme)
    SuitabilityCheckFactory(
        application=application,
        outcome="conditions",
        conditions="Not on the segregation unit",
        notes=NOTES,
    )
    page = client_for(staff).get(suitability_url(application)).content.decode()
    assert "Cleared with conditions" in page
    assert "Sam Patel, security manager" in page
    assert NOTES not in page
    assert "Not on the segregation unit" not in page
    assert not AccessLog.objects.exists()


def test_the_analyst_never_sees_an_applicants_checks(
    scheme: Scheme, analyst: User, client_for: ClientFor
) -> None:
    application = approved(scheme)
    SuitabilityCheckFactory(application=application, notes=NOTES)
    assert client_for(analyst).get(suitability_url(application)).status_code == 403
    assert not AccessLog.objects.exists()


def test_the_coordinator_opening_a_check_to_change_it_is_logged(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    check = SuitabilityCheckFactory(application=approved(scheme), notes=NOTES)
    url = f"{suitability_url(check.application)}{check.party_id}/"
    assert NOTES in client_for(coordinator).get(url).content.decode()
    assert AccessLog.objects.get().model == "recruitment.suitabilitycheck"


def test_a_placement_is_refused_on_the_page_naming_who_has_not_cleared(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    application = approved(scheme)
    SignOffPartyFactory(scheme=scheme, name="Safer custody")
    client = client_for(coordinator)
    url = f"/schemes/{scheme.pk}/recruitment/applications/{application.pk}/place/"
    page = client.get(url).content.decode()
    assert "Not every party has cleared them yet: Safer custody" in page
    response = client.post(url, {**date_parts("started_on", TODAY), "version": 1})
    assert response.status_code == 200
    assert "Safer custody has not cleared them yet" in response.content.decode()
    assert not Placement.objects.exists()


def test_the_coordinator_records_the_checks_then_starts_the_placement(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    application = approved(scheme)
    security = SignOffPartyFactory(scheme=scheme, name="Security")
    client = client_for(coordinator)
    check_url = f"{suitability_url(application)}{security.pk}/"
    response = client.post(
        check_url,
        {
            "outcome": "cleared",
            "conditions": "",
            "notes": NOTES,
            "checked_by_name": "Sam Patel, security manager",
            **date_parts("checked_on", TODAY),
            "version": 0,
        },
    )
    assert response.status_code == 302
    assert SuitabilityCheck.objects.get().notes == NOTES
    page = client.get(suitability_url(application)).content.decode()
    assert "Every party has cleared them" in page
    assert "Start their placement" in page
    response = client.post(
        f"/schemes/{scheme.pk}/recruitment/applications/{application.pk}/place/",
        {**date_parts("started_on", TODAY), "version": 1},
    )
    placement = Placement.objects.get()
    assert (
        response["Location"] == f"/schemes/{scheme.pk}/recruitment/peer-supporters/{placement.pk}/"
    )
    page = client.get(response["Location"]).content.decode()
    assert "Dean Okafor" in page
    assert "In training" in page
    assert NOTES not in page  # the sign-offs summary never shows the notes


def test_the_register_shows_wings_and_filters_by_status(
    scheme: Scheme, staff: User, client_for: ClientFor
) -> None:
    PlacementFactory(
        scheme=scheme,
        prisoner=PrisonerFactory(
            prison=scheme.prison, first_name="Tom", last_name="Okonkwo", cell_location="C-1-002"
        ),
    )
    PlacementFactory(
        scheme=scheme,
        status="probation",
        probation_started_on=TODAY - timedelta(days=7),
        probation_ends_on=TODAY + timedelta(days=49),
        prisoner=PrisonerFactory(
            prison=scheme.prison, first_name="Lee", last_name="Brannigan", cell_location="A-3-101"
        ),
    )
    client = client_for(staff)
    url = f"/schemes/{scheme.pk}/recruitment/peer-supporters/"
    page = client.get(url).content.decode()
    assert "Okonkwo" in page
    assert "Brannigan" in page
    assert '<td class="govuk-table__cell">C</td>' in page
    page = client.get(url, {"status": "probation"}).content.decode()
    assert "Brannigan" in page
    assert "Okonkwo" not in page
    assert (TODAY + timedelta(days=49)).strftime("%-d %b %Y") in page
    # A status that does not exist shows everyone who has not left.
    assert "Okonkwo" in client.get(url, {"status": "<script>"}).content.decode()


def test_settings_saved_since_the_page_opened_answer_409_keeping_what_was_typed(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    RecruitmentSettings.objects.create(scheme=scheme, probation_weeks=10, version=2)
    response = client_for(coordinator).post(
        f"/schemes/{scheme.pk}/recruitment/settings/",
        {
            "probation_weeks": "13",
            "training_weeks": "5",
            "practice_sessions": "2",
            "supervision_weeks": "4",
            "version": "1",
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert 'value="13"' in page
    assert "10 weeks" in page  # what is saved now
    assert 'name="version" value="2"' in page
    assert RecruitmentSettings.objects.get().probation_weeks == 10


def test_a_move_from_a_stale_page_answers_409_keeping_the_reason(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    placement = PlacementFactory(scheme=scheme, version=3)
    response = client_for(coordinator).post(
        f"/schemes/{scheme.pk}/recruitment/peer-supporters/{placement.pk}/move/",
        {
            "to_status": "suspended",
            "reason": "Adjudication for a fight on the servery",
            **date_parts("on", TODAY),
            "version": "2",
        },
    )
    assert response.status_code == 409
    assert "Adjudication for a fight on the servery" in response.content.decode()
    placement.refresh_from_db()
    assert placement.status == "active"


def test_a_governor_overrides_a_refusal_and_the_page_logs_the_read(
    scheme: Scheme, governor: User, client_for: ClientFor
) -> None:
    check = SuitabilityCheckFactory(
        application=approved(scheme), outcome="not_cleared", notes=NOTES
    )
    url = f"{suitability_url(check.application)}{check.party_id}/override/"
    client = client_for(governor)
    page = client.get(url).content.decode()
    assert NOTES in page
    assert AccessLog.objects.count() == 1
    response = client.post(url, {"override_reason": "", "version": 1})
    assert "Enter why you are overriding the refusal" in response.content.decode()
    response = client.post(url, {"override_reason": "Resolved two years ago", "version": 1})
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.clears


def test_parties_are_added_and_removed_from_the_settings_page(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    base = f"/schemes/{scheme.pk}/recruitment/settings/"
    assert client.post(f"{base}parties/new/", {"name": "Samaritans"}).status_code == 302
    party = SignOffParty.objects.get()
    assert "Samaritans" in client.get(base).content.decode()
    response = client.post(f"{base}parties/new/", {"name": "samaritans"})
    assert "Samaritans already signs off for this scheme" in response.content.decode()
    assert client.post(f"{base}parties/{party.pk}/remove/").status_code == 302
    assert not SignOffParty.objects.exists()
