"""Correcting a review meeting after it was saved: versioned, and dated between the
scheme's creation and today, like a meeting when it is recorded."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from accounts.models import User
from maintenance.models import ReviewMeeting
from maintenance.services import review_record, review_update
from schemes.models import Scheme, SchemeStatus, Stakeholder
from schemes.services.access import CLOSED_MESSAGE, SchemeClosedError
from schemes.services.versioning import StaleEditError
from tests.factories import ReviewMeetingFactory, SchemeFactory, StakeholderFactory
from tests.maintenance.test_maintenance_pages import review_answers

ClientFor = Callable[[User | None], Client]
LONDON = ZoneInfo("Europe/London")

# Every test here runs on this Monday; the scheme was created on 2 November 2026.
TODAY = date(2027, 3, 1)
CREATED_ON = date(2026, 11, 2)
MEETING_ON = date(2027, 2, 26)
BEFORE_SCHEME = (
    "The date of the meeting must be on or after 2 November 2026 when the scheme was created"
)
STALE = "Somebody else changed this review meeting after you opened this page"


def on(day: date) -> Any:
    return time_machine.travel(
        datetime(day.year, day.month, day.day, 10, tzinfo=LONDON), tick=False
    )


@pytest.fixture
def running(scheme: Scheme) -> Scheme:
    """The Listeners scheme: created on 2 November 2026, running since 10 January 2027."""
    Scheme.objects.filter(pk=scheme.pk).update(
        status=SchemeStatus.ACTIVE,
        launched_on=date(2027, 1, 10),
        review_cadence_months=3,
        created_at=datetime(2026, 11, 2, 9, 0, tzinfo=LONDON),
    )
    scheme.refresh_from_db()
    return scheme


@pytest.fixture
def partner(running: Scheme) -> Stakeholder:
    return StakeholderFactory(scheme=running, name="Samaritans branch")


@pytest.fixture
def review(running: Scheme, coordinator: User, staff: User, partner: Stakeholder) -> ReviewMeeting:
    """A meeting as recorded: 26 February 2027, the staff member and the charity there."""
    meeting = ReviewMeetingFactory(
        scheme=running,
        held_on=MEETING_ON,
        recorded_by=coordinator,
        peer_supporters_attending=2,
        decisions="Recruit four Listeners before the summer.",
    )
    meeting.staff_attendees.set([staff])
    meeting.stakeholder_attendees.set([partner])
    return meeting


def correct(review: ReviewMeeting, by: User, **changes: Any) -> ReviewMeeting:
    """review_update with the meeting's own answers, but for ``changes``."""
    fields: dict[str, Any] = {
        "held_on": review.held_on,
        "peer_supporters_attending": review.peer_supporters_attending,
        "peer_supporter_roles": review.peer_supporter_roles,
        "decisions": review.decisions,
        "staff_attendees": list(review.staff_attendees.all()),
        "stakeholder_attendees": list(review.stakeholder_attendees.all()),
        "expected_version": review.version,
        "today": TODAY,
    }
    fields.update(changes)
    return review_update(review=review, by=by, **fields)


def change_path(review: ReviewMeeting) -> str:
    return f"/schemes/{review.scheme_id}/maintenance/reviews/{review.pk}/change/"


def detail_path(review: ReviewMeeting) -> str:
    return f"/schemes/{review.scheme_id}/maintenance/reviews/{review.pk}/"


def unchanged(review: ReviewMeeting, staff: User, partner: Stakeholder) -> None:
    """The meeting is still as it was recorded."""
    saved = ReviewMeeting.objects.get(pk=review.pk)
    assert saved.version == 1
    assert saved.held_on == MEETING_ON
    assert saved.decisions == "Recruit four Listeners before the summer."
    assert list(saved.staff_attendees.all()) == [staff]
    assert list(saved.stakeholder_attendees.all()) == [partner]


# --- the service ---------------------------------------------------------------------


def test_a_correction_is_saved_with_its_attendees_and_a_new_version(
    review: ReviewMeeting, coordinator: User, governor: User
) -> None:
    before = review.updated_at
    correct(
        review,
        coordinator,
        held_on=date(2027, 2, 25),
        decisions="Recruit six Listeners.",
        staff_attendees=[coordinator, governor],
        stakeholder_attendees=[],
    )
    saved = ReviewMeeting.objects.get(pk=review.pk)
    assert saved.version == 2
    assert saved.held_on == date(2027, 2, 25)
    assert saved.decisions == "Recruit six Listeners."
    assert saved.updated_at > before
    assert saved.recorded_by == coordinator  # who recorded it does not change
    assert set(saved.staff_attendees.all()) == {coordinator, governor}
    assert not saved.stakeholder_attendees.exists()


def test_a_correction_from_a_stale_copy_overwrites_nothing(
    review: ReviewMeeting, coordinator: User, staff: User, partner: Stakeholder
) -> None:
    stale_copy = ReviewMeeting.objects.get(pk=review.pk)
    correct(review, coordinator, decisions="First correction.")
    with pytest.raises(StaleEditError):
        correct(
            stale_copy,
            coordinator,
            decisions="Second correction.",
            staff_attendees=[],
            stakeholder_attendees=[],
            expected_version=1,
        )
    saved = ReviewMeeting.objects.get(pk=review.pk)
    assert (saved.version, saved.decisions) == (2, "First correction.")
    assert list(saved.staff_attendees.all()) == [staff]
    assert list(saved.stakeholder_attendees.all()) == [partner]


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        (TODAY + timedelta(days=1), "The date of the meeting must be today or in the past"),
        (CREATED_ON - timedelta(days=1), BEFORE_SCHEME),
    ],
    ids=["in the future", "before the scheme was created"],
)
def test_a_correction_keeps_the_meeting_between_the_schemes_creation_and_today(
    review: ReviewMeeting,
    coordinator: User,
    staff: User,
    partner: Stakeholder,
    held_on: date,
    message: str,
) -> None:
    with pytest.raises(ValidationError) as refused:
        correct(review, coordinator, held_on=held_on, decisions="Changed")
    assert refused.value.message_dict == {"held_on": [message]}
    unchanged(review, staff, partner)


def test_a_meeting_on_the_day_the_scheme_was_created_is_accepted(
    review: ReviewMeeting, coordinator: User
) -> None:
    correct(review, coordinator, held_on=CREATED_ON)
    assert ReviewMeeting.objects.get(pk=review.pk).held_on == CREATED_ON


def test_the_day_the_scheme_was_created_is_londons_day(running: Scheme, coordinator: User) -> None:
    # 11:30pm in UTC on 30 June is already 1 July in London (British Summer Time).
    Scheme.objects.filter(pk=running.pk).update(
        created_at=datetime(2026, 6, 30, 23, 30, tzinfo=ZoneInfo("UTC"))
    )
    running.refresh_from_db()
    answers: dict[str, Any] = {
        "scheme": running,
        "by": coordinator,
        "today": TODAY,
        "staff_attendees": [],
        "stakeholder_attendees": [],
        "decisions": "Carry on",
    }
    with pytest.raises(ValidationError, match="on or after 1 July 2026 when the scheme"):
        review_record(held_on=date(2026, 6, 30), **answers)
    assert review_record(held_on=date(2026, 7, 1), **answers).held_on == date(2026, 7, 1)


def test_a_meeting_before_the_scheme_was_created_cannot_be_recorded(
    running: Scheme, coordinator: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        review_record(
            scheme=running,
            by=coordinator,
            today=TODAY,
            staff_attendees=[],
            stakeholder_attendees=[],
            held_on=CREATED_ON - timedelta(days=1),
            decisions="Carry on",
        )
    assert refused.value.message_dict == {"held_on": [BEFORE_SCHEME]}
    assert not ReviewMeeting.objects.exists()


@pytest.mark.parametrize("who", ["staff", "governor", "outsider"])
def test_only_the_prisons_coordinator_may_correct_a_meeting(
    review: ReviewMeeting, staff: User, partner: Stakeholder, who: str, request: Any
) -> None:
    with pytest.raises(PermissionDenied):
        correct(review, request.getfixturevalue(who), decisions="Changed")
    unchanged(review, staff, partner)


def test_a_closed_schemes_meetings_cannot_be_corrected(
    review: ReviewMeeting, running: Scheme, coordinator: User, staff: User, partner: Stakeholder
) -> None:
    Scheme.objects.filter(pk=running.pk).update(status=SchemeStatus.CLOSED)
    review.scheme.refresh_from_db()
    with pytest.raises(SchemeClosedError):
        correct(review, coordinator, decisions="Changed")
    unchanged(review, staff, partner)


# --- the page ------------------------------------------------------------------------


@on(TODAY)
def test_coordinator_corrects_a_review_meeting(
    review: ReviewMeeting,
    coordinator: User,
    staff: User,
    governor: User,
    partner: Stakeholder,
    client_for: ClientFor,
) -> None:
    client = client_for(coordinator)
    detail = client.get(detail_path(review)).content.decode()
    assert f'href="{change_path(review)}"' in detail

    form = client.get(change_path(review)).content.decode()
    assert "Change the review meeting of 26 February 2027" in form
    assert 'name="version" value="1"' in form
    assert 'value="26"' in form  # the saved date, in its three boxes
    assert "Recruit four Listeners before the summer." in form
    assert re.search(rf'value="{staff.pk}"[^>]*checked', form)
    assert not re.search(rf'value="{governor.pk}"[^>]*checked', form)
    assert re.search(rf'value="{partner.pk}"[^>]*checked', form)
    assert "Save changes" in form

    response = client.post(
        change_path(review),
        review_answers(
            date(2027, 2, 25),
            staff_attendees=[staff.pk, governor.pk],
            decisions="Recruit six Listeners; ask for a second phone.",
            version="1",
        ),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == detail_path(review)
    html = response.content.decode()
    assert "The review meeting has been changed" in html
    assert "Review meeting of 25 February 2027" in html
    assert "Recruit six Listeners; ask for a second phone." in html
    saved = ReviewMeeting.objects.get(pk=review.pk)
    assert saved.version == 2
    assert saved.held_on == date(2027, 2, 25)
    assert saved.peer_supporters_attending == 3
    assert saved.future_recruitment == "Three Listeners are released before August."
    assert set(saved.staff_attendees.all()) == {staff, governor}
    assert not saved.stakeholder_attendees.exists()


@on(TODAY)
def test_a_stale_correction_gets_409_with_what_was_typed_and_what_is_saved(
    review: ReviewMeeting,
    coordinator: User,
    staff: User,
    governor: User,
    client_for: ClientFor,
) -> None:
    client = client_for(coordinator)
    assert 'name="version" value="1"' in client.get(change_path(review)).content.decode()
    # Meanwhile, somebody else corrects the meeting.
    correct(
        review,
        coordinator,
        decisions="Recruit two Listeners only.",
        staff_attendees=[governor],
        stakeholder_attendees=[],
        peer_supporters_attending=5,
    )

    response = client.post(
        change_path(review),
        review_answers(MEETING_ON, decisions="Recruit ten Listeners.", version="1"),
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "There is a problem" in html
    # Linked to the first box of the first question (the wrapper cannot take focus).
    assert f'<a href="#id_held_on_0">{STALE}' in html
    assert "<title>Error: " in html
    # What the user typed is kept...
    assert "Recruit ten Listeners." in html
    assert "The Listener suite needs a second phone." in html
    # ...beside what is saved now, and the form now carries the new version.
    saved_now = html.split("What is saved now", 1)[1].split("</dl>", 1)[0]
    assert "Recruit two Listeners only." in saved_now
    assert governor.display_name in saved_now
    assert staff.display_name not in saved_now
    assert "26 February 2027" in saved_now
    assert ">5<" in saved_now
    assert 'name="version" value="2"' in html
    saved = ReviewMeeting.objects.get(pk=review.pk)
    assert (saved.version, saved.decisions) == (2, "Recruit two Listeners only.")
    assert list(saved.staff_attendees.all()) == [governor]

    # Saving again, having seen the other change, is deliberate, and works.
    again = client.post(
        change_path(review),
        review_answers(MEETING_ON, decisions="Recruit ten Listeners.", version="2"),
    )
    assert again.status_code == 302
    saved.refresh_from_db()
    assert (saved.version, saved.decisions) == (3, "Recruit ten Listeners.")


@on(TODAY)
@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        (date(2027, 3, 2), "The date of the meeting must be today or in the past"),
        (date(2026, 11, 1), BEFORE_SCHEME),
    ],
    ids=["in the future", "before the scheme was created"],
)
def test_a_correction_dated_outside_the_schemes_life_gets_a_govuk_error(
    review: ReviewMeeting,
    coordinator: User,
    staff: User,
    partner: Stakeholder,
    client_for: ClientFor,
    held_on: date,
    message: str,
) -> None:
    response = client_for(coordinator).post(
        change_path(review), review_answers(held_on, decisions="Changed", version="1")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert f'<a href="#id_held_on_0">{message}</a>' in html
    assert "govuk-date-input__input--error" in html or "govuk-form-group--error" in html
    assert "The Listener suite needs a second phone." in html  # nothing typed is lost
    unchanged(review, staff, partner)


@on(TODAY)
def test_a_meeting_before_the_scheme_was_created_is_refused_on_the_record_page(
    running: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    response = client_for(coordinator).post(
        f"/schemes/{running.pk}/maintenance/reviews/new/", review_answers(date(2026, 11, 1))
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="#id_held_on_0">{BEFORE_SCHEME}</a>' in html
    assert not ReviewMeeting.objects.exists()


@on(TODAY)
def test_staff_and_governors_cannot_correct_a_meeting_and_see_no_change_link(
    review: ReviewMeeting,
    staff: User,
    governor: User,
    partner: Stakeholder,
    client_for: ClientFor,
) -> None:
    for user in (staff, governor):
        client = client_for(user)
        assert change_path(review) not in client.get(detail_path(review)).content.decode()
        assert client.get(change_path(review)).status_code == 403
        posted = client.post(
            change_path(review), review_answers(MEETING_ON, decisions="Changed", version="1")
        )
        assert posted.status_code == 403
    unchanged(review, staff, partner)


@on(TODAY)
def test_another_prisons_coordinator_is_told_nothing_exists(
    review: ReviewMeeting, outsider: User, staff: User, partner: Stakeholder, client_for: ClientFor
) -> None:
    client = client_for(outsider)
    assert client.get(change_path(review)).status_code == 404
    posted = client.post(
        change_path(review), review_answers(MEETING_ON, decisions="Changed", version="1")
    )
    assert posted.status_code == 404
    unchanged(review, staff, partner)


def test_another_schemes_meeting_is_not_found(
    running: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    other = ReviewMeetingFactory(scheme=SchemeFactory(prison=running.prison))
    path = f"/schemes/{running.pk}/maintenance/reviews/{other.pk}/change/"
    assert client_for(coordinator).get(path).status_code == 404


@on(TODAY)
def test_a_closed_schemes_meeting_cannot_be_corrected_and_the_page_says_why(
    review: ReviewMeeting,
    running: Scheme,
    coordinator: User,
    staff: User,
    partner: Stakeholder,
    client_for: ClientFor,
) -> None:
    Scheme.objects.filter(pk=running.pk).update(status=SchemeStatus.CLOSED)
    client = client_for(coordinator)
    assert change_path(review) not in client.get(detail_path(review)).content.decode()
    response = client.post(
        change_path(review), review_answers(MEETING_ON, decisions="Changed", version="1")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert f'<a href="#id_held_on_0">{CLOSED_MESSAGE}</a>' in html
    unchanged(review, staff, partner)
