"""The self-assessment's evidence as planning and maintenance register it (read through
the registry, as the dashboards read it), and the rules behind it."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from maintenance.phase import CHECKLIST as MAINTENANCE_ITEMS
from maintenance.rules import ReviewFacts, review_evidence
from planning.models import PlanApproval, PlanTask
from schemes import phases
from schemes.models import Scheme, SchemeStatus
from tests.factories import PlanFactory, ReviewMeetingFactory, StakeholderFactory, complete_plan

TODAY = date(2026, 12, 1)


def evidence_of(scheme: Scheme, day: date = TODAY) -> dict[str, phases.Evidence]:
    return {item.item: item for item in phases.evidence_many([scheme], day)[scheme.pk]}


def test_a_new_schemes_planning_items_are_not_met_yet(scheme: Scheme) -> None:
    found = evidence_of(scheme)
    need = found[PlanTask.NEED.label]
    assert (need.rating, need.evidence) == ("not met", "Not answered in the plan yet")
    assert need.href == f"/schemes/{scheme.pk}/planning/"
    # A scheme still planning is not judged on its review meetings.
    assert not set(MAINTENANCE_ITEMS) & set(found)


def test_a_started_task_is_partly_met_and_says_what_is_still_to_do(scheme: Scheme) -> None:
    PlanFactory(scheme=scheme, need="Self-harm is rising on A wing")
    need = evidence_of(scheme)[PlanTask.NEED.label]
    assert need.rating == "partly met"
    assert need.evidence == (
        "Started in the plan. Still to do: give the evidence of the need; "
        "say what the scheme needs to do"
    )


def test_an_approved_plans_tasks_are_met_with_the_evidence_in_numbers(scheme: Scheme) -> None:
    complete_plan(scheme, approval=PlanApproval.APPROVED)
    StakeholderFactory(scheme=scheme)
    found = evidence_of(scheme)
    assert {found[task.label].rating for task in PlanTask} == {"met"}
    assert found[PlanTask.STAKEHOLDERS.label].evidence == (
        "2 stakeholders in the register, each with how to engage them, "
        "in the plan a governor approved"
    )
    assert found[PlanTask.IMPACT.label].evidence.startswith(
        "1 SMART objective; the scheme is reviewed every 3 months"
    )


def running(scheme: Scheme, launched_on: date) -> Scheme:
    Scheme.objects.filter(pk=scheme.pk).update(
        status=SchemeStatus.ACTIVE, launched_on=launched_on, review_cadence_months=3
    )
    scheme.refresh_from_db()
    return scheme


def test_a_running_scheme_with_no_review_meets_no_maintenance_item(scheme: Scheme) -> None:
    running(scheme, TODAY - timedelta(days=30))
    found = evidence_of(scheme)
    assert [found[item].rating for item in MAINTENANCE_ITEMS] == ["not met"] * 3
    assert found[MAINTENANCE_ITEMS[0]].href == f"/schemes/{scheme.pk}/maintenance/"


def test_the_latest_review_shows_what_is_checked_planned_and_who_is_involved(
    scheme: Scheme, coordinator: User
) -> None:
    running(scheme, TODAY - timedelta(days=60))
    review = ReviewMeetingFactory(
        scheme=scheme,
        held_on=TODAY - timedelta(days=10),
        communication_routes="Weekly wing meetings",
        training_and_support="Samaritans refresher booked",
        future_recruitment="Two to recruit in January",
        resources_and_need="",
        peer_supporters_attending=3,
    )
    review.staff_attendees.add(coordinator)
    review.stakeholder_attendees.add(StakeholderFactory(scheme=scheme))
    checked, planned, involved = (evidence_of(scheme)[item] for item in MAINTENANCE_ITEMS)
    assert checked.rating == "met"
    assert checked.evidence == (
        "The review meeting of 21 November 2026 discussed communication routes and "
        "training and support"
    )
    assert planned.rating == "partly met"
    assert planned.evidence.endswith("discussed future recruitment, but not resources and need")
    assert involved.rating == "met"
    assert involved.evidence == (
        "The review meeting of 21 November 2026 was attended by 1 staff member, "
        "3 peer supporters and 1 stakeholder"
    )


def facts(**changes: object) -> ReviewFacts:
    values: dict[str, object] = {
        "held_on": date(2026, 11, 1),
        "communication": True,
        "training": True,
        "recruitment": True,
        "resources": True,
        "involvement": True,
        "staff": 2,
        "stakeholders": 1,
        "peer_supporters": 0,
        **changes,
    }
    return ReviewFacts(**values)  # type: ignore[arg-type]


def test_an_overdue_next_review_keeps_every_item_at_partly_met() -> None:
    ratings = [rating for rating, _ in review_evidence([facts(peer_supporters=2)], overdue=True)]
    assert ratings == ["partly met"] * 3


def test_a_review_that_discussed_nothing_of_an_item_does_not_meet_it() -> None:
    (rating, words), _, (involved, who) = review_evidence(
        [facts(communication=False, training=False)], overdue=False
    )
    assert rating == "not met"
    assert words.endswith("did not discuss communication routes and training and support")
    assert involved == "partly met"
    assert who.endswith("2 staff members and 1 stakeholder, but no peer supporters")


def test_the_dashboards_read_every_scheme_at_once(scheme: Scheme, leeds: object) -> None:
    other = Scheme.objects.create(
        prison=scheme.prison,
        name="Insiders",
        scheme_type="insiders",
        purpose="Induction",
        target_group="New arrivals",
        target_peer_supporters=4,
        minimum_peer_supporters=2,
    )
    PlanFactory(scheme=other)
    found = phases.evidence_many([scheme, other], timezone.localdate())
    assert set(found) == {scheme.pk, other.pk}
    assert all(len(items) == 7 for items in found.values())
