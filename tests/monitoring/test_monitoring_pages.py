"""The monitoring pages as people use them: logging activity from the form, the log
and the monthly counts, debrief due appearing and clearing, the risk register with its
history, incidents, and the 409 page on a stale edit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from accounts.models import User
from monitoring.models import ActivityEntry, ActivityMonth, DebriefDue, RiskCategory, RiskEntry
from schemes import phases
from schemes.models import Scheme, SchemeStatus
from tests.factories import ActivityEntryFactory, seeded_risks
from tests.schemes.matrix_rows import date_parts

ClientFor = Callable[[User | None], Client]


def running(scheme: Scheme) -> Scheme:
    Scheme.objects.filter(pk=scheme.pk).update(
        status=SchemeStatus.ACTIVE, created_at=timezone.now() - timedelta(days=60)
    )
    scheme.refresh_from_db()
    return scheme


def activity_form(days_ago: int = 1, **fields: Any) -> dict[str, Any]:
    return {
        **date_parts("occurred_on", timezone.localdate() - timedelta(days=days_ago)),
        "occurred_time": "21:30",
        "location": "B wing",
        "duration_minutes": "25",
        "people_reached": "1",
        "outcomes": ["emotional-support", "referred-to-staff"],
        **fields,
    }


def test_staff_log_a_listener_call_out_and_see_it_in_the_log_and_the_months(
    scheme: Scheme, staff: User, client_for: ClientFor
) -> None:
    running(scheme)
    client = client_for(staff)
    form = client.get(f"/schemes/{scheme.pk}/monitoring/activity/new/").content.decode()
    assert 'name="note"' not in form  # a confidential scheme has no free text at all
    assert "Emotional support" in form
    response = client.post(f"/schemes/{scheme.pk}/monitoring/activity/new/", activity_form())
    assert response.status_code == 302
    assert response["Location"] == f"/schemes/{scheme.pk}/monitoring/activity/"
    log = client.get(response["Location"]).content.decode()
    assert "Emotional support, Referred to staff" in log
    assert "The activity has been logged" in log
    months = client.get(f"/schemes/{scheme.pk}/monitoring/").content.decode()
    assert "Activity in the last 6 months" in months
    assert ActivityMonth.objects.get(scheme=scheme).entries == 1


def test_a_bad_row_is_refused_with_its_errors_and_keeps_what_was_typed(
    scheme: Scheme, staff: User, client_for: ClientFor
) -> None:
    running(scheme)
    response = client_for(staff).post(
        f"/schemes/{scheme.pk}/monitoring/activity/new/",
        activity_form(duration_minutes="0", occurred_time="25:00", outcomes=[]),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter the time like 21:30" in html
    assert "The duration must be 1 or more" in html
    assert "Select at least one outcome" in html
    assert 'value="B wing"' in html
    assert not ActivityEntry.objects.exists()


def test_activity_in_the_future_is_refused(
    scheme: Scheme, staff: User, client_for: ClientFor
) -> None:
    running(scheme)
    response = client_for(staff).post(
        f"/schemes/{scheme.pk}/monitoring/activity/new/", activity_form(days_ago=-1)
    )
    assert "The date must be today or in the past" in response.content.decode()


def test_the_analyst_sees_monthly_counts_but_not_the_log(
    scheme: Scheme, analyst: User, client_for: ClientFor
) -> None:
    running(scheme)
    ActivityEntryFactory(scheme=scheme)
    client = client_for(analyst)
    html = client.get(f"/schemes/{scheme.pk}/monitoring/").content.decode()
    assert "See the activity log" not in html
    assert "Log activity" not in html
    assert client.get(f"/schemes/{scheme.pk}/monitoring/activity/").status_code == 403


def test_debrief_due_appears_by_name_and_clears_when_the_coordinator_records_one(
    scheme: Scheme,
    coordinator: User,
    staff: User,
    analyst: User,
    roster: list[phases.PeerSupporter],
    client_for: ClientFor,
) -> None:
    running(scheme)
    client = client_for(staff)
    for day in range(1, 5):
        form = activity_form(days_ago=day, occurred_time="03:00", peer_supporters=["101"])
        assert (
            client.post(f"/schemes/{scheme.pk}/monitoring/activity/new/", form).status_code == 302
        )
    page = client_for(coordinator).get(f"/schemes/{scheme.pk}/monitoring/").content.decode()
    assert "Debrief due for 1 peer supporter." in page
    assert "Aaron Ames" in page
    analyst_page = client_for(analyst).get(f"/schemes/{scheme.pk}/monitoring/").content.decode()
    assert "Debrief due for 1 peer supporter." in analyst_page
    assert "Aaron Ames" not in analyst_page
    debrief = client_for(coordinator).post(
        f"/schemes/{scheme.pk}/monitoring/debriefs/new/",
        {"peer_supporter": "101", **date_parts("held_on", timezone.localdate())},
    )
    assert debrief.status_code == 302
    assert not DebriefDue.objects.exists()
    page = client_for(coordinator).get(f"/schemes/{scheme.pk}/monitoring/").content.decode()
    assert "No debriefs are due." in page


def test_a_stale_correction_answers_409_with_what_was_typed_and_what_is_saved(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    running(scheme)
    entry = ActivityEntryFactory(scheme=scheme, occurred_at=timezone.now() - timedelta(days=1))
    path = f"/schemes/{scheme.pk}/monitoring/activity/{entry.pk}/change/"
    client = client_for(coordinator)
    first = client.post(path, activity_form(location="C wing", version="1"))
    assert first.status_code == 302
    second = client.post(path, activity_form(location="D wing", version="1"))
    html = second.content.decode()
    assert second.status_code == 409
    assert "Somebody else changed this activity entry" in html
    assert 'value="D wing"' in html
    assert "What is saved now" in html
    assert "C wing" in html
    entry.refresh_from_db()
    assert entry.location == "C wing"


def test_the_risk_register_hides_titles_and_owners_from_the_analyst(
    scheme: Scheme, coordinator: User, analyst: User, client_for: ClientFor
) -> None:
    risks = seeded_risks(scheme)
    RiskEntry.objects.filter(pk=risks[RiskCategory.NEGATIVE_ATTITUDES].pk).update(
        title="Officer Jones mocks the Listeners"
    )
    html = client_for(coordinator).get(f"/schemes/{scheme.pk}/monitoring/risks/").content.decode()
    assert "Officer Jones mocks the Listeners" in html
    assert coordinator.display_name in html
    html = client_for(analyst).get(f"/schemes/{scheme.pk}/monitoring/risks/").content.decode()
    assert "Officer Jones" not in html
    assert coordinator.display_name not in html
    assert "Negative attitudes to peer supporters or participants" in html
    assert "Misuse of confidential information" in html


def test_a_risk_review_shows_in_its_history(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    risk = seeded_risks(scheme)[RiskCategory.CONFIDENTIALITY]
    client = client_for(coordinator)
    form = {
        "title": risk.title,
        "description": risk.description,
        "likelihood": "4",
        "impact": "4",
        "owner": str(coordinator.pk),
        "mitigations": "Call-out sheets kept in the locked drawer",
        "status": "open",
        "version": "1",
        **date_parts("review_on", timezone.localdate() + timedelta(days=60)),
    }
    path = f"/schemes/{scheme.pk}/monitoring/risks/{risk.pk}/"
    assert client.post(f"{path}change/", form).status_code == 302
    html = client.get(path).content.decode()
    assert "Likelihood changed from 2 to 4" in html
    assert "Call-out sheets kept in the locked drawer" in html
    stale = client.post(f"{path}change/", {**form, "likelihood": "1"})
    assert stale.status_code == 409
    assert "Somebody else changed this risk" in stale.content.decode()


def test_staff_record_a_confidentiality_incident_against_the_third_risk_only(
    scheme: Scheme, staff: User, client_for: ClientFor
) -> None:
    risks = seeded_risks(scheme)
    client = client_for(staff)
    body = {
        **date_parts("occurred_on", timezone.localdate()),
        "what_happened": "A call-out sheet was left on the wing office desk.",
        "action_taken": "Locked away.",
    }
    confidential = risks[RiskCategory.CONFIDENTIALITY]
    other = risks[RiskCategory.PREFERENTIAL_TREATMENT]
    response = client.post(
        f"/schemes/{scheme.pk}/monitoring/risks/{confidential.pk}/incidents/new/", body
    )
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "A call-out sheet was left on the wing office desk." in detail
    assert (
        client.get(f"/schemes/{scheme.pk}/monitoring/risks/{other.pk}/incidents/new/").status_code
        == 404
    )


def test_the_paper_log_sheet_lists_the_outcome_codes(
    scheme: Scheme, staff: User, client_for: ClientFor
) -> None:
    html = (
        client_for(staff).get(f"/schemes/{scheme.pk}/monitoring/activity/sheet/").content.decode()
    )
    assert "Activity log sheet" in html
    assert "Emotional support" in html
    assert "write nothing that identifies the person supported" in html


def test_the_schemes_history_tells_a_risk_review_and_names_no_one_to_the_analyst(
    scheme: Scheme, coordinator: User, analyst: User, client_for: ClientFor
) -> None:
    from monitoring.services import risk_update

    risk = seeded_risks(scheme)[RiskCategory.NEGATIVE_ATTITUDES]
    risk_update(
        risk=risk,
        by=coordinator,
        expected_version=1,
        today=timezone.localdate(),
        likelihood=4,
        mitigations="Briefing for wing staff",
    )
    html = client_for(coordinator).get(f"/schemes/{scheme.pk}/history/").content.decode()
    assert "Risk changed" in html
    assert "Likelihood changed from 2 to 4" in html
    html = client_for(analyst).get(f"/schemes/{scheme.pk}/history/").content.decode()
    assert "Likelihood changed from 2 to 4" in html
    assert "Briefing for wing staff" not in html
