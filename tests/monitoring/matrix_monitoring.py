"""Permission matrix rows for the monitoring pages (merged by tests/test_permission_matrix.py).

The matrix's scheme is "Listeners" at HMP Leeds. activity_id is an activity entry of it;
risk_id is its "misuse of confidential information" risk (seeded, as every scheme's
register is); the state matrix also gives it a peer supporter (roster id
DEBRIEF_SUPPORTER) whose debrief is due.

MONITORING_WRITES: each page's valid POST and what it changes, state by state (see
tests/schemes/matrix_rows.py, Write).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from monitoring.models import ActivityEntry, RiskEntry
from schemes import phases
from schemes.models import Scheme
from tests.schemes.matrix_rows import (
    CLOSED_SHOWN,
    READ_ONLY,
    Ids,
    Outcome,
    Row,
    Write,
    always,
    coordinator_only,
    date_parts,
    everyone,
    merged_ids,
    row,
    unless_closed,
    viewers,
)

DEBRIEF_SUPPORTER = 7


def loggers(get: int = 200, post: int = 200) -> Row:
    """A page that logs something at HMP Leeds: its coordinator and staff (LOG)."""
    return row(
        anonymous=(302, 302),
        coordinator=(get, post),
        staff=(get, post),
        governor=(403, 403),
        analyst=(403, 403),
        outsider=(404, 404),
        admin=(404, 404),
    )


MONITORING_ROWS: dict[str, Row] = {
    # Monthly counts from the summaries: everyone who may see the scheme.
    "schemes/<int:pk>/monitoring/": viewers(200, 405),
    # The log itself: not for the analyst, who sees the monthly counts.
    "schemes/<int:pk>/monitoring/activity/": viewers(200, 405, analyst=(403, 405)),
    # An empty POST re-shows the form with its errors.
    "schemes/<int:pk>/monitoring/activity/new/": loggers(),
    "schemes/<int:pk>/monitoring/activity/sheet/": viewers(200, 405, analyst=(403, 405)),
    "schemes/<int:pk>/monitoring/activity/<int:activity_id>/change/": coordinator_only(200, 200),
    "schemes/<int:pk>/monitoring/debriefs/new/": coordinator_only(200, 200),
    "schemes/<int:pk>/monitoring/debriefs/thresholds/": coordinator_only(200, 200),
    # The analyst sees categories and scores, not titles or owners.
    "schemes/<int:pk>/monitoring/risks/": viewers(200, 405),
    "schemes/<int:pk>/monitoring/risks/new/": coordinator_only(200, 200),
    # A risk's description, owner and history can name people.
    "schemes/<int:pk>/monitoring/risks/<int:risk_id>/": viewers(200, 405, analyst=(403, 405)),
    "schemes/<int:pk>/monitoring/risks/<int:risk_id>/change/": coordinator_only(200, 200),
    "schemes/<int:pk>/monitoring/risks/<int:risk_id>/incidents/new/": loggers(),
    # Feedback results are aggregates (fewer than 5 responses not shown): everyone.
    "schemes/<int:pk>/monitoring/feedback/": viewers(200, 405),
    "schemes/<int:pk>/monitoring/feedback/new/": coordinator_only(200, 200),
    "schemes/<int:pk>/monitoring/feedback/<int:feedback_round_id>/": viewers(200, 405),
    # Staff enter the paper questionnaires; an empty POST re-shows the form.
    "schemes/<int:pk>/monitoring/feedback/<int:feedback_round_id>/responses/new/": loggers(),
    # An empty POST has no version: the 409 page shows the round as it is now.
    "schemes/<int:pk>/monitoring/feedback/<int:feedback_round_id>/close/": coordinator_only(
        200, 409
    ),
    # A week's paper log sheet in one form; an empty POST re-shows it with its error.
    "schemes/<int:pk>/monitoring/activity/week/": loggers(),
    # The preferential treatment check: counts only, small numbers suppressed, so the
    # analyst sees it too; raising a risk from a flag is the coordinator's button (an
    # empty POST names no flag: back to the check); the population counts are theirs.
    "schemes/<int:pk>/monitoring/equality/": viewers(200, 405),
    "schemes/<int:pk>/monitoring/equality/raise-risk/": row(
        anonymous=(302, 302),
        coordinator=(405, 302),
        staff=(405, 403),
        governor=(405, 403),
        analyst=(405, 403),
        outsider=(405, 404),
        admin=(405, 404),
    ),
    "schemes/<int:pk>/monitoring/equality/population/": coordinator_only(200, 200),
    # The evaluation pack: figures only, so the analyst too (a risk by its category).
    "schemes/<int:pk>/monitoring/pack/": viewers(200, 405),
    "schemes/<int:pk>/monitoring/pack/csv/": viewers(200, 405),
    "schemes/<int:pk>/monitoring/pack/xlsx/": viewers(200, 405),
    "schemes/<int:pk>/monitoring/pack/pdf/": viewers(200, 405),
    # Every entry's row (places, times, roster ids): not for the analyst.
    "schemes/<int:pk>/monitoring/activity/export.csv": viewers(200, 405, analyst=(403, 405)),
}


# --- valid POSTs and what they change (the state matrix) --------------------------------


def activity_body(ids: Ids) -> dict[str, Any]:
    # Where a phase registers a roster (recruitment), the form asks which peer
    # supporters took part: none here, so the tables changed are the same either way.
    scheme = Scheme.objects.get(pk=ids["pk"])
    supporters: dict[str, list[str]] = (
        {"peer_supporters": []} if phases.roster(scheme, timezone.localdate()) else {}
    )
    return {
        **supporters,
        # Today at midnight: never in the future, nor before the scheme (made today).
        **date_parts("occurred_on", timezone.localdate()),
        "occurred_time": "00:00",
        "location": "B wing",
        "duration_minutes": "30",
        "people_reached": "1",
        "outcomes": ["emotional-support"],
    }


def activity_change_body(ids: Ids) -> dict[str, Any]:
    version = ActivityEntry.objects.values_list("version", flat=True).get(pk=ids["activity_id"])
    return {
        **activity_body(ids),
        "duration_minutes": "45",
        "outcomes": ["referred-to-staff"],
        "version": version,
    }


def debrief_body(ids: Ids) -> dict[str, Any]:
    return {
        "peer_supporter": str(DEBRIEF_SUPPORTER),
        **date_parts("held_on", timezone.localdate()),
    }


def thresholds_body(ids: Ids) -> dict[str, Any]:
    # The scheme has only its type's default: no version yet.
    return {"days": "7", "call_outs": "8", "night_call_outs": "2", "version": "0"}


def risk_body(ids: Ids) -> dict[str, Any]:
    return {
        "title": "Listeners asked to pass on messages between wings",
        "category": "other",
        "description": "Prisoners ask Listeners to carry messages.",
        "likelihood": "3",
        "impact": "4",
        "owner": str(ids["coordinator"]),
        "mitigations": "Reminder at the next Listener meeting.",
        **date_parts("review_on", timezone.localdate() + timedelta(days=30)),
    }


def risk_change_body(ids: Ids) -> dict[str, Any]:
    version = RiskEntry.objects.values_list("version", flat=True).get(pk=ids["risk_id"])
    # The confidentiality risk keeps its category: the form does not ask for it.
    body = {**risk_body(ids), "title": "Misuse of confidential information"}
    del body["category"]
    return {**body, "status": "open", "version": version}


def week_body(ids: Ids) -> dict[str, Any]:
    """The week grid with its first line filled (today at midnight, as activity_body)
    and the other lines of the printed sheet blank."""
    from monitoring.week import COLUMNS, DEFAULT_ROWS, week_start

    scheme = Scheme.objects.get(pk=ids["pk"])
    today = timezone.localdate()
    roster = bool(phases.roster(scheme, today))
    names = [name for name, _ in COLUMNS if roster or not name.startswith("supporter")]
    body: dict[str, Any] = {"week": week_start(today).isoformat(), "rows": str(DEFAULT_ROWS)}
    for number in range(1, DEFAULT_ROWS + 1):
        body.update({f"r{number}-{name}": "" for name in names})
    body.update(
        {
            "r1-day": str(today.weekday()),
            "r1-time": "00:00",
            "r1-location": "B wing",
            "r1-duration": "30",
            "r1-reached": "1",
            "r1-outcomes": "1",
        }
    )
    return body


def feedback_round_body(ids: Ids) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "title": "Baseline survey",
        "kind": "baseline",
        **date_parts("opens_on", today),
        **date_parts("closes_on", today + timedelta(days=28)),
        "audiences": ["supported", "staff"],
    }


def feedback_response_body(ids: Ids) -> dict[str, Any]:
    # The matrix's round asks the people supported only: the page shows their
    # questionnaire straight away.
    from monitoring.feedback.rules import QUESTIONS, SUPPORTED

    answers = {q.code: "4" for q in QUESTIONS[SUPPORTED]}
    return {"audience": SUPPORTED, **answers, "sup-helped": "none"}


def feedback_close_body(ids: Ids) -> dict[str, Any]:
    from monitoring.models import FeedbackRound

    return {
        "version": FeedbackRound.objects.values_list("version", flat=True).get(
            pk=ids["feedback_round_id"]
        )
    }


def incident_body(ids: Ids) -> dict[str, Any]:
    return {
        **date_parts("occurred_on", timezone.localdate()),
        "what_happened": "A call-out sheet was left on the wing office desk.",
        "action_taken": "Sheets are now kept in the locked drawer.",
    }


# The matrix's prison has no group under-represented that it could be sure of (its
# prisoners are recruitment's, and adding some would move the register under its
# pending import), so the valid POST names a flag the check does not show: back to the
# check, nothing raised. Raising one is tests/monitoring/test_equality_check.py's.
def raise_risk_body(ids: Ids) -> dict[str, Any]:
    return {"flag": "peer_supporters|ethnic_group|Not a group"}


def population_body(ids: Ids) -> dict[str, Any]:
    """1,400 prisoners, counted in every dimension (each must add up to the same)."""
    groups = {"age_band": 10, "ethnic_group": 7, "religion": 10}
    return {
        **date_parts("as_of", timezone.localdate()),
        **{
            f"{dimension}-{n}": "1400" if n == 0 else "0"
            for dimension, count in groups.items()
            for n in range(count)
        },
        "disability-0": "150",
        "disability-1": "1200",
        "disability-2": "50",
        "version": "0",
    }


ACTIVITY_TABLES = frozenset(
    {
        "monitoring.ActivityEntry",
        "monitoring.ActivityOutcome",
        "monitoring.ActivityMonth",
        "monitoring.ActivityMonthOutcome",
        "monitoring.ActivityWingMonth",
    }
)
# A new entry adds to its hour's count; the correction keeps the entry's time (so its
# hour's count stays the same) and changes its duration (its wing's hours change).
NEW_ACTIVITY_TABLES = ACTIVITY_TABLES | {"monitoring.ActivityHourMonth"}
WHILE_OPEN = unless_closed(CLOSED_SHOWN)

MONITORING_WRITES: dict[str, list[Write]] = {
    "schemes/<int:pk>/monitoring/": READ_ONLY,
    "schemes/<int:pk>/monitoring/activity/": READ_ONLY,
    "schemes/<int:pk>/monitoring/activity/sheet/": READ_ONLY,
    "schemes/<int:pk>/monitoring/activity/export.csv": READ_ONLY,
    "schemes/<int:pk>/monitoring/pack/": READ_ONLY,
    "schemes/<int:pk>/monitoring/pack/csv/": READ_ONLY,
    "schemes/<int:pk>/monitoring/pack/xlsx/": READ_ONLY,
    "schemes/<int:pk>/monitoring/pack/pdf/": READ_ONLY,
    "schemes/<int:pk>/monitoring/activity/new/": [
        Write(
            body=activity_body,
            permitted={"coordinator": WHILE_OPEN, "staff": WHILE_OPEN},
            changes=NEW_ACTIVITY_TABLES,
        )
    ],
    "schemes/<int:pk>/monitoring/activity/<int:activity_id>/change/": [
        Write(
            body=activity_change_body,
            permitted={"coordinator": WHILE_OPEN},
            changes=ACTIVITY_TABLES,
        )
    ],
    "schemes/<int:pk>/monitoring/debriefs/new/": [
        Write(
            body=debrief_body,
            permitted={"coordinator": WHILE_OPEN},
            changes=frozenset({"monitoring.Debrief", "monitoring.DebriefDue"}),
        )
    ],
    "schemes/<int:pk>/monitoring/debriefs/thresholds/": [
        Write(
            body=thresholds_body,
            permitted={"coordinator": WHILE_OPEN},
            changes=frozenset({"monitoring.DebriefThresholdSetting"}),
        )
    ],
    "schemes/<int:pk>/monitoring/risks/": READ_ONLY,
    "schemes/<int:pk>/monitoring/risks/new/": [
        Write(
            body=risk_body,
            permitted={"coordinator": WHILE_OPEN},
            changes=frozenset({"monitoring.RiskEntry"}),
        )
    ],
    "schemes/<int:pk>/monitoring/risks/<int:risk_id>/": READ_ONLY,
    "schemes/<int:pk>/monitoring/risks/<int:risk_id>/change/": [
        Write(
            body=risk_change_body,
            permitted={"coordinator": WHILE_OPEN},
            changes=frozenset({"monitoring.RiskEntry"}),
        )
    ],
    "schemes/<int:pk>/monitoring/risks/<int:risk_id>/incidents/new/": [
        Write(
            body=incident_body,
            permitted={"coordinator": WHILE_OPEN, "staff": WHILE_OPEN},
            changes=frozenset({"monitoring.ConfidentialityIncident"}),
        )
    ],
    "schemes/<int:pk>/monitoring/feedback/": READ_ONLY,
    "schemes/<int:pk>/monitoring/feedback/<int:feedback_round_id>/": READ_ONLY,
    "schemes/<int:pk>/monitoring/feedback/new/": [
        Write(
            body=feedback_round_body,
            permitted={"coordinator": WHILE_OPEN},
            changes=frozenset({"monitoring.FeedbackRound", "monitoring.FeedbackQuestionSummary"}),
        )
    ],
    "schemes/<int:pk>/monitoring/feedback/<int:feedback_round_id>/responses/new/": [
        Write(
            body=feedback_response_body,
            permitted={"coordinator": WHILE_OPEN, "staff": WHILE_OPEN},
            changes=frozenset(
                {
                    "monitoring.FeedbackRound",
                    "monitoring.FeedbackResponse",
                    "monitoring.FeedbackQuestionSummary",
                }
            ),
        )
    ],
    "schemes/<int:pk>/monitoring/feedback/<int:feedback_round_id>/close/": [
        Write(
            body=feedback_close_body,
            permitted={"coordinator": WHILE_OPEN},
            changes=frozenset({"monitoring.FeedbackRound"}),
        )
    ],
    "schemes/<int:pk>/monitoring/activity/week/": [
        Write(
            body=week_body,
            permitted={"coordinator": WHILE_OPEN, "staff": WHILE_OPEN},
            changes=NEW_ACTIVITY_TABLES,
        )
    ],
    "schemes/<int:pk>/monitoring/equality/": READ_ONLY,
    "schemes/<int:pk>/monitoring/equality/raise-risk/": [
        Write(body=raise_risk_body, permitted={"coordinator": always(Outcome(302))})
    ],
    "schemes/<int:pk>/monitoring/equality/population/": [
        Write(
            body=population_body,
            permitted={"coordinator": WHILE_OPEN},
            changes=frozenset({"monitoring.PopulationFigures", "monitoring.PopulationCount"}),
        )
    ],
}


def monitoring_ids(scheme: Any) -> dict[str, Any]:
    """The monitoring records every matrix needs: an activity entry, the seeded risks
    (risk_id: the confidentiality risk) and a peer supporter whose debrief is due."""
    from monitoring.models import DebriefDue
    from tests.factories import ActivityEntryFactory, seeded_risks

    entry = ActivityEntryFactory(
        scheme=scheme,
        occurred_at=timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0),
    )
    risks = seeded_risks(scheme)
    DebriefDue.objects.create(
        scheme=scheme,
        peer_supporter_id=DEBRIEF_SUPPORTER,
        since=timezone.localdate(),
        reason="More than 10 call-outs in 7 days",
    )
    from tests.monitoring.matrix_returns import returns_ids

    return merged_ids(
        {
            "activity_id": entry.pk,
            "risk_id": risks["confidentiality"].pk,
            "feedback_round_id": open_feedback_round(scheme).pk,
        },
        returns_ids(scheme),
    )


def open_feedback_round(scheme: Any) -> Any:
    """An open baseline round asking the people supported only, with its zero
    summaries, as the service makes it (no user needed here)."""
    from monitoring.feedback.rules import SUPPORTED, questions_for
    from monitoring.models import FeedbackQuestionSummary, FeedbackRound

    today = timezone.localdate()
    feedback_round = FeedbackRound.objects.create(
        scheme=scheme,
        title="Baseline",
        kind="baseline",
        opens_on=today,
        closes_on=today + timedelta(days=28),
        for_supported=True,
        for_peer_supporters=False,
        for_staff=False,
    )
    FeedbackQuestionSummary.objects.bulk_create(
        [
            FeedbackQuestionSummary(round=feedback_round, audience=SUPPORTED, question=q.code)
            for q in questions_for(SUPPORTED)
        ]
    )
    return feedback_round


# Monitoring's records are made through its pages (whose services keep the monthly
# summaries and the debrief flags right), never in the admin: it reads them only.
def _admin(admin: tuple[Any, Any]) -> Row:
    cells = everyone(302, 302)
    cells["admin"] = admin
    return cells


_REFUSED = (403, 403)
# (object_id is a user's id: where no record has it the admin redirects to the list;
# where one does, viewing is allowed and saving refused.)
_READ_ONLY = (frozenset({200, 302}), frozenset({403, 302}))
MONITORING_ADMIN_ROWS: dict[str, Row] = {
    f"admin/monitoring/{model}/{page}": _admin(answer)
    for model in (
        "activityentry",
        "activitymonth",
        "debrief",
        "riskentry",
        "confidentialityincident",
    )
    for page, answer in (
        ("add/", _REFUSED),
        ("<path:object_id>/delete/", (frozenset({403, 302}), frozenset({403, 302}))),
        ("<path:object_id>/change/", _READ_ONLY),
    )
}
