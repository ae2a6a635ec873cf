"""The scheme's lifecycle buttons and its history: who moved it, when and why."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import User
from planning.models import PlanDecision, PlanDecisionKind
from planning.services import plan_approve, plan_return, plan_submit
from schemes.models import Action, ActionSource, Scheme, SchemeStatus, SchemeTransition
from tests.factories import ReviewMeetingFactory, complete_plan, ready_to_run

ClientFor = Callable[[User | None], Client]
LONDON = ZoneInfo("Europe/London")


def main_content(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def set_status(scheme: Scheme, status: str) -> Scheme:
    Scheme.objects.filter(pk=scheme.pk).update(status=status)
    scheme.refresh_from_db()
    return scheme


# --- moving the scheme ---------------------------------------------------------------


@time_machine.travel(datetime(2027, 3, 1, 14, 30, tzinfo=LONDON), tick=False)
def test_coordinator_pauses_the_scheme_with_a_reason_recorded_in_the_history(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    set_status(scheme, SchemeStatus.ACTIVE)
    client = client_for(coordinator)
    history = client.get(f"/schemes/{scheme.pk}/history/").content.decode()
    assert f'href="/schemes/{scheme.pk}/status/paused/"' in history
    assert "Close the scheme" not in history  # a governor's move

    page = client.get(f"/schemes/{scheme.pk}/status/paused/").content.decode()
    assert '<h1 class="govuk-heading-l">Pause the scheme</h1>' in page
    assert "Why are you pausing the scheme?" in page
    assert "govuk-button--warning" not in page

    response = client.post(
        f"/schemes/{scheme.pk}/status/paused/",
        {"reason": "Lockdown on A wing: no association for two weeks."},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/schemes/{scheme.pk}/history/"
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.PAUSED
    move = SchemeTransition.objects.get()
    assert (move.from_status, move.to_status, move.by) == ("active", "paused", coordinator)
    html = response.content.decode()
    assert "The scheme has been paused" in html
    assert '<h3 class="moj-timeline__title">Scheme paused</h3>' in html
    assert f'<p class="moj-timeline__byline">by {coordinator.display_name}</p>' in html
    assert "1 March 2027 at 2:30pm" in html
    assert "Lockdown on A wing: no association for two weeks." in html
    assert "Status changed from active to paused" in html
    # Paused now: restart is offered instead of pause.
    assert "Restart the scheme" in html


def test_pausing_without_a_reason_is_refused(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    set_status(scheme, SchemeStatus.ACTIVE)
    response = client_for(coordinator).post(f"/schemes/{scheme.pk}/status/paused/", {"reason": " "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert '<a href="#id_reason">Enter why you are pausing the scheme</a>' in html
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.ACTIVE
    assert not SchemeTransition.objects.exists()


def test_staff_cannot_pause_the_scheme(scheme: Scheme, staff: User, client_for: ClientFor) -> None:
    set_status(scheme, SchemeStatus.ACTIVE)
    client = client_for(staff)
    assert client.get(f"/schemes/{scheme.pk}/status/paused/").status_code == 403
    response = client.post(f"/schemes/{scheme.pk}/status/paused/", {"reason": "Because"})
    assert response.status_code == 403
    assert "Pause the scheme" not in client.get(f"/schemes/{scheme.pk}/history/").content.decode()
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.ACTIVE


def test_governor_closes_the_scheme_after_a_warning_button_confirmation(
    scheme: Scheme, governor: User, client_for: ClientFor
) -> None:
    set_status(scheme, SchemeStatus.PAUSED)
    client = client_for(governor)
    history = client.get(f"/schemes/{scheme.pk}/history/").content.decode()
    assert "Restart the scheme" not in history  # a coordinator's move
    assert "govuk-button--warning" in history

    page = client.get(f"/schemes/{scheme.pk}/status/closed/").content.decode()
    assert '<h1 class="govuk-heading-l">Close the scheme</h1>' in page
    assert "govuk-warning-text" in page
    assert "Closing a scheme is final" in page
    assert 'class="govuk-button govuk-button--warning"' in page
    assert "Why are you closing the scheme?" in page

    refused = client.post(f"/schemes/{scheme.pk}/status/closed/", {"reason": ""})
    assert "Enter why you are closing the scheme" in refused.content.decode()

    response = client.post(
        f"/schemes/{scheme.pk}/status/closed/",
        {"reason": "Samaritans withdrew their support."},
        follow=True,
    )
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.CLOSED
    html = response.content.decode()
    assert "The scheme has been closed" in html
    assert "Scheme closed" in html
    assert "Samaritans withdrew their support." in html
    # Closed is final: no more moves offered.
    assert "/status/" not in html


def test_a_coordinator_cannot_close_the_scheme(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    set_status(scheme, SchemeStatus.ACTIVE)
    client = client_for(coordinator)
    assert client.get(f"/schemes/{scheme.pk}/status/closed/").status_code == 403
    response = client.post(f"/schemes/{scheme.pk}/status/closed/", {"reason": "Done"})
    assert response.status_code == 403
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.ACTIVE


def test_coordinator_restarts_a_paused_scheme_without_needing_a_reason(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    set_status(scheme, SchemeStatus.PAUSED)
    client = client_for(coordinator)
    page = client.get(f"/schemes/{scheme.pk}/status/active/").content.decode()
    assert "Restart the scheme" in page
    assert "Why are you restarting the scheme? (optional)" in page
    response = client.post(f"/schemes/{scheme.pk}/status/active/", {"reason": ""})
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.ACTIVE


def test_coordinator_starts_running_a_recruiting_scheme(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    set_status(scheme, SchemeStatus.RECRUITING)
    ready_to_run(scheme, owner=coordinator)
    client = client_for(coordinator)
    assert (
        "Start running the scheme" in client.get(f"/schemes/{scheme.pk}/history/").content.decode()
    )
    response = client.post(f"/schemes/{scheme.pk}/status/active/", {"reason": ""}, follow=True)
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.ACTIVE
    assert "Scheme started running" in response.content.decode()


@pytest.mark.parametrize("to_status", ["recruiting", "planning", "archived", "PAUSED"])
def test_targets_this_page_does_not_offer_are_not_found(
    scheme: Scheme, governor: User, coordinator: User, client_for: ClientFor, to_status: str
) -> None:
    # Recruiting starts only when a governor approves the plan (the planning pages).
    for user in (governor, coordinator):
        client = client_for(user)
        assert client.get(f"/schemes/{scheme.pk}/status/{to_status}/").status_code == 404
        assert client.post(f"/schemes/{scheme.pk}/status/{to_status}/").status_code == 404


def test_a_move_the_status_does_not_allow_now_is_not_found_and_a_late_post_is_a_conflict(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    set_status(scheme, SchemeStatus.PAUSED)  # somebody paused it already
    client = client_for(coordinator)
    assert client.get(f"/schemes/{scheme.pk}/status/paused/").status_code == 404
    response = client.post(
        f"/schemes/{scheme.pk}/status/paused/", {"reason": "Staff shortage on nights"}
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "There is a problem" in html
    assert "The scheme is paused now, so you cannot do this" in html
    assert "Staff shortage on nights" in html  # what they typed is shown back
    assert "govuk-button" not in main_content(html)  # nothing to press
    assert not SchemeTransition.objects.exists()


def test_the_outsider_cannot_see_or_move_another_prisons_scheme(
    scheme: Scheme, outsider: User, client_for: ClientFor
) -> None:
    set_status(scheme, SchemeStatus.ACTIVE)
    client = client_for(outsider)
    assert client.get(f"/schemes/{scheme.pk}/history/").status_code == 404
    assert client.post(f"/schemes/{scheme.pk}/status/paused/", {"reason": "x"}).status_code == 404


# --- the history ---------------------------------------------------------------------


@pytest.fixture
def eventful(scheme: Scheme, coordinator: User, governor: User) -> Scheme:
    """A scheme whose plan was returned, resubmitted, approved; then run and reviewed."""
    with time_machine.travel(datetime(2027, 1, 4, 9, 0, tzinfo=LONDON), tick=False):
        plan = complete_plan(scheme)
        plan_submit(plan=plan, by=coordinator)
    with time_machine.travel(datetime(2027, 1, 6, 11, 0, tzinfo=LONDON), tick=False):
        plan_return(
            plan=plan,
            by=governor,
            reason="Say how night cover works on B wing.",
            today=date(2027, 1, 6),
        )
    with time_machine.travel(datetime(2027, 1, 8, 9, 0, tzinfo=LONDON), tick=False):
        plan_submit(plan=plan, by=coordinator)
    with time_machine.travel(datetime(2027, 1, 11, 16, 0, tzinfo=LONDON), tick=False):
        plan_approve(plan=plan, by=governor, today=date(2027, 1, 11))
    SchemeTransition.objects.create(
        scheme=scheme,
        from_status=SchemeStatus.RECRUITING,
        to_status=SchemeStatus.ACTIVE,
        by=coordinator,
        at=datetime(2027, 2, 1, 9, 0, tzinfo=LONDON),
    )
    ReviewMeetingFactory(
        scheme=scheme,
        held_on=date(2027, 2, 20),
        recorded_by=coordinator,
        decisions="Recruit four Listeners before the summer.",
    )
    set_status(scheme, SchemeStatus.ACTIVE)
    return scheme


def test_the_history_shows_plan_decisions_moves_and_reviews_newest_first(
    eventful: Scheme, coordinator: User, governor: User, client_for: ClientFor
) -> None:
    assert PlanDecision.objects.filter(decision=PlanDecisionKind.RETURNED).exists()
    assert Action.objects.filter(source=ActionSource.PLAN_RETURNED).exists()
    html = client_for(coordinator).get(f"/schemes/{eventful.pk}/history/").content.decode()
    assert 'class="moj-timeline"' in html
    titles = [
        "Review meeting held",
        "Scheme started running",
        "Recruiting started: plan approved",
        "Plan approved: version 1",
        "Plan submitted for approval",
        "Plan returned",
        "Scheme created",
    ]
    positions = [html.index(f'<h3 class="moj-timeline__title">{title}</h3>') for title in titles]
    assert positions == sorted(positions)
    # Both submissions are kept: the one returned and the one approved.
    assert html.count('<h3 class="moj-timeline__title">Plan submitted for approval</h3>') == 2
    assert "Say how night cover works on B wing." in html
    assert f"by {governor.display_name}" in html
    assert "11 January 2027 at 4:00pm" in html
    assert '<time datetime="2027-02-20">20 February 2027</time>' in html
    assert "Recruit four Listeners before the summer." in html
    assert "View the review meeting of 20 February 2027" in html


def test_the_analyst_sees_what_happened_but_no_names_or_reasons(
    eventful: Scheme, analyst: User, coordinator: User, governor: User, client_for: ClientFor
) -> None:
    response = client_for(analyst).get(f"/schemes/{eventful.pk}/history/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Plan returned" in html
    assert "Scheme started running" in html
    assert "Status changed from recruiting to active" in html
    assert "moj-timeline__byline" not in html
    assert coordinator.display_name not in html
    assert governor.display_name not in html
    assert "night cover" not in html
    assert "Recruit four Listeners" not in html
    assert "/maintenance/reviews/" not in html
    assert "/status/" not in html


def test_each_move_is_recorded_once_with_who_when_and_why(
    scheme: Scheme, coordinator: User, governor: User, client_for: ClientFor
) -> None:
    set_status(scheme, SchemeStatus.ACTIVE)
    start = timezone.now()
    client_for(coordinator).post(f"/schemes/{scheme.pk}/status/paused/", {"reason": "Refit"})
    client_for(coordinator).post(f"/schemes/{scheme.pk}/status/active/", {"reason": ""})
    client_for(governor).post(f"/schemes/{scheme.pk}/status/closed/", {"reason": "Merged"})
    moves = list(SchemeTransition.objects.order_by("at", "id"))
    assert [(m.from_status, m.to_status, m.by, m.reason) for m in moves] == [
        ("active", "paused", coordinator, "Refit"),
        ("paused", "active", coordinator, ""),
        ("active", "closed", governor, "Merged"),
    ]
    assert all(start <= m.at <= timezone.now() + timedelta(seconds=1) for m in moves)
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.CLOSED
