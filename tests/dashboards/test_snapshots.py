"""The dashboards' stored snapshots: a governor never sees a stale one, an analyst sees
today's as they were stored (and is told when), and the refresh task stores each
scheme again only when something changed or the day did."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Prison, Role, User
from monitoring.dashboards import snapshots
from monitoring.dashboards.health import SchemeHealth
from monitoring.models import SchemeSnapshot
from monitoring.tasks import refresh_scheme_snapshots
from planning.models import PlanApproval
from planning.services import plan_approve
from schemes.models import Scheme, SchemeStatus
from tests.dashboards.test_dashboard_queries import PRISON_DASHBOARD_STORED
from tests.factories import (
    ActionFactory,
    MembershipFactory,
    SchemeFactory,
    UserFactory,
    complete_plan,
)

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User | None], Client]


def refresh_now() -> list[int]:
    """Run the refresh task as beat would; the ids it stored."""
    today = timezone.localdate()
    ids = snapshots.stale_scheme_ids(today)
    snapshots.refresh(today, ids)
    return ids


def submitted(scheme: Scheme) -> Scheme:
    complete_plan(scheme, approval=PlanApproval.SUBMITTED)
    return scheme


def running(scheme: Scheme, coordinator: User) -> Scheme:
    complete_plan(scheme, approval=PlanApproval.APPROVED)
    Scheme.objects.filter(pk=scheme.pk).update(
        status=SchemeStatus.ACTIVE, launched_on=timezone.localdate() - timedelta(days=100)
    )
    ActionFactory(
        scheme=scheme, owner=coordinator, due_date=timezone.localdate() - timedelta(days=3)
    )
    scheme.refresh_from_db()
    return scheme


def test_a_stored_snapshot_reads_back_as_it_was_worked_out(
    scheme: Scheme, coordinator: User
) -> None:
    running(scheme, coordinator)
    today = timezone.localdate()
    worked_out = snapshots.compute([scheme], today)[scheme.pk]
    assert worked_out.health.rating == "red"  # the overdue action, at least
    assert worked_out.evidence
    assert worked_out.due

    snapshots.refresh(today, [scheme.pk])

    read = snapshots.read([scheme], today)[scheme.pk]
    assert read.as_at is not None
    assert replace(read, as_at=None) == worked_out


def test_the_governor_sees_an_approved_plan_gone_though_the_snapshot_was_stored_before(
    leeds: Prison, scheme: Scheme, governor: User, client_for: ClientFor
) -> None:
    submitted(scheme)
    refresh_now()
    client = client_for(governor)
    assert (
        "Plans to approve or return"
        in client.get(f"/dashboard/prisons/{leeds.pk}/").content.decode()
    )

    plan_approve(plan=scheme.plan, by=governor, today=timezone.localdate())

    html = client.get(f"/dashboard/prisons/{leeds.pk}/").content.decode()
    assert "Plans to approve or return" not in html


def test_a_change_at_the_prison_counts_as_a_change_to_its_schemes(
    leeds: Prison, scheme: Scheme
) -> None:
    today = timezone.localdate()
    snapshots.refresh(today, [scheme.pk])
    assert snapshots.stale_scheme_ids(today) == []

    # A new governor: due items name who must act, so every scheme there is stale.
    MembershipFactory(user=UserFactory(), prison=leeds, role=Role.GOVERNOR)

    assert snapshots.stale_scheme_ids(today) == [scheme.pk]


def test_a_stored_snapshot_is_used_only_while_nothing_has_changed(
    scheme: Scheme, coordinator: User
) -> None:
    today = timezone.localdate()
    snapshots.refresh(today, [scheme.pk])
    # Tamper with the stored row, as if it said something else: the read believes it.
    SchemeSnapshot.objects.filter(pk=scheme.pk).update(
        health={**SchemeSnapshot.objects.get(pk=scheme.pk).health, "rating": "green", "reasons": []}
    )
    assert snapshots.read([scheme], today)[scheme.pk].health == SchemeHealth("green")

    ActionFactory(scheme=scheme, owner=coordinator, due_date=today - timedelta(days=1))

    assert snapshots.read([scheme], today)[scheme.pk].health.rating == "amber"
    # Nothing was written by reading: the stored row still says green until the task.
    assert SchemeSnapshot.objects.get(pk=scheme.pk).health["rating"] == "green"
    assert refresh_scheme_snapshots() == 1
    assert SchemeSnapshot.objects.get(pk=scheme.pk).health["rating"] == "amber"


def test_yesterdays_snapshot_is_worked_out_afresh_and_the_task_stores_every_scheme_again(
    leeds: Prison, coordinator: User
) -> None:
    first = running(SchemeFactory(prison=leeds, coordinator=coordinator), coordinator)
    second = SchemeFactory(prison=leeds, coordinator=coordinator)
    SchemeFactory(prison=leeds, coordinator=coordinator, status=SchemeStatus.CLOSED)
    assert sorted(refresh_now()) == sorted([first.pk, second.pk])  # closed: not rated
    assert refresh_now() == []

    with time_machine.travel(timezone.now() + timedelta(days=1)):
        tomorrow = timezone.localdate()
        assert sorted(snapshots.stale_scheme_ids(tomorrow)) == sorted([first.pk, second.pk])
        read = snapshots.read([first], tomorrow)[first.pk]
        assert read.as_at is None  # worked out for the page, not yesterday's
        assert refresh_scheme_snapshots() == 2
        assert snapshots.read([first], tomorrow)[first.pk].as_at is not None


def test_the_task_also_stores_again_what_changed_in_the_last_minutes(scheme: Scheme) -> None:
    """A change the trail numbers before the snapshot's mark (a long transaction that
    committed late) is caught by the next run, which looks back a few minutes too."""
    today = timezone.localdate()
    snapshots.refresh(today, [scheme.pk])
    Scheme.objects.filter(pk=scheme.pk).update(name="Listeners (renamed)")
    SchemeSnapshot.objects.filter(pk=scheme.pk).update(audit_id=10**12)  # as if late

    assert snapshots.stale_scheme_ids(today) == []
    since = timezone.now() - snapshots.LATE_COMMIT
    assert snapshots.stale_scheme_ids(today, since=since) == [scheme.pk]


def test_the_national_dashboard_shows_todays_stored_figures_and_says_when(
    scheme: Scheme, analyst: User, client_for: ClientFor
) -> None:
    client = client_for(analyst)
    assert "Figures as at" not in client.get("/dashboard/national/").content.decode()
    refresh_now()
    SchemeSnapshot.objects.filter(pk=scheme.pk).update(
        health={
            **SchemeSnapshot.objects.get(pk=scheme.pk).health,
            "rating": "red",
            "reasons": [["red", "Stored reason"]],
        }
    )
    # A change since: the national dashboard still shows the stored rating.
    Scheme.objects.filter(pk=scheme.pk).update(name="Listeners (renamed)")

    html = client.get("/dashboard/national/").content.decode()

    assert "Figures as at" in html
    assert "Of 1 scheme rated, 1 red, 0 amber and 0 green." in html


def test_reads_ask_no_phase_when_every_snapshot_holds(
    scheme: Scheme, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = timezone.localdate()
    worked_out = snapshots.compute([scheme], today)[scheme.pk]
    snapshots.refresh(today, [scheme.pk])

    def refuse(*args: object) -> None:
        raise AssertionError("a phase was asked")

    monkeypatch.setattr(snapshots, "compute", refuse)
    found = snapshots.read([scheme], today, (snapshots.EVIDENCE, snapshots.HEALTH))[scheme.pk]
    assert found.evidence == worked_out.evidence
    assert found.health == worked_out.health
    assert found.due == ()  # not asked for


def figures(response: HttpResponseBase) -> str:
    """The page from its first figures to the end of its main content."""
    assert isinstance(response, HttpResponse)
    return response.content.decode().split('id="health"')[1].split("</main>")[0]


def rendered(response: HttpResponseBase) -> list[str]:
    return [template.name or "" for template in getattr(response, "templates", [])]


def test_a_governors_dashboard_is_rendered_once_while_nothing_changes(
    leeds: Prison, scheme: Scheme, governor: User, client_for: ClientFor
) -> None:
    submitted(scheme)
    refresh_now()
    client = client_for(governor)
    url = f"/dashboard/prisons/{leeds.pk}/"
    first = client.get(url)
    assert "dashboards/_prison_body.html" in rendered(first)

    again = client.get(url)
    assert "dashboards/_prison_body.html" not in rendered(again)
    assert figures(again) == figures(first)

    # Another user of the prison has their own "what needs you".
    other = client_for(MembershipFactory(prison=leeds, role=Role.GOVERNOR).user)
    assert "dashboards/_prison_body.html" in rendered(other.get(url))

    # A change: worked out afresh, and not kept until the refresh stores it.
    Scheme.objects.filter(pk=scheme.pk).update(name="Listeners (renamed)")
    changed = client.get(url)
    assert "Listeners (renamed)" in changed.content.decode()
    assert "dashboards/_prison_body.html" in rendered(client.get(url))
    refresh_now()
    assert "dashboards/_prison_body.html" in rendered(client.get(url))
    assert "dashboards/_prison_body.html" not in rendered(client.get(url))


def test_the_national_figures_are_kept_until_the_refresh_stores_something_new(
    leeds: Prison, scheme: Scheme, coordinator: User, analyst: User, client_for: ClientFor
) -> None:
    client = client_for(analyst)
    # Nothing stored yet: worked out every time, never kept.
    assert "dashboards/_national_body.html" in rendered(client.get("/dashboard/national/"))
    assert "dashboards/_national_body.html" in rendered(client.get("/dashboard/national/"))

    refresh_now()
    assert "dashboards/_national_body.html" in rendered(client.get("/dashboard/national/"))
    kept = client.get("/dashboard/national/")
    assert "dashboards/_national_body.html" not in rendered(kept)
    assert "1 scheme" in kept.content.decode()
    # Each filter is kept on its own.
    assert "dashboards/_national_body.html" in rendered(
        client.get("/dashboard/national/?status=active")
    )

    # A new scheme: not stored yet, so worked out for the page, which counts it.
    SchemeFactory(prison=leeds, coordinator=coordinator)
    assert "2 schemes" in client.get("/dashboard/national/").content.decode()
    refresh_now()
    assert "2 schemes" in client.get("/dashboard/national/").content.decode()
    assert "dashboards/_national_body.html" not in rendered(client.get("/dashboard/national/"))


def test_a_self_assessment_is_rendered_once_until_the_scheme_changes(
    leeds: Prison, scheme: Scheme, coordinator: User, governor: User, client_for: ClientFor
) -> None:
    running(scheme, coordinator)
    refresh_now()
    client = client_for(governor)
    for url, body in [
        (f"/schemes/{scheme.pk}/self-assessment/", "dashboards/_self_assessment_items.html"),
        (
            f"/dashboard/prisons/{leeds.pk}/self-assessment/",
            "dashboards/_prison_self_assessment_body.html",
        ),
    ]:
        assert body in rendered(client.get(url))
        assert body not in rendered(client.get(url))

    ActionFactory(scheme=scheme, owner=coordinator)
    assert "dashboards/_self_assessment_items.html" in rendered(
        client.get(f"/schemes/{scheme.pk}/self-assessment/")
    )


def test_a_kept_prison_dashboard_reads_no_snapshot_contents(
    leeds: Prison, scheme: Scheme, coordinator: User, governor: User, client_for: ClientFor
) -> None:
    running(scheme, coordinator)
    refresh_now()
    client = client_for(governor)
    url = f"/dashboard/prisons/{leeds.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as kept:
        client.get(url)
    assert not [q for q in kept.captured_queries if '"health"' in q["sql"]]
    assert len(kept) == PRISON_DASHBOARD_STORED - 1
