"""Permission matrix rows for recruitment rounds and applications (merged by
tests/test_permission_matrix.py).

The matrix's scheme is "Listeners" at HMP Leeds; round_id is a round of it open today
(three selection criteria) and application_id an application to it, just applied
(tests.factories.recruitment_ids). A prisoner at Leeds with no application and no
placement is the one the valid POST refers (``referral_number``). Rounds hold no
personal data: everyone who may see the scheme sees them. Applications name people:
not for the analyst.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from recruitment.models import Application, Prisoner, RecruitmentRound
from tests.schemes.matrix_rows import (
    CLOSED_SHOWN,
    READ_ONLY,
    Ids,
    Row,
    Write,
    coordinator_only,
    date_parts,
    everyone,
    row,
    unless_closed,
    viewers,
)

BASE = "schemes/<int:pk>/recruitment/"
ROUND = BASE + "rounds/<int:round_id>/"
APPLICATION = BASE + "applications/<int:application_id>/"
PEOPLE = viewers(200, 405, analyst=(403, 405))


def admin_only_row(admin: tuple[Any, Any]) -> Row:
    """Only the administrator gets into the admin (as the matrix's own admin_only)."""
    cells = everyone(302, 302)
    cells["admin"] = admin
    return cells


APPLICATIONS_ROWS: dict[str, Row] = {
    # Rounds hold no personal data: everyone who may see the scheme, the analyst too.
    BASE + "rounds/": viewers(200, 405),
    # An empty POST re-shows the form with its errors.
    BASE + "rounds/new/": coordinator_only(200, 200),
    ROUND: viewers(200, 405),
    ROUND + "change/": coordinator_only(200, 200),
    ROUND + "poster/": viewers(200, 405),
    BASE + "applications/": PEOPLE,
    # Coordinators record applications; staff refer a prisoner (Permission.LOG).
    BASE + "applications/new/": row(
        anonymous=(302, 302),
        coordinator=(200, 200),
        staff=(200, 200),
        governor=(403, 403),
        analyst=(403, 403),
        outsider=(404, 404),
        admin=(404, 404),
    ),
    APPLICATION: PEOPLE,
    APPLICATION + "decision/": coordinator_only(200, 200),
    APPLICATION + "letter/": PEOPLE,
    BASE + "waitlist/": PEOPLE,
}

# Rounds and applications change only through their pages: the admin reads them.
# (object_id is a user's id: where no record has it, the admin redirects.)
SHOWN = frozenset({200, 302})
REFUSED = frozenset({403, 302})
APPLICATIONS_ADMIN_ROWS: dict[str, Row] = {
    f"admin/recruitment/{model}/{page}": cells
    for model in ("recruitmentround", "application")
    for page, cells in (
        ("add/", admin_only_row((403, 403))),
        (
            "<path:object_id>/change/",
            admin_only_row((frozenset({200, 302}), frozenset({403, 302}))),
        ),
        (
            "<path:object_id>/delete/",
            admin_only_row((frozenset({403, 302}), frozenset({403, 302}))),
        ),
    )
}


# --- valid POSTs and what they change (the state matrix) --------------------------------


def round_body(ids: Ids) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "title": "Listeners: spring 2027",
        **date_parts("opens_on", today),
        **date_parts("closes_on", today + timedelta(days=28)),
        "places": "6",
        "selection_criteria": "A good listener\nNo adjudications in the last 3 months",
        "advertising": "Wing notices and the induction talk",
    }


def round_change_body(ids: Ids) -> dict[str, Any]:
    version = RecruitmentRound.objects.values_list("version", flat=True).get(pk=ids["round_id"])
    return {**round_body(ids), "version": version}


def referral_number(ids: Ids) -> str:
    """The prison number of someone at the prison with no application and no placement
    (tests.factories.recruitment_ids makes one)."""
    number = (
        Prisoner.objects.filter(
            prison_id=ids["prison"], in_prison=True, applications=None, placements=None
        )
        .order_by("pk")
        .values_list("prison_number", flat=True)
        .first()
    )
    assert number, "the matrix needs someone to refer"
    return number


def application_body(ids: Ids) -> dict[str, Any]:
    return {
        "prison_number": referral_number(ids),
        "route": "referral",
        "round": ids["round_id"],
        "statement": "Calm and trusted on the wing; others already come to him.",
    }


def decision_body(ids: Ids) -> dict[str, Any]:
    application = Application.objects.select_related("round").get(pk=ids["application_id"])
    criteria = application.round.criteria if application.round else []
    return {
        # The matrix's application is approved (tests.factories.recruitment_ids), so the
        # one decision left is a withdrawal.
        "decision": "withdrawn",
        **{f"criterion_{i}": "met" for i in range(len(criteria))},
        "reason": "applicant_withdrew",
        "note": "Moved to another prison's course.",
        "version": application.version,
    }


ROUND_TABLE = frozenset({"recruitment.RecruitmentRound"})
APPLICATION_TABLE = frozenset({"recruitment.Application"})

APPLICATIONS_WRITES: dict[str, list[Write]] = {
    BASE + "rounds/": READ_ONLY,
    BASE + "rounds/new/": [
        Write(
            body=round_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=ROUND_TABLE,
        )
    ],
    ROUND: READ_ONLY,
    ROUND + "change/": [
        Write(
            body=round_change_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=ROUND_TABLE,
        )
    ],
    ROUND + "poster/": READ_ONLY,
    BASE + "applications/": READ_ONLY,
    BASE + "applications/new/": [
        Write(
            body=application_body,
            permitted={
                "coordinator": unless_closed(CLOSED_SHOWN),
                "staff": unless_closed(CLOSED_SHOWN),
            },
            changes=APPLICATION_TABLE,
        )
    ],
    APPLICATION: READ_ONLY,
    APPLICATION + "decision/": [
        Write(
            body=decision_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=APPLICATION_TABLE,
        )
    ],
    APPLICATION + "letter/": READ_ONLY,
    BASE + "waitlist/": READ_ONLY,
}
