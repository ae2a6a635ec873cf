"""Nothing writes around the services: the admin shows plans, review meetings and a
scheme's lifecycle fields, but cannot change them."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from accounts.models import User
from schemes.models import Scheme
from tests.factories import ActivityEntryFactory, ReviewMeetingFactory, seeded_risks


def test_the_admin_can_read_but_not_change_a_plan_or_a_review(
    scheme: Scheme, admin_user: User, client_for: Callable[[User | None], Client]
) -> None:
    client = client_for(admin_user)
    review = ReviewMeetingFactory(scheme=scheme)
    plan_page = f"/admin/planning/plan/{scheme.plan.pk}/change/"
    review_page = f"/admin/maintenance/reviewmeeting/{review.pk}/change/"
    assert client.get(plan_page).status_code == 200
    assert client.post(plan_page, {"need": "Changed"}).status_code == 403
    assert client.get(review_page).status_code == 200
    assert client.post(review_page, {"decisions": "Changed"}).status_code == 403
    assert client.get("/admin/schemes/scheme/add/").status_code == 403
    scheme.plan.refresh_from_db()
    assert scheme.plan.need == ""


def test_the_admin_shows_a_schemes_status_read_only(
    scheme: Scheme, admin_user: User, client_for: Callable[[User | None], Client]
) -> None:
    html = client_for(admin_user).get(f"/admin/schemes/scheme/{scheme.pk}/change/")
    page = html.content.decode()
    assert html.status_code == 200
    assert 'name="status"' not in page
    assert 'name="version"' not in page
    assert 'name="launched_on' not in page


def test_the_admin_can_read_but_not_change_monitoring_records(
    scheme: Scheme, admin_user: User, client_for: Callable[[User | None], Client]
) -> None:
    client = client_for(admin_user)
    entry = ActivityEntryFactory(scheme=scheme)
    risk = seeded_risks(scheme)["confidentiality"]
    for page, field in (
        (f"/admin/monitoring/activityentry/{entry.pk}/change/", "location"),
        (f"/admin/monitoring/riskentry/{risk.pk}/change/", "title"),
    ):
        assert client.get(page).status_code == 200
        assert client.post(page, {field: "Changed"}).status_code == 403
    for model in ("activityentry", "activitymonth", "debrief", "riskentry"):
        assert client.get(f"/admin/monitoring/{model}/add/").status_code == 403
    risk.refresh_from_db()
    assert risk.title == "Misuse of confidential information"
