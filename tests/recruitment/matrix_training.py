"""Permission matrix rows for training and practice (merged by
tests/test_permission_matrix.py).

placement_id is a peer supporter of the Listeners scheme at HMP Leeds; module_id one of
its training modules.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from recruitment.models import (
    Availability,
    CoverAssignment,
    CoverNeed,
    SupervisionSession,
    TrainingModule,
)
from tests.schemes.matrix_rows import (
    CLOSED_SHOWN,
    CLOSED_TO_OVERVIEW,
    Ids,
    Row,
    Write,
    coordinator_only,
    date_parts,
    row,
    unless_closed,
    viewers,
)

BASE = "schemes/<int:pk>/recruitment/"


def coordinator_button() -> Row:
    """A coordinator's button (POST only): a GET is 405 for everyone signed in."""
    return row(
        anonymous=(302, 302),
        coordinator=(405, 302),
        staff=(405, 403),
        governor=(405, 403),
        analyst=(405, 403),
        outsider=(405, 404),
        admin=(405, 404),
    )


TRAINING_ROWS: dict[str, Row] = {
    # Modules and counts for everyone who may see the scheme; names only for those who
    # may see people (the page leaves the peer supporters out for the analyst).
    f"{BASE}training/": viewers(200, 405),
    # Only coordinators change the modules: an empty POST re-shows the form's errors.
    f"{BASE}training/modules/new/": coordinator_only(200, 200),
    f"{BASE}training/modules/<int:module_id>/change/": coordinator_only(200, 200),
    f"{BASE}peer-supporters/<int:placement_id>/training/new/": coordinator_only(200, 200),
    # Staff who observed a practice session record it (Permission.LOG).
    f"{BASE}peer-supporters/<int:placement_id>/practice/new/": row(
        anonymous=(302, 302),
        coordinator=(200, 200),
        staff=(200, 200),
        governor=(403, 403),
        analyst=(403, 403),
        outsider=(404, 404),
        admin=(404, 404),
    ),
    # Sessions and who is overdue: names only for those who may see people.
    f"{BASE}supervision/": viewers(200, 405),
    # Staff record the sessions they ran; coordinators any.
    f"{BASE}supervision/new/": row(
        anonymous=(302, 302),
        coordinator=(200, 200),
        staff=(200, 200),
        governor=(403, 403),
        analyst=(403, 403),
        outsider=(404, 404),
        admin=(404, 404),
    ),
    # A session names who attended: not for the analyst (its notes only for some).
    f"{BASE}supervision/<int:session_id>/": viewers(200, 405, analyst=(403, 405)),
    # The rota: everyone who may see the scheme (names only for those who may see
    # people); only coordinators change the cover needed and who is on the rota.
    f"{BASE}cover/": viewers(200, 405),
    f"{BASE}cover/new/": coordinator_only(200, 200),
    f"{BASE}cover/<int:need_id>/remove/": coordinator_only(200, 302),
    # A button's POST: an empty one goes back to the rota with a message.
    f"{BASE}cover/assign/": coordinator_button(),
    f"{BASE}peer-supporters/<int:placement_id>/availability/": coordinator_only(200, 200),
    f"{BASE}peer-supporters/<int:placement_id>/availability/<int:entry_id>/remove/": (
        coordinator_button()
    ),
}


def module_body(ids: Ids) -> dict[str, Any]:
    return {
        "title": "Safeguarding",
        "kind": "core",
        "hours": "3",
        "delivered_by": "Safer custody team",
        "required": "yes",
        "refresh_months": "",
    }


def module_change_body(ids: Ids) -> dict[str, Any]:
    version = TrainingModule.objects.values_list("version", flat=True).get(pk=ids["module_id"])
    return {**module_body(ids), "title": "Communication skills", "version": version}


def record_body(ids: Ids) -> dict[str, Any]:
    return {
        "module": ids["module_id"],
        **date_parts("completed_on", timezone.localdate() - timedelta(days=2)),
        "hours": "6",
        "trainer": "Sam Okafor",
        "passed": "yes",
    }


def practice_body(ids: Ids) -> dict[str, Any]:
    return {
        **date_parts("held_on", timezone.localdate() - timedelta(days=1)),
        "activity": "Role play of a night call-out",
        "observer": "Sam Okafor",
        "outcome": "ready",
    }


def supervision_body(ids: Ids) -> dict[str, Any]:
    return {
        **date_parts("held_on", timezone.localdate()),
        "kind": "one_to_one",
        "supervisor": ids["staff"],
        "peer_supporters": [ids["placement_id"]],
        "staff": [ids["coordinator"]],
        "debrief": "no",
        "notes": "Talked through a hard night on B wing.",
    }


def need_body(ids: Ids) -> dict[str, Any]:
    return {"location": "C", "weekday": "2", "starts": "08:00", "ends": "17:00", "needed": "2"}


def assign_body(ids: Ids) -> dict[str, Any]:
    return {"need": ids["need_id"], "on": ids["need_on"], "placement": ids["spare_placement_id"]}


def availability_body(ids: Ids) -> dict[str, Any]:
    return {"weekday": "4", "starts": "09:00", "ends": "12:00"}


CHANGES_MODULE = frozenset({"recruitment.TrainingModule"})

TRAINING_WRITES: dict[str, list[Write]] = {
    f"{BASE}training/": [Write()],
    f"{BASE}training/modules/new/": [
        Write(
            body=module_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=CHANGES_MODULE,
        )
    ],
    f"{BASE}training/modules/<int:module_id>/change/": [
        Write(
            body=module_change_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=CHANGES_MODULE,
        )
    ],
    f"{BASE}peer-supporters/<int:placement_id>/training/new/": [
        Write(
            body=record_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=frozenset({"recruitment.TrainingRecord"}),
        )
    ],
    f"{BASE}peer-supporters/<int:placement_id>/practice/new/": [
        Write(
            body=practice_body,
            permitted={
                "coordinator": unless_closed(CLOSED_SHOWN),
                "staff": unless_closed(CLOSED_SHOWN),
            },
            changes=frozenset({"recruitment.PracticeSession"}),
        )
    ],
    f"{BASE}supervision/": [Write()],
    f"{BASE}supervision/new/": [
        Write(
            body=supervision_body,
            permitted={
                "coordinator": unless_closed(CLOSED_SHOWN),
                "staff": unless_closed(CLOSED_SHOWN),
            },
            changes=frozenset(
                {
                    SupervisionSession._meta.label,
                    SupervisionSession.peer_supporters.through._meta.label,
                    SupervisionSession.staff.through._meta.label,
                }
            ),
        )
    ],
    f"{BASE}supervision/<int:session_id>/": [Write()],
    f"{BASE}cover/": [Write()],
    f"{BASE}cover/new/": [
        Write(
            body=need_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=frozenset({CoverNeed._meta.label}),
        )
    ],
    f"{BASE}cover/<int:need_id>/remove/": [
        Write(
            permitted={"coordinator": unless_closed(CLOSED_TO_OVERVIEW)},
            changes=frozenset({CoverNeed._meta.label, CoverAssignment._meta.label}),
        )
    ],
    f"{BASE}cover/assign/": [
        Write(
            body=assign_body,
            permitted={"coordinator": unless_closed(CLOSED_TO_OVERVIEW)},
            changes=frozenset({CoverAssignment._meta.label}),
        )
    ],
    f"{BASE}peer-supporters/<int:placement_id>/availability/": [
        Write(
            body=availability_body,
            permitted={"coordinator": unless_closed(CLOSED_SHOWN)},
            changes=frozenset({Availability._meta.label}),
        )
    ],
    f"{BASE}peer-supporters/<int:placement_id>/availability/<int:entry_id>/remove/": [
        Write(
            permitted={"coordinator": unless_closed(CLOSED_TO_OVERVIEW)},
            changes=frozenset({Availability._meta.label}),
        )
    ],
}
