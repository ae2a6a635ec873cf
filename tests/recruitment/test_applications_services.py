"""The services for rounds and applications: permissions, validation, the one live
application rule, decisions against the criteria, and the optimistic version check."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import User
from recruitment.models import (
    Application,
    ApplicationRoute,
    ApplicationStatus,
    DecisionReason,
    RecruitmentRound,
)
from recruitment.selectors.applications import decision_history
from recruitment.services.applications import (
    application_decide,
    application_record,
    application_withdraw,
    round_create,
    round_update,
)
from schemes.models import Scheme, SchemeStatus
from schemes.services.access import CLOSED_MESSAGE
from schemes.services.versioning import StaleEditError
from tests.factories import (
    ApplicationFactory,
    PlacementFactory,
    PrisonerFactory,
    RecruitmentRoundFactory,
    SchemeFactory,
)

TODAY = timezone.localdate()


def new_round(scheme: Scheme, by: User, **changes: object) -> RecruitmentRound:
    fields: dict[str, object] = {
        "title": "Listeners: spring",
        "opens_on": TODAY,
        "closes_on": TODAY + timedelta(days=28),
        "places": 6,
        "selection_criteria": "A good listener\n\n  At least 6 months left  \n",
        "advertising": "Wing notices",
        **changes,
    }
    return round_create(scheme=scheme, by=by, **fields)  # type: ignore[arg-type]


def test_a_coordinator_opens_a_round_with_its_criteria_tidied(
    scheme: Scheme, coordinator: User
) -> None:
    created = new_round(scheme, coordinator)
    assert created.criteria == ["A good listener", "At least 6 months left"]
    assert created.selection_criteria == "A good listener\nAt least 6 months left"
    assert created.created_by == coordinator


@pytest.mark.parametrize("persona", ["staff", "governor", "analyst", "outsider"])
def test_only_a_coordinator_of_the_prison_opens_a_round(
    scheme: Scheme, persona: str, request: pytest.FixtureRequest
) -> None:
    with pytest.raises(PermissionDenied):
        new_round(scheme, request.getfixturevalue(persona))


def test_a_round_that_closes_before_it_opens_or_has_no_criteria_is_refused(
    scheme: Scheme, coordinator: User
) -> None:
    with pytest.raises(ValidationError) as error:
        new_round(scheme, coordinator, closes_on=TODAY - timedelta(days=1))
    assert "closes_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        new_round(scheme, coordinator, selection_criteria="\n \n")
    assert error.value.message_dict["selection_criteria"] == [
        "Enter at least one selection criterion"
    ]
    with pytest.raises(ValidationError):
        new_round(scheme, coordinator, places=0)
    with pytest.raises(ValidationError, match="2,000 characters or fewer"):
        new_round(scheme, coordinator, advertising="x" * 2001)
    assert not RecruitmentRound.objects.exists()


def test_a_closed_schemes_rounds_cannot_change(scheme: Scheme, coordinator: User) -> None:
    recruitment_round = RecruitmentRoundFactory(scheme=scheme)
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.CLOSED)
    scheme.refresh_from_db()
    recruitment_round.refresh_from_db()
    with pytest.raises(ValidationError, match=CLOSED_MESSAGE):
        new_round(scheme, coordinator)
    with pytest.raises(ValidationError, match=CLOSED_MESSAGE):
        round_update(
            recruitment_round=recruitment_round,
            by=coordinator,
            expected_version=recruitment_round.version,
            places=3,
        )


def test_changing_a_round_someone_else_changed_is_refused(
    scheme: Scheme, coordinator: User
) -> None:
    recruitment_round = RecruitmentRoundFactory(scheme=scheme)
    read_at = recruitment_round.version
    round_update(
        recruitment_round=recruitment_round, by=coordinator, expected_version=read_at, places=8
    )
    with pytest.raises(StaleEditError):
        round_update(
            recruitment_round=RecruitmentRound.objects.get(pk=recruitment_round.pk),
            by=coordinator,
            expected_version=read_at,
            places=2,
        )
    recruitment_round.refresh_from_db()
    assert recruitment_round.places == 8


def test_changing_a_round_keeps_its_dates_in_order(scheme: Scheme, coordinator: User) -> None:
    recruitment_round = RecruitmentRoundFactory(scheme=scheme)
    with pytest.raises(ValidationError) as error:
        round_update(
            recruitment_round=recruitment_round,
            by=coordinator,
            expected_version=recruitment_round.version,
            closes_on=recruitment_round.opens_on - timedelta(days=1),
        )
    assert "closes_on" in error.value.message_dict


# --- applications -----------------------------------------------------------------------


def test_staff_refer_a_prisoner(scheme: Scheme, staff: User) -> None:
    prisoner = PrisonerFactory(prison=scheme.prison)
    recruitment_round = RecruitmentRoundFactory(scheme=scheme)
    application = application_record(
        scheme=scheme,
        by=staff,
        prisoner=prisoner,
        route=ApplicationRoute.REFERRAL,
        today=TODAY,
        recruitment_round=recruitment_round,
        statement="Others already come to him for help.",
    )
    assert application.status == ApplicationStatus.APPLIED
    assert application.recorded_by == staff
    assert application.applied_on == TODAY


def test_staff_cannot_record_a_self_application_and_governors_cannot_refer(
    scheme: Scheme, staff: User, governor: User
) -> None:
    prisoner = PrisonerFactory(prison=scheme.prison)
    with pytest.raises(PermissionDenied):
        application_record(
            scheme=scheme, by=staff, prisoner=prisoner, route=ApplicationRoute.SELF, today=TODAY
        )
    with pytest.raises(PermissionDenied):
        application_record(
            scheme=scheme,
            by=governor,
            prisoner=prisoner,
            route=ApplicationRoute.REFERRAL,
            today=TODAY,
        )


def test_an_applicant_cannot_hold_two_live_applications_to_one_scheme(
    scheme: Scheme, coordinator: User
) -> None:
    first = ApplicationFactory(scheme=scheme, status=ApplicationStatus.SHORTLISTED)
    with pytest.raises(ValidationError) as error:
        application_record(
            scheme=scheme,
            by=coordinator,
            prisoner=first.prisoner,
            route=ApplicationRoute.SELF,
            today=TODAY,
        )
    assert (
        "already has an application to this scheme" in error.value.message_dict["prison_number"][0]
    )
    # Another scheme at the prison is a different matter.
    other = SchemeFactory(prison=scheme.prison, name="Insiders")
    application_record(
        scheme=other,
        by=coordinator,
        prisoner=first.prisoner,
        route=ApplicationRoute.SELF,
        today=TODAY,
    )


def test_after_a_decline_the_applicant_may_apply_again(scheme: Scheme, coordinator: User) -> None:
    declined = ApplicationFactory(
        scheme=scheme,
        status=ApplicationStatus.DECLINED,
        decided_on=TODAY,
        decision_reason=DecisionReason.NO_PLACES,
    )
    again = application_record(
        scheme=scheme,
        by=coordinator,
        prisoner=declined.prisoner,
        route=ApplicationRoute.SELF,
        today=TODAY,
    )
    assert again.pk != declined.pk


def test_only_someone_held_at_the_schemes_prison_can_apply(
    scheme: Scheme, coordinator: User, bristol: object
) -> None:
    elsewhere = PrisonerFactory(prison=bristol)
    with pytest.raises(ValidationError, match="held at this prison"):
        application_record(
            scheme=scheme, by=coordinator, prisoner=elsewhere, route="self", today=TODAY
        )
    left = PrisonerFactory(prison=scheme.prison, in_prison=False, left_on=TODAY)
    with pytest.raises(ValidationError, match="has left the prison"):
        application_record(scheme=scheme, by=coordinator, prisoner=left, route="self", today=TODAY)


def test_an_application_joins_only_an_open_round_of_the_scheme(
    scheme: Scheme, coordinator: User
) -> None:
    prisoner = PrisonerFactory(prison=scheme.prison)
    closed = RecruitmentRoundFactory(
        scheme=scheme, opens_on=TODAY - timedelta(days=30), closes_on=TODAY - timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="open today"):
        application_record(
            scheme=scheme,
            by=coordinator,
            prisoner=prisoner,
            route="self",
            today=TODAY,
            recruitment_round=closed,
        )
    other_schemes = RecruitmentRoundFactory(scheme=SchemeFactory(prison=scheme.prison))
    with pytest.raises(ValidationError, match="round of this scheme"):
        application_record(
            scheme=scheme,
            by=coordinator,
            prisoner=prisoner,
            route="self",
            today=TODAY,
            recruitment_round=other_schemes,
        )


# --- decisions --------------------------------------------------------------------------


def applied(scheme: Scheme) -> Application:
    return ApplicationFactory(scheme=scheme, round=RecruitmentRoundFactory(scheme=scheme))


def all_met(application: Application, met: bool = True) -> dict[str, bool]:
    assert application.round is not None
    return dict.fromkeys(application.round.criteria, met)


def test_a_coordinator_takes_an_application_to_approval(scheme: Scheme, coordinator: User) -> None:
    application = applied(scheme)
    for to_status in (
        ApplicationStatus.SHORTLISTED,
        ApplicationStatus.ASSESSED,
        ApplicationStatus.APPROVED,
    ):
        application_decide(
            application=application,
            by=coordinator,
            expected_version=application.version,
            to_status=to_status,
            criteria_met=all_met(application),
            reason=DecisionReason.MEETS_CRITERIA,
            today=TODAY,
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.decided_by == coordinator
    assert application.decided_on == TODAY
    assert application.criteria_met == all_met(application)
    history = decision_history(application)
    assert [(e.from_status, e.to_status) for e in history] == [
        ("Applied", "Shortlisted"),
        ("Shortlisted", "Assessed"),
        ("Assessed", "Approved, waiting for a place"),
    ]
    assert all(e.reason == "Meets the selection criteria" for e in history)
    assert history[-1].criteria_met == all_met(application)


def test_a_decline_records_which_criteria_were_not_met(scheme: Scheme, coordinator: User) -> None:
    application = applied(scheme)
    criteria = all_met(application)
    first = next(iter(criteria))
    application_decide(
        application=application,
        by=coordinator,
        expected_version=application.version,
        to_status=ApplicationStatus.DECLINED,
        criteria_met={**criteria, first: False},
        reason=DecisionReason.CRITERIA_NOT_MET,
        note="Talk to us again after three months without an adjudication.",
        today=TODAY,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert application.criteria_met[first] is False
    assert application.decision_note.startswith("Talk to us again")


@pytest.mark.parametrize("persona", ["staff", "governor", "analyst"])
def test_only_a_coordinator_decides(
    scheme: Scheme, persona: str, request: pytest.FixtureRequest
) -> None:
    application = applied(scheme)
    with pytest.raises(PermissionDenied):
        application_decide(
            application=application,
            by=request.getfixturevalue(persona),
            expected_version=application.version,
            to_status=ApplicationStatus.SHORTLISTED,
            criteria_met=all_met(application),
            reason=DecisionReason.MEETS_CRITERIA,
            today=TODAY,
        )


def test_a_decision_without_every_criterion_or_skipping_a_stage_is_refused(
    scheme: Scheme, coordinator: User
) -> None:
    application = applied(scheme)
    with pytest.raises(ValidationError) as error:
        application_decide(
            application=application,
            by=coordinator,
            expected_version=application.version,
            to_status=ApplicationStatus.SHORTLISTED,
            criteria_met={},
            reason=DecisionReason.MEETS_CRITERIA,
            today=TODAY,
        )
    assert "criteria" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        application_decide(
            application=application,
            by=coordinator,
            expected_version=application.version,
            to_status=ApplicationStatus.APPROVED,
            criteria_met=all_met(application),
            reason=DecisionReason.MEETS_CRITERIA,
            today=TODAY,
        )
    assert "decision" in error.value.message_dict
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED


def test_a_decision_someone_else_already_made_is_refused(scheme: Scheme, coordinator: User) -> None:
    application = applied(scheme)
    read_at = application.version
    application_decide(
        application=application,
        by=coordinator,
        expected_version=read_at,
        to_status=ApplicationStatus.SHORTLISTED,
        criteria_met=all_met(application),
        reason=DecisionReason.MEETS_CRITERIA,
        today=TODAY,
    )
    stale = Application.objects.get(pk=application.pk)
    stale.status = ApplicationStatus.APPLIED  # as the second person's page still shows it
    with pytest.raises(StaleEditError):
        application_decide(
            application=stale,
            by=coordinator,
            expected_version=read_at,
            to_status=ApplicationStatus.DECLINED,
            criteria_met=all_met(application),
            reason=DecisionReason.NO_PLACES,
            today=TODAY,
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SHORTLISTED


def test_an_approved_applicant_can_withdraw_and_keeps_the_criteria_judged(
    scheme: Scheme, coordinator: User
) -> None:
    application = applied(scheme)
    criteria = all_met(application)
    Application.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.APPROVED, decided_on=TODAY, criteria_met=criteria
    )
    application.refresh_from_db()
    application_withdraw(
        application=application,
        by=coordinator,
        expected_version=application.version,
        reason=DecisionReason.APPLICANT_WITHDREW,
        today=TODAY,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.criteria_met == criteria
    with pytest.raises(ValidationError, match="no more decisions"):
        application_withdraw(
            application=application,
            by=coordinator,
            expected_version=application.version,
            reason=DecisionReason.APPLICANT_WITHDREW,
            today=TODAY,
        )


def test_a_closed_schemes_applications_cannot_be_recorded_or_decided(
    scheme: Scheme, coordinator: User
) -> None:
    application = applied(scheme)
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.CLOSED)
    application.scheme.refresh_from_db()
    with pytest.raises(ValidationError, match=CLOSED_MESSAGE):
        application_decide(
            application=application,
            by=coordinator,
            expected_version=application.version,
            to_status=ApplicationStatus.SHORTLISTED,
            criteria_met=all_met(application),
            reason=DecisionReason.MEETS_CRITERIA,
            today=TODAY,
        )
    with pytest.raises(ValidationError, match=CLOSED_MESSAGE):
        application_record(
            scheme=application.scheme,
            by=coordinator,
            prisoner=PrisonerFactory(prison=scheme.prison),
            route="self",
            today=TODAY,
        )


def test_two_people_recording_at_once_meet_the_databases_rule_not_a_crash(
    scheme: Scheme, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service's check passed for both; the partial unique constraint stops the
    second, and the user sees the same message."""
    first = ApplicationFactory(scheme=scheme)
    monkeypatch.setattr(
        "recruitment.services.applications.live_application_exists", lambda scheme, prisoner: False
    )
    with pytest.raises(ValidationError) as error:
        application_record(
            scheme=scheme,
            by=coordinator,
            prisoner=first.prisoner,
            route=ApplicationRoute.SELF,
            today=TODAY,
        )
    assert "already has an application to this scheme" in error.value.messages[0]
    assert Application.objects.count() == 1


def test_a_peer_supporter_already_in_the_scheme_cannot_apply_to_it(
    scheme: Scheme, coordinator: User
) -> None:
    placement = PlacementFactory(scheme=scheme)
    with pytest.raises(ValidationError, match="already a peer supporter in this scheme"):
        application_record(
            scheme=scheme,
            by=coordinator,
            prisoner=placement.prisoner,
            route=ApplicationRoute.SELF,
            today=TODAY,
        )
