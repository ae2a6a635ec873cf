"""Permission matrix rows for suitability sign-offs and placements (merged by
tests/test_permission_matrix.py).

The records these pages need come from ``tests.factories.recruitment_ids``:
``application_id``, an approved application whose one required party (``party_id``,
"Security") has cleared it, so it can be placed; and ``placement_id``, another
prisoner's placement on probation, so it can be reviewed or moved.

PLACEMENTS_WRITES: each page's valid POST and what it changes, state by state (see
tests/schemes/matrix_rows.py, Write).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from recruitment.models import (
    Application,
    Placement,
    RecruitmentSettings,
    SignOffParty,
    SuitabilityCheck,
)
from schemes.models import SchemeStatus
from tests.schemes.matrix_rows import (
    CLOSED_SHOWN,
    CLOSED_TO_OVERVIEW,
    PERSONAS,
    READ_ONLY,
    Ids,
    Outcome,
    Row,
    State,
    Write,
    coordinator_only,
    date_parts,
    row,
    unless_closed,
    viewers,
)

# People's pages: not for the analyst (never a prisoner's name).
PEOPLE = viewers(200, 405, analyst=(403, 405))

PLACEMENTS_ROWS: dict[str, Row] = {
    # The recruitment settings and who signs off: an empty POST re-shows the form.
    "schemes/<int:pk>/recruitment/settings/": coordinator_only(200, 200),
    "schemes/<int:pk>/recruitment/settings/parties/new/": coordinator_only(200, 200),
    "schemes/<int:pk>/recruitment/settings/parties/<int:party_id>/": coordinator_only(200, 200),
    # A confirmation page, then the POST removes (a button with no fields).
    "schemes/<int:pk>/recruitment/settings/parties/<int:party_id>/remove/": coordinator_only(
        200, 302
    ),
    # Staff see the outcomes, not the notes; the analyst never sees a person.
    "schemes/<int:pk>/recruitment/applications/<int:application_id>/suitability/": PEOPLE,
    "schemes/<int:pk>/recruitment/applications/<int:application_id>/suitability/<int:party_id>/": (
        coordinator_only(200, 200)
    ),
    # A governor's override of a refusal: governors only.
    "schemes/<int:pk>/recruitment/applications/<int:application_id>/suitability/<int:party_id>/override/": row(  # noqa: E501
        anonymous=(302, 302),
        coordinator=(403, 403),
        staff=(403, 403),
        governor=(200, 200),
        analyst=(403, 403),
        outsider=(404, 404),
        admin=(404, 404),
    ),
    "schemes/<int:pk>/recruitment/applications/<int:application_id>/place/": coordinator_only(
        200, 200
    ),
    "schemes/<int:pk>/recruitment/peer-supporters/": PEOPLE,
    "schemes/<int:pk>/recruitment/peer-supporters/<int:placement_id>/": PEOPLE,
    "schemes/<int:pk>/recruitment/peer-supporters/<int:placement_id>/move/": coordinator_only(
        200, 200
    ),
    "schemes/<int:pk>/recruitment/peer-supporters/<int:placement_id>/probation-review/": (
        coordinator_only(200, 200)
    ),
}


# --- valid POSTs and what they change (the state matrix) --------------------------------


def settings_body(ids: Ids) -> dict[str, Any]:
    # The scheme has no settings yet: the page offered the defaults, version 1.
    version = (
        RecruitmentSettings.objects.filter(scheme_id=ids["pk"])
        .values_list("version", flat=True)
        .first()
    )
    return {
        "probation_weeks": "10",
        "training_weeks": "6",
        "practice_sessions": "1",
        "supervision_weeks": "2",
        "version": version or 1,
    }


def party_body(ids: Ids) -> dict[str, Any]:
    return {"name": "Samaritans"}


def party_change_body(ids: Ids) -> dict[str, Any]:
    name = SignOffParty.objects.values_list("name", flat=True).get(pk=ids["party_id"])
    return {"name": "Security department", "expected_name": name}


def check_body(ids: Ids) -> dict[str, Any]:
    version = SuitabilityCheck.objects.values_list("version", flat=True).get(
        application_id=ids["application_id"], party_id=ids["party_id"]
    )
    return {
        "outcome": "conditions",
        "conditions": "Not to work on the segregation unit",
        "notes": "Two adjudications last year; none since.",
        "checked_by_name": "Sam Patel, security manager",
        **date_parts("checked_on", timezone.localdate()),
        "version": version,
    }


def override_body(ids: Ids) -> dict[str, Any]:
    version = SuitabilityCheck.objects.values_list("version", flat=True).get(
        application_id=ids["application_id"], party_id=ids["party_id"]
    )
    return {"override_reason": "The concern is two years old and was resolved.", "version": version}


def place_body(ids: Ids) -> dict[str, Any]:
    version = Application.objects.values_list("version", flat=True).get(pk=ids["application_id"])
    return {**date_parts("started_on", timezone.localdate()), "version": version}


def placement_version(ids: Ids) -> int:
    version: int = Placement.objects.values_list("version", flat=True).get(pk=ids["placement_id"])
    return version


def move_body(ids: Ids) -> dict[str, Any]:
    return {
        "to_status": "left",
        "leaving_reason": "resigned",
        "reason": "Wants to concentrate on his education course.",
        **date_parts("on", timezone.localdate()),
        "version": placement_version(ids),
    }


def probation_body(ids: Ids) -> dict[str, Any]:
    return {
        "outcome": "confirm",
        **date_parts("reviewed_on", timezone.localdate()),
        "extended_to_0": "",
        "extended_to_1": "",
        "extended_to_2": "",
        "note": "Reliable on nights; the Samaritans supervisor agrees.",
        "version": placement_version(ids),
    }


def not_overridable(state: State) -> Outcome:
    """The matrix's check cleared the applicant: nothing to override (a closed scheme
    says it is closed first)."""
    if state.status == SchemeStatus.CLOSED:
        return CLOSED_SHOWN
    return Outcome(200, says="Only a check that was not cleared can be overridden")


BASE = "schemes/<int:pk>/recruitment/"
APPLICATION = f"{BASE}applications/<int:application_id>/"
PEER = f"{BASE}peer-supporters/<int:placement_id>/"
PLACEMENT_TABLES = frozenset({"recruitment.Placement", "recruitment.PlacementMove"})

PLACEMENTS_WRITES: dict[str, list[Write]] = {
    f"{BASE}settings/": [
        Write(
            body=settings_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=frozenset({"recruitment.RecruitmentSettings"}),
        )
    ],
    f"{BASE}settings/parties/new/": [
        Write(
            body=party_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=frozenset({"recruitment.SignOffParty"}),
        )
    ],
    f"{BASE}settings/parties/<int:party_id>/": [
        Write(
            body=party_change_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=frozenset({"recruitment.SignOffParty"}),
        )
    ],
    # The party has checked someone: kept, but no longer required.
    f"{BASE}settings/parties/<int:party_id>/remove/": [
        Write(
            permitted={"coordinator": unless_closed(CLOSED_TO_OVERVIEW)},
            changes=frozenset({"recruitment.SignOffParty"}),
        )
    ],
    f"{APPLICATION}suitability/": READ_ONLY,
    f"{APPLICATION}suitability/<int:party_id>/": [
        Write(
            body=check_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=frozenset({"recruitment.SuitabilityCheck"}),
        )
    ],
    f"{APPLICATION}suitability/<int:party_id>/override/": [
        Write(body=override_body, permitted={"governor": not_overridable})
    ],
    f"{APPLICATION}place/": [
        Write(
            body=place_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=frozenset({"recruitment.Application"}) | PLACEMENT_TABLES,
        )
    ],
    f"{BASE}peer-supporters/": READ_ONLY,
    PEER: READ_ONLY,
    f"{PEER}move/": [
        Write(
            body=move_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=PLACEMENT_TABLES,
        )
    ],
    f"{PEER}probation-review/": [
        Write(
            body=probation_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=PLACEMENT_TABLES | {"recruitment.ProbationReview"},
        )
    ],
}


# --- the admin: read-only ---------------------------------------------------------------

_ADMIN_REFUSED: Row = {**dict.fromkeys(PERSONAS, (302, 302)), "admin": (403, 403)}
# (object_id is a user's id: where no record has it the admin redirects to the list;
# where one does, viewing is allowed and saving refused.)
_ADMIN_VIEW_ONLY: Row = {
    **dict.fromkeys(PERSONAS, (302, 302)),
    "admin": (frozenset({200, 302}), frozenset({403, 302})),
}
_ADMIN_MODELS = (
    "recruitmentsettings",
    "signoffparty",
    "suitabilitycheck",
    "placement",
    "placementmove",
    "probationreview",
)
# A delete page: refused where the record exists, a redirect to the list where none has
# that id.
_ADMIN_NO_DELETE: Row = {
    **dict.fromkeys(PERSONAS, (302, 302)),
    "admin": (frozenset({403, 302}), frozenset({403, 302})),
}
PLACEMENTS_ADMIN_ROWS: dict[str, Row] = {}
for _model in _ADMIN_MODELS:
    PLACEMENTS_ADMIN_ROWS[f"admin/recruitment/{_model}/add/"] = _ADMIN_REFUSED
    PLACEMENTS_ADMIN_ROWS[f"admin/recruitment/{_model}/<path:object_id>/delete/"] = _ADMIN_NO_DELETE
    PLACEMENTS_ADMIN_ROWS[f"admin/recruitment/{_model}/<path:object_id>/change/"] = _ADMIN_VIEW_ONLY
