"""A coordinator keeps a running scheme healthy: review meetings, actions, the actions list."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from accounts.models import Prison, Role, User
from maintenance.models import ReviewMeeting
from schemes.models import Action, ActionSource, ActionStatus, Scheme, SchemeStatus
from tests.factories import (
    ActionFactory,
    MembershipFactory,
    ReviewMeetingFactory,
    SchemeFactory,
    StakeholderFactory,
    user_with_role,
)

ClientFor = Callable[[User | None], Client]

# A Monday in spring: the date every time-dependent test here is frozen on.
TODAY = date(2027, 3, 1)


LONDON = ZoneInfo("Europe/London")


def on(day: date) -> Any:
    """Freeze the clock at 10am on ``day`` in London."""
    return time_machine.travel(
        datetime(day.year, day.month, day.day, 10, tzinfo=LONDON), tick=False
    )


def frozen() -> Any:
    return on(TODAY)


def first_column(html: str) -> list[str]:
    """The text of each table row's first cell (the action), in order."""
    cells = re.findall(
        r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">(.*?)(?:<br>|</td>)',
        html,
        flags=re.DOTALL,
    )
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def date_answers(name: str, day: date | None) -> dict[str, str]:
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def review_answers(held_on: date | None, **overrides: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        **date_answers("held_on", held_on),
        "peer_supporters_attending": "3",
        "peer_supporter_roles": "2 Listeners, 1 trainee",
        "communication_routes": "The Listener hotline is answered within ten minutes.",
        "training_and_support": "Refresher on ACCT reviews booked with Samaritans.",
        "future_recruitment": "Three Listeners are released before August.",
        "resources_and_need": "The Listener suite needs a second phone.",
        "involvement": "Wing reps asked for a monthly drop-in.",
        "decisions": "Recruit four Listeners; ask the governor for a second phone.",
    }
    answers.update(overrides)
    return answers


def action_answers(owner: User | None, due: date | None, **overrides: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "description": "Book the Samaritans refresher training",
        "owner": f"person-{owner.pk}" if owner else "",
        **date_answers("due_date", due),
    }
    answers.update(overrides)
    return answers


# When the Listeners scheme was created: a review meeting cannot be dated earlier.
CREATED = datetime(2026, 11, 2, 9, 0, tzinfo=LONDON)


@pytest.fixture
def running(scheme: Scheme) -> Scheme:
    """The Listeners scheme, created on 2 November 2026, launched on 10 January 2027
    and reviewed every 3 months."""
    Scheme.objects.filter(pk=scheme.pk).update(
        status=SchemeStatus.ACTIVE,
        launched_on=date(2027, 1, 10),
        review_cadence_months=3,
        created_at=CREATED,
    )
    scheme.refresh_from_db()
    return scheme


# --- the maintenance page ------------------------------------------------------------


@frozen()
def test_the_maintenance_page_shows_when_the_next_review_is_due(
    running: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    response = client_for(coordinator).get(f"/schemes/{running.pk}/maintenance/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Maintain, support and resource the scheme" in html
    assert "Check ongoing communication routes / training / support" in html
    # Three months after launch (10 January), not yet within a fortnight.
    assert "10 April 2027" in html
    assert "Every 3 months" in html
    assert "govuk-tag--blue" in html
    assert "Overdue" not in html
    assert "govuk-warning-text" not in html
    assert "Record a review meeting" in html
    assert "Add an action" in html


@on(date(2027, 4, 20))
def test_an_overdue_review_is_tagged_red_with_a_warning(
    running: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    html = client_for(coordinator).get(f"/schemes/{running.pk}/maintenance/").content.decode()
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in html
    assert "govuk-warning-text" in html
    assert "review meeting was due on 10 April 2027" in html


@on(date(2027, 4, 1))
def test_a_review_due_within_a_fortnight_is_due_soon(
    running: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    html = client_for(coordinator).get(f"/schemes/{running.pk}/maintenance/").content.decode()
    assert '<strong class="govuk-tag govuk-tag--yellow">Due soon</strong>' in html


@on(date(2027, 4, 20))
def test_the_next_review_is_counted_from_the_last_meeting(
    running: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    ReviewMeetingFactory(scheme=running, held_on=date(2027, 4, 15))
    html = client_for(coordinator).get(f"/schemes/{running.pk}/maintenance/").content.decode()
    assert "15 July 2027" in html
    assert "Overdue" not in html
    assert "15 April 2027" in html  # the last meeting, in the list


def test_a_scheme_in_planning_has_no_review_due_yet(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(review_cadence_months=6)
    html = client_for(coordinator).get(f"/schemes/{scheme.pk}/maintenance/").content.decode()
    assert "The first review is due 6 months after a governor approves the plan" in html


@frozen()
def test_the_scheme_actions_are_listed_overdue_first_with_tags(
    running: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    ActionFactory(scheme=running, owner=coordinator, description="Later", due_date=date(2027, 6, 1))
    ActionFactory(
        scheme=running,
        owner=coordinator,
        description="Finished",
        due_date=date(2027, 1, 1),
        status=ActionStatus.DONE,
        completed_on=date(2027, 1, 2),
    )
    ActionFactory(scheme=running, owner=coordinator, description="Late", due_date=date(2027, 2, 1))
    ActionFactory(scheme=running, owner=coordinator, description="Soon", due_date=date(2027, 3, 5))
    html = client_for(coordinator).get(f"/schemes/{running.pk}/maintenance/").content.decode()
    assert first_column(html) == ["Late", "Soon", "Later", "Finished"]
    assert 'govuk-tag--red">Overdue' in html
    assert 'govuk-tag--yellow">Due soon' in html
    assert 'govuk-tag--green">Done' in html
    assert "3 to do, of which 1 overdue; 1 done." in html


def test_staff_see_the_maintenance_page_without_the_buttons(
    running: Scheme, staff: User, coordinator: User, client_for: ClientFor
) -> None:
    ActionFactory(scheme=running, owner=coordinator, description="Order leaflets")
    html = client_for(staff).get(f"/schemes/{running.pk}/maintenance/").content.decode()
    assert "Order leaflets" in html
    assert "Record a review meeting" not in html
    assert f"/schemes/{running.pk}/actions/" not in html  # no change links


def test_the_analyst_sees_counts_but_no_names_or_descriptions(
    running: Scheme, analyst: User, coordinator: User, client_for: ClientFor
) -> None:
    ActionFactory(scheme=running, owner=coordinator, description="Talk to Listener Smith")
    review = ReviewMeetingFactory(scheme=running)
    response = client_for(analyst).get(f"/schemes/{running.pk}/maintenance/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 to do" in html
    assert "Talk to Listener Smith" not in html
    assert str(coordinator) not in html
    assert f"/reviews/{review.pk}/" not in html
    assert "Record a review meeting" not in html


def test_the_maintenance_page_shows_the_latest_five_reviews_and_links_to_the_rest(
    running: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    for weeks in range(7):
        ReviewMeetingFactory(scheme=running, held_on=date(2026, 1, 5) + timedelta(weeks=weeks))
    html = client_for(coordinator).get(f"/schemes/{running.pk}/maintenance/").content.decode()
    assert "16 February 2026" in html  # the newest
    assert "5 January 2026" not in html  # the oldest, beyond the five
    assert "See all 7 review meetings in the scheme's history" in html


# --- review meetings -----------------------------------------------------------------


@frozen()
def test_coordinator_records_a_review_with_staff_and_stakeholders(
    running: Scheme, coordinator: User, staff: User, governor: User, client_for: ClientFor
) -> None:
    partner = StakeholderFactory(scheme=running, name="Samaritans branch")
    StakeholderFactory(scheme=running, name="Chaplaincy")
    client = client_for(coordinator)
    form = client.get(f"/schemes/{running.pk}/maintenance/reviews/new/").content.decode()
    assert "Samaritans branch (prison staff)" in form
    assert f"{governor.display_name} (governor)" in form
    assert "Plan future recruitment, resources and need" in form
    assert "Involve staff and peer supporters and stakeholders in ongoing development" in form
    assert 'class="govuk-date-input"' in form

    response = client.post(
        f"/schemes/{running.pk}/maintenance/reviews/new/",
        review_answers(
            date(2027, 2, 26),
            staff_attendees=[staff.pk, governor.pk],
            stakeholder_attendees=[partner.pk],
        ),
        follow=True,
    )
    review = ReviewMeeting.objects.get()
    assert response.redirect_chain[-1][0] == (
        f"/schemes/{running.pk}/maintenance/reviews/{review.pk}/"
    )
    assert review.held_on == date(2027, 2, 26)
    assert review.recorded_by == coordinator
    assert set(review.staff_attendees.all()) == {staff, governor}
    assert list(review.stakeholder_attendees.all()) == [partner]
    assert review.peer_supporters_attending == 3
    assert review.future_recruitment == "Three Listeners are released before August."
    html = response.content.decode()
    assert "The review meeting has been recorded" in html
    assert "Review meeting of 26 February 2027" in html
    assert staff.display_name in html
    assert "Samaritans branch" in html
    assert "Chaplaincy" not in html
    assert "2 Listeners, 1 trainee" in html
    assert "Add an action from this meeting" in html


@frozen()
def test_a_review_meeting_today_is_accepted(
    running: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    response = client_for(coordinator).post(
        f"/schemes/{running.pk}/maintenance/reviews/new/", review_answers(TODAY)
    )
    assert response.status_code == 302
    assert ReviewMeeting.objects.get().held_on == TODAY


@frozen()
def test_a_review_date_in_the_future_is_refused_and_nothing_typed_is_lost(
    running: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    response = client_for(coordinator).post(
        f"/schemes/{running.pk}/maintenance/reviews/new/", review_answers(date(2027, 3, 2))
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The date of the meeting must be today or in the past" in html
    assert "<title>Error: " in html
    assert "The Listener suite needs a second phone." in html
    assert 'value="2"' in html  # the day typed
    assert not ReviewMeeting.objects.exists()


@frozen()
@pytest.mark.parametrize(
    ("held_on", "message", "link"),
    [
        (
            {"held_on_0": "", "held_on_1": "", "held_on_2": ""},
            "Enter the date of the meeting",
            "#id_held_on_0",
        ),
        (
            {"held_on_0": "12", "held_on_1": "", "held_on_2": "2027"},
            "The date of the meeting must include a month",
            "#id_held_on_1",
        ),
        (
            {"held_on_0": "", "held_on_1": "", "held_on_2": "2027"},
            "The date of the meeting must include a day and month",
            "#id_held_on_0",
        ),
        (
            {"held_on_0": "30", "held_on_1": "2", "held_on_2": "2027"},
            "The date of the meeting must be a real date",
            "#id_held_on_0",
        ),
        (
            {"held_on_0": "1", "held_on_1": "two", "held_on_2": "2027"},
            "The date of the meeting must be a real date",
            "#id_held_on_0",
        ),
        (
            {"held_on_0": "1", "held_on_1": "2", "held_on_2": "27"},
            "Year must include 4 numbers",
            "#id_held_on_2",
        ),
    ],
)
def test_a_bad_review_date_gets_the_gov_uk_message(
    running: Scheme,
    coordinator: User,
    client_for: ClientFor,
    held_on: dict[str, str],
    message: str,
    link: str,
) -> None:
    answers = {**review_answers(None), **held_on}
    html = (
        client_for(coordinator)
        .post(f"/schemes/{running.pk}/maintenance/reviews/new/", answers)
        .content.decode()
    )
    assert f'<a href="{link}">{message}</a>' in html
    assert "govuk-input--error" in html
    assert not ReviewMeeting.objects.exists()


@frozen()
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"decisions": ""}, "Enter the decisions made at the meeting"),
        ({"peer_supporters_attending": ""}, "Enter the number of peer supporters who attended"),
        ({"peer_supporters_attending": "two"}, "as a whole number, like 3"),
        ({"peer_supporters_attending": "-1"}, "cannot be negative"),
    ],
)
def test_bad_review_answers_are_refused(
    running: Scheme,
    coordinator: User,
    client_for: ClientFor,
    overrides: dict[str, str],
    message: str,
) -> None:
    response = client_for(coordinator).post(
        f"/schemes/{running.pk}/maintenance/reviews/new/",
        review_answers(date(2027, 2, 1), **overrides),
    )
    assert message in response.content.decode()
    assert not ReviewMeeting.objects.exists()


@frozen()
def test_staff_of_another_prison_and_another_schemes_stakeholders_are_refused(
    running: Scheme, coordinator: User, outsider: User, client_for: ClientFor
) -> None:
    StakeholderFactory(scheme=running)
    elsewhere = StakeholderFactory(scheme=SchemeFactory(prison=running.prison))
    html = (
        client_for(coordinator)
        .post(
            f"/schemes/{running.pk}/maintenance/reviews/new/",
            review_answers(
                date(2027, 2, 1),
                staff_attendees=[outsider.pk],
                stakeholder_attendees=[elsewhere.pk],
            ),
        )
        .content.decode()
    )
    assert "Select staff who work at this prison" in html
    assert "Select stakeholders from this scheme&#x27;s register" in html
    assert 'href="#id_staff_attendees_1"' in html
    assert not ReviewMeeting.objects.exists()


def test_a_scheme_without_stakeholders_says_so_on_the_review_form(
    running: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    html = (
        client_for(coordinator)
        .get(f"/schemes/{running.pk}/maintenance/reviews/new/")
        .content.decode()
    )
    assert "stakeholder register is empty" in html


def test_staff_and_governors_cannot_record_a_review(
    running: Scheme, staff: User, governor: User, client_for: ClientFor
) -> None:
    for user in (staff, governor):
        response = client_for(user).post(
            f"/schemes/{running.pk}/maintenance/reviews/new/", review_answers(date(2027, 2, 1))
        )
        assert response.status_code == 403
    assert not ReviewMeeting.objects.exists()


def test_the_analyst_cannot_open_a_review_meeting(
    running: Scheme, analyst: User, governor: User, client_for: ClientFor
) -> None:
    review = ReviewMeetingFactory(scheme=running)
    path = f"/schemes/{running.pk}/maintenance/reviews/{review.pk}/"
    assert client_for(analyst).get(path).status_code == 403
    assert client_for(governor).get(path).status_code == 200


def test_another_schemes_review_is_not_found(
    running: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    other = ReviewMeetingFactory(scheme=SchemeFactory(prison=running.prison))
    response = client_for(coordinator).get(f"/schemes/{running.pk}/maintenance/reviews/{other.pk}/")
    assert response.status_code == 404


# --- actions -------------------------------------------------------------------------


@frozen()
def test_coordinator_adds_an_action(
    running: Scheme, coordinator: User, staff: User, client_for: ClientFor
) -> None:
    response = client_for(coordinator).post(
        f"/schemes/{running.pk}/actions/new/", action_answers(staff, date(2027, 3, 20)), follow=True
    )
    action = Action.objects.get()
    assert response.redirect_chain[-1][0] == f"/schemes/{running.pk}/maintenance/"
    assert action.owner == staff
    assert action.due_date == date(2027, 3, 20)
    assert action.source == ActionSource.OTHER
    assert action.created_by == coordinator
    html = response.content.decode()
    assert "The action has been added" in html
    assert "Book the Samaritans refresher training" in html


@frozen()
def test_an_action_without_an_owner_is_refused_and_the_description_kept(
    running: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    response = client_for(coordinator).post(
        f"/schemes/{running.pk}/actions/new/", action_answers(None, date(2027, 3, 20))
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_owner">Select who owns this action</a>' in html
    assert "Book the Samaritans refresher training" in html
    assert not Action.objects.exists()


@frozen()
def test_an_action_needs_a_description_and_a_due_date(
    running: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    html = (
        client_for(coordinator)
        .post(
            f"/schemes/{running.pk}/actions/new/",
            action_answers(coordinator, None, description=""),
        )
        .content.decode()
    )
    assert "Enter what needs to be done" in html
    assert "Enter the due date" in html
    assert not Action.objects.exists()


@frozen()
def test_an_owner_from_another_prison_is_refused(
    running: Scheme, coordinator: User, outsider: User, client_for: ClientFor
) -> None:
    html = (
        client_for(coordinator)
        .post(f"/schemes/{running.pk}/actions/new/", action_answers(outsider, date(2027, 4, 1)))
        .content.decode()
    )
    assert "Select an owner who works at HMP Leeds" in html
    assert outsider.display_name not in html  # not offered in the select either
    assert not Action.objects.exists()


@frozen()
def test_an_action_from_a_review_meeting_is_linked_to_it(
    running: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    review = ReviewMeetingFactory(scheme=running, held_on=date(2027, 2, 26))
    client = client_for(coordinator)
    path = f"/schemes/{running.pk}/maintenance/reviews/{review.pk}/actions/new/"
    assert "From the review meeting of 26 February 2027" in client.get(path).content.decode()
    response = client.post(path, action_answers(coordinator, date(2027, 4, 1)), follow=True)
    action = Action.objects.get()
    assert action.review_link.review == review
    assert action.source == ActionSource.REVIEW
    assert response.redirect_chain[-1][0] == (
        f"/schemes/{running.pk}/maintenance/reviews/{review.pk}/"
    )
    assert "Book the Samaritans refresher training" in response.content.decode()


@pytest.mark.parametrize("review", ["other", "999999"])
def test_an_action_cannot_be_linked_to_another_schemes_review(
    running: Scheme, coordinator: User, client_for: ClientFor, review: str
) -> None:
    other = ReviewMeetingFactory(scheme=SchemeFactory(prison=running.prison))
    review_id = other.pk if review == "other" else review
    response = client_for(coordinator).get(
        f"/schemes/{running.pk}/maintenance/reviews/{review_id}/actions/new/"
    )
    assert response.status_code == 404


@frozen()
def test_coordinator_marks_an_action_done(
    running: Scheme, coordinator: User, staff: User, client_for: ClientFor
) -> None:
    action = ActionFactory(scheme=running, owner=staff, due_date=date(2027, 3, 10))
    client = client_for(coordinator)
    path = f"/schemes/{running.pk}/actions/{action.pk}/"
    form = client.get(path).content.decode()
    assert action.description in form
    assert 'name="version"' in form
    response = client.post(
        path,
        {
            **action_answers(staff, date(2027, 3, 10), description=action.description),
            "status": ActionStatus.DONE,
            "version": action.version,
        },
        follow=True,
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.completed_on == TODAY
    assert action.version == 2
    assert "The action has been marked as done" in response.content.decode()


@frozen()
def test_a_stale_action_edit_is_refused_keeping_what_was_typed(
    running: Scheme, coordinator: User, staff: User, client_for: ClientFor
) -> None:
    action = ActionFactory(
        scheme=running, owner=staff, description="Order leaflets", due_date=date(2027, 3, 10)
    )
    opened_version = action.version
    # Somebody else saves first.
    Action.objects.filter(pk=action.pk).update(description="Order posters", version=2)
    response = client_for(coordinator).post(
        f"/schemes/{running.pk}/actions/{action.pk}/",
        {
            **action_answers(coordinator, date(2027, 3, 31), description="Order badges"),
            "status": ActionStatus.OPEN,
            "version": opened_version,
        },
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Somebody else changed this action after you opened this page" in html
    assert "Order badges" in html  # what they typed
    assert "What is saved now" in html
    assert "Order posters" in html  # what is saved
    assert 'name="version" value="2"' in html
    action.refresh_from_db()
    assert action.description == "Order posters"
    assert action.owner == staff


def test_another_schemes_action_is_not_found(
    running: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    other = ActionFactory(scheme=SchemeFactory(prison=running.prison), owner=coordinator)
    response = client_for(coordinator).get(f"/schemes/{running.pk}/actions/{other.pk}/")
    assert response.status_code == 404


# --- the actions of the user's prisons -----------------------------------------------


@frozen()
def test_the_actions_list_shows_the_users_prisons_actions_overdue_first(
    running: Scheme,
    leeds: Prison,
    bristol: Prison,
    coordinator: User,
    staff: User,
    outsider: User,
    client_for: ClientFor,
) -> None:
    insiders = SchemeFactory(prison=leeds, name="Insiders")
    ActionFactory(scheme=running, owner=staff, description="Later", due_date=date(2027, 5, 1))
    ActionFactory(scheme=insiders, owner=coordinator, description="Late", due_date=date(2027, 2, 1))
    ActionFactory(
        scheme=running,
        owner=staff,
        description="Finished",
        due_date=date(2027, 2, 1),
        status=ActionStatus.DONE,
        completed_on=date(2027, 2, 1),
    )
    ActionFactory(scheme=SchemeFactory(prison=bristol), owner=outsider, description="Bristol's own")
    response = client_for(staff).get("/actions/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 actions" in html
    assert first_column(html) == ["Late", "Later", "Finished"]
    assert "Bristol&#x27;s own" not in html
    assert 'govuk-tag--red">Overdue' in html
    assert 'govuk-tag--green">Done' in html
    assert "Insiders" in html
    assert "/actions/" in html
    # Staff update the actions they own (two of the three here), nobody else's.
    assert html.count(f'href="/schemes/{running.pk}/actions/') == 2


def test_the_actions_list_can_show_only_mine(
    running: Scheme, coordinator: User, staff: User, client_for: ClientFor
) -> None:
    ActionFactory(scheme=running, owner=staff, description="Staff's job")
    ActionFactory(scheme=running, owner=coordinator, description="Coordinator's job")
    html = client_for(staff).get("/actions/?show=mine").content.decode()
    assert "Staff&#x27;s job" in html
    assert "Coordinator&#x27;s job" not in html
    html = client_for(staff).get("/actions/?show=all").content.decode()
    assert "Coordinator&#x27;s job" in html


def test_an_invalid_filter_is_reported_not_a_500(
    running: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    ActionFactory(scheme=running, owner=coordinator, description="Still listed")
    response = client_for(coordinator).get("/actions/?show=everything")
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Select all actions or only actions you own" in html
    assert "Still listed" in html


def test_the_actions_list_is_paginated(
    running: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    for _ in range(27):
        ActionFactory(scheme=running, owner=coordinator)
    client = client_for(coordinator)
    html = client.get("/actions/").content.decode()
    assert "27 actions, showing 1 to 25" in html
    assert 'class="govuk-pagination"' in html
    assert "27 actions, showing 26 to 27" in client.get("/actions/?page=2").content.decode()


def test_the_analyst_cannot_see_the_actions_list(analyst: User, client_for: ClientFor) -> None:
    assert client_for(analyst).get("/actions/").status_code == 403


def test_an_administrator_with_no_prison_sees_an_empty_list(
    running: Scheme, admin_user: User, coordinator: User, client_for: ClientFor
) -> None:
    ActionFactory(scheme=running, owner=coordinator, description="Not for the admin")
    response = client_for(admin_user).get("/actions/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "You are not a member of any prison" in html
    assert "Not for the admin" not in html


def test_a_user_at_two_prisons_sees_both(
    running: Scheme, bristol: Prison, client_for: ClientFor
) -> None:
    both = user_with_role(Role.STAFF, running.prison, "both")
    MembershipFactory(user=both, prison=bristol, role=Role.GOVERNOR)
    ActionFactory(scheme=running, owner=both, description="At Leeds")
    ActionFactory(scheme=SchemeFactory(prison=bristol), owner=both, description="At Bristol")
    html = client_for(both).get("/actions/").content.decode()
    assert "At Leeds" in html
    assert "At Bristol" in html


@frozen()
def test_a_staff_member_marks_the_action_they_own_as_done(
    running: Scheme, coordinator: User, staff: User, client_for: ClientFor
) -> None:
    action = ActionFactory(scheme=running, owner=staff, due_date=date(2027, 4, 1))
    client = client_for(staff)
    maintenance = client.get(f"/schemes/{running.pk}/maintenance/").content.decode()
    assert f'href="/schemes/{running.pk}/actions/{action.pk}/"' in maintenance
    path = f"/schemes/{running.pk}/actions/{action.pk}/"
    assert client.get(path).status_code == 200
    response = client.post(
        path,
        {
            **action_answers(staff, date(2027, 4, 1), description=action.description),
            "status": ActionStatus.DONE,
            "version": action.version,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_staff_cannot_change_an_action_somebody_else_owns(
    running: Scheme, coordinator: User, staff: User, client_for: ClientFor
) -> None:
    action = ActionFactory(scheme=running, owner=coordinator)
    client = client_for(staff)
    path = f"/schemes/{running.pk}/actions/{action.pk}/"
    assert client.get(path).status_code == 403
    assert client.post(path, {"status": ActionStatus.DONE}).status_code == 403
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
