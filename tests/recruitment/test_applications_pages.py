"""The recruitment pages: a coordinator opens a round and prints its notice, staff refer
a prisoner, the coordinator decides against each criterion, the letter explains it, and
the waitlist keeps approved applicants in order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from accounts.models import User
from recruitment.models import Application, ApplicationStatus, DecisionReason, RecruitmentRound
from schemes.models import Scheme
from tests.factories import (
    ApplicationFactory,
    PrisonerFactory,
    RecruitmentRoundFactory,
)
from tests.pages import error_summary
from tests.schemes.matrix_rows import date_parts

ClientFor = Callable[[User | None], Client]
TODAY = timezone.localdate()


def base(scheme: Scheme) -> str:
    return f"/schemes/{scheme.pk}/recruitment/"


def round_form(**changes: Any) -> dict[str, Any]:
    return {
        "title": "Listeners: spring",
        **date_parts("opens_on", TODAY),
        **date_parts("closes_on", TODAY + timedelta(days=21)),
        "places": "4",
        "selection_criteria": "A good listener\nAt least 6 months left to serve",
        "advertising": "Wing notices",
        **changes,
    }


def test_a_coordinator_opens_a_round_and_sees_it_listed(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    response = client.post(base(scheme) + "rounds/new/", round_form())
    created = RecruitmentRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{base(scheme)}rounds/{created.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "At least 6 months left to serve" in page
    assert "The recruitment round has been saved" in page
    listed = client.get(base(scheme) + "rounds/").content.decode()
    assert "Listeners: spring" in listed
    assert "Open" in listed


def test_a_round_closing_before_it_opens_is_refused_with_a_gov_uk_error(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    response = client_for(coordinator).post(
        base(scheme) + "rounds/new/",
        round_form(
            **date_parts("closes_on", TODAY - timedelta(days=1)),
            selection_criteria=" \n ",
            places="0",
        ),
    )
    summary = error_summary(response.content.decode())
    assert response.status_code == 200
    assert "The closing date must be the same as or after the opening date" in summary
    assert "Enter at least one selection criterion" in summary
    assert "There must be at least 1 place" in summary
    assert not RecruitmentRound.objects.exists()


def test_changing_a_round_someone_else_changed_keeps_what_was_typed(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    recruitment_round = RecruitmentRoundFactory(scheme=scheme, places=6)
    RecruitmentRound.objects.filter(pk=recruitment_round.pk).update(places=9, version=2)
    response = client_for(coordinator).post(
        f"{base(scheme)}rounds/{recruitment_round.pk}/change/",
        round_form(title="Typed title", version=1),
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Somebody else changed this round" in page
    assert 'value="Typed title"' in page
    assert 'name="version" value="2"' in page
    recruitment_round.refresh_from_db()
    assert recruitment_round.places == 9


def test_the_analyst_sees_rounds_and_their_counts_but_no_applicant(
    scheme: Scheme, analyst: User, client_for: ClientFor
) -> None:
    recruitment_round = RecruitmentRoundFactory(scheme=scheme)
    application = ApplicationFactory(scheme=scheme, round=recruitment_round)
    client = client_for(analyst)
    listed = client.get(base(scheme) + "rounds/").content.decode()
    detail = client.get(f"{base(scheme)}rounds/{recruitment_round.pk}/").content.decode()
    name = application.prisoner.last_name
    assert recruitment_round.title in listed
    assert name not in listed
    assert name not in detail
    assert application.prisoner.prison_number not in detail
    assert client.get(base(scheme) + "applications/").status_code == 403
    assert client.get(base(scheme) + "waitlist/").status_code == 403


def test_the_notice_for_the_wings_says_who_can_apply_by_when_and_how(
    scheme: Scheme, staff: User, client_for: ClientFor
) -> None:
    recruitment_round = RecruitmentRoundFactory(scheme=scheme)
    page = client_for(staff).get(f"{base(scheme)}rounds/{recruitment_round.pk}/poster/")
    text = page.content.decode()
    assert page.status_code == 200
    assert f"Become a {scheme.name} peer supporter" in text
    assert f"Anyone held at {scheme.prison.name} can apply" in text
    assert "No adjudications in the last 3 months" in text
    assert f"Apply by {recruitment_round.closes_on:%A %-d %B %Y}" in text
    assert "How to apply" in text
    assert "app-poster" in text


def test_staff_refer_a_prisoner_by_prison_number(
    scheme: Scheme, staff: User, client_for: ClientFor
) -> None:
    prisoner = PrisonerFactory(prison=scheme.prison)
    recruitment_round = RecruitmentRoundFactory(scheme=scheme)
    client = client_for(staff)
    form = client.get(base(scheme) + "applications/new/").content.decode()
    assert "Refer a prisoner" in form
    assert 'name="route"' not in form  # staff refer; only coordinators record self-applications
    response = client.post(
        base(scheme) + "applications/new/",
        {
            "prison_number": f" {prisoner.prison_number.lower()} ",
            "round": recruitment_round.pk,
            "statement": "Calm, and others already come to him.",
        },
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert application.route == "referral"
    assert application.prisoner == prisoner
    assert application.round == recruitment_round
    assert "The referral has been recorded" in client.get(response["Location"]).content.decode()


def test_a_prison_number_in_the_wrong_format_or_unknown_is_explained(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    wrong = client.post(
        base(scheme) + "applications/new/", {"prison_number": "12345", "route": "self"}
    )
    unknown = client.post(
        base(scheme) + "applications/new/", {"prison_number": "Z9999ZZ", "route": "self"}
    )
    assert "Enter a prison number in the correct format, like A1234BC" in error_summary(
        wrong.content.decode()
    )
    assert "Nobody with prison number Z9999ZZ is recorded at HMP Leeds" in error_summary(
        unknown.content.decode()
    )
    assert not Application.objects.exists()


def test_a_second_live_application_is_refused_on_the_form(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    first = ApplicationFactory(scheme=scheme)
    response = client_for(coordinator).post(
        base(scheme) + "applications/new/",
        {"prison_number": first.prisoner.prison_number, "route": "self"},
    )
    assert response.status_code == 200
    assert "already has an application to this scheme that is still open" in error_summary(
        response.content.decode()
    )
    assert Application.objects.count() == 1


def decision_post(application: Application, **changes: Any) -> dict[str, Any]:
    assert application.round is not None
    return {
        "decision": "shortlisted",
        **{f"criterion_{i}": "met" for i in range(len(application.round.criteria))},
        "reason": "meets_criteria",
        "note": "",
        "version": application.version,
        **changes,
    }


def test_the_coordinator_shortlists_against_each_criterion_and_the_history_shows_it(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    application = ApplicationFactory(scheme=scheme, round=RecruitmentRoundFactory(scheme=scheme))
    client = client_for(coordinator)
    url = f"{base(scheme)}applications/{application.pk}/"
    form = client.get(url + "decision/").content.decode()
    assert "No adjudications in the last 3 months" in form
    assert 'value="approved"' not in form  # assessed first
    response = client.post(url + "decision/", decision_post(application))
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Decision recorded: shortlisted" in page
    assert "Applied to shortlisted" in page
    assert "Meets the selection criteria" in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SHORTLISTED


def test_a_decision_missing_a_criterion_names_it(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    application = ApplicationFactory(scheme=scheme, round=RecruitmentRoundFactory(scheme=scheme))
    response = client_for(coordinator).post(
        f"{base(scheme)}applications/{application.pk}/decision/",
        decision_post(application, criterion_1=""),
    )
    assert response.status_code == 200
    assert "Select whether the applicant meets “No adjudications in the last 3 months”" in (
        error_summary(response.content.decode())
    )


def test_a_decision_made_meanwhile_answers_409_and_keeps_what_was_typed(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    application = ApplicationFactory(scheme=scheme, round=RecruitmentRoundFactory(scheme=scheme))
    body = decision_post(application, decision="declined", reason="no_places", note="Typed note")
    Application.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.SHORTLISTED, version=2, decided_on=TODAY
    )
    response = client_for(coordinator).post(
        f"{base(scheme)}applications/{application.pk}/decision/", body
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Somebody else changed this application" in page
    assert "Typed note" in page
    assert 'name="version" value="2"' in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SHORTLISTED


def test_the_letter_to_a_declined_applicant_names_the_unmet_criteria_and_how_to_ask_again(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    recruitment_round = RecruitmentRoundFactory(scheme=scheme)
    application = ApplicationFactory(
        scheme=scheme,
        round=recruitment_round,
        status=ApplicationStatus.DECLINED,
        decided_on=TODAY,
        decision_reason=DecisionReason.CRITERIA_NOT_MET,
        decision_note="Apply again once you have 3 months without an adjudication.",
        criteria_met={
            "Good listener": True,
            "No adjudications in the last 3 months": False,
            "At least 6 months left": True,
        },
    )
    text = (
        client_for(coordinator)
        .get(f"{base(scheme)}applications/{application.pk}/letter/")
        .content.decode()
    )
    assert f"Dear {application.prisoner.full_name}" in text
    assert "has not been successful this time" in text
    assert "does not meet the selection criteria" in text
    assert "You did not meet this selection criterion" in text
    assert "<li>No adjudications in the last 3 months</li>" in text
    assert "Apply again once you have 3 months" in text
    assert "You can apply again in a later round" in text


def test_the_letter_to_an_approved_applicant_says_they_wait_for_a_place(
    scheme: Scheme, staff: User, client_for: ClientFor
) -> None:
    application = ApplicationFactory(
        scheme=scheme, status=ApplicationStatus.APPROVED, decided_on=TODAY
    )
    text = (
        client_for(staff)
        .get(f"{base(scheme)}applications/{application.pk}/letter/")
        .content.decode()
    )
    assert "Your application has been approved" in text
    assert "waiting list for a place" in text


def test_the_waitlist_is_in_order_of_approval_then_application(
    scheme: Scheme, governor: User, client_for: ClientFor
) -> None:
    def approved(name: str, decided: int, applied: int) -> None:
        ApplicationFactory(
            scheme=scheme,
            prisoner=PrisonerFactory(prison=scheme.prison, last_name=name),
            status=ApplicationStatus.APPROVED,
            decided_on=TODAY - timedelta(days=decided),
            applied_on=TODAY - timedelta(days=applied),
        )

    approved("Third", decided=1, applied=30)
    approved("First", decided=10, applied=20)
    approved("Second", decided=1, applied=40)
    ApplicationFactory(
        scheme=scheme,
        prisoner=PrisonerFactory(prison=scheme.prison, last_name="Pending"),
        status=ApplicationStatus.SHORTLISTED,
    )
    text = client_for(governor).get(base(scheme) + "waitlist/").content.decode()
    waiting = text.split("Applications still to be decided")[0]
    assert waiting.index("First") < waiting.index("Second") < waiting.index("Third")
    assert "Pending" not in waiting
    assert "Pending" in text


def test_the_applications_list_filters_by_status_and_reports_a_bad_filter(
    scheme: Scheme, staff: User, client_for: ClientFor
) -> None:
    ApplicationFactory(
        scheme=scheme, prisoner=PrisonerFactory(prison=scheme.prison, last_name="Okonkwo")
    )
    Application.objects.update(status=ApplicationStatus.SHORTLISTED)
    ApplicationFactory(
        scheme=scheme, prisoner=PrisonerFactory(prison=scheme.prison, last_name="Nowakowski")
    )
    client = client_for(staff)
    text = client.get(base(scheme) + "applications/", {"status": "shortlisted"}).content.decode()
    assert "Okonkwo" in text
    assert "Nowakowski" not in text
    bad = client.get(base(scheme) + "applications/", {"status": "nonsense"})
    assert bad.status_code == 200
    assert "Select a status from the list" in error_summary(bad.content.decode())


def test_the_admin_reads_rounds_and_applications_but_cannot_change_them(
    scheme: Scheme, admin_user: User, client_for: ClientFor
) -> None:
    application = ApplicationFactory(scheme=scheme, round=RecruitmentRoundFactory(scheme=scheme))
    client = client_for(admin_user)
    page = f"/admin/recruitment/application/{application.pk}/change/"
    assert client.get(page).status_code == 200
    assert client.post(page, {"status": "approved"}).status_code == 403
    assert client.get("/admin/recruitment/recruitmentround/add/").status_code == 403
    assert client.get("/admin/recruitment/application/add/").status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED
