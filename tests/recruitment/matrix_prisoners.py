"""Permission matrix rows for a prison's prisoners (merged by tests/test_permission_matrix.py).

The matrix's prison is HMP Leeds. ``prisoner_ids`` makes its records: prisoner_id, a
prisoner at Leeds; token, an upload of Leeds's extract checked by its coordinator (every
prisoner in Leeds as the register holds them, and one new one), so confirming it adds
one prisoner and changes nobody else. It is called last in
tests.factories.recruitment_ids, after every other record of the matrix's prison is
made: a prisoner made afterwards would not be in the extract, and confirming it would
mark them as having left (and end their placement).

The prisoners are the prison's, not a scheme's: the scheme's state changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Prison, User
from recruitment.extract import read_extract
from recruitment.models import Prisoner
from recruitment.pending_imports import PendingImports
from recruitment.selectors.prisoners import register_state
from tests.factories import PrisonerFactory
from tests.recruitment.extracts import csv_bytes, row, row_of
from tests.schemes.matrix_rows import (
    CHANGED,
    READ_ONLY,
    Ids,
    Outcome,
    Row,
    Write,
    always,
    coordinator_only,
    everyone,
)
from tests.schemes.matrix_rows import (
    row as matrix_row,
)

# Names, numbers and dates of birth: those who may see people at Leeds. The analyst
# sees counts only (403); another prison's coordinator and the admin, nothing (404).
PEOPLE = matrix_row(
    anonymous=(302, 302),
    coordinator=(200, 405),
    staff=(200, 405),
    governor=(200, 405),
    analyst=(403, 405),
    outsider=(404, 405),
    admin=(404, 405),
)

PRISONERS_ROWS: dict[str, Row] = {
    "prisons/<int:prison_id>/prisoners/": PEOPLE,
    "prisons/<int:prison_id>/prisoners/<int:prisoner_id>/": PEOPLE,
    # An empty POST re-shows the form with its error ("Select a CSV or XLSX file").
    "prisons/<int:prison_id>/prisoners/import/": coordinator_only(200, 200),
    # The check page; its POST (no fields) confirms the import.
    "prisons/<int:prison_id>/prisoners/import/<slug:token>/": coordinator_only(200, 302),
}


def prisoner_ids(prison: Prison, coordinator: User) -> Ids:
    """A prisoner at the prison, and an upload of the prison's extract checked by its
    coordinator (see the module's docstring: call it last)."""
    prisoner = PrisonerFactory(prison=prison)
    held = Prisoner.objects.filter(prison=prison, in_prison=True, anonymised_at__isnull=True)
    rows = [row_of(someone, prison.code) for someone in held] + [row(1, prison.code)]
    extract = read_extract(
        name="extract.csv",
        data=csv_bytes(rows),
        prison_code=prison.code,
        today=timezone.localdate(),
    )
    token = PendingImports().save(
        prison_id=prison.pk,
        user_id=coordinator.pk,
        file_name="extract.csv",
        register_state=register_state(prison),
        extract=extract,
    )
    return {"prisoner_id": prisoner.pk, "token": token}


def upload_body(ids: Ids) -> dict[str, Any]:
    data = csv_bytes([row(2)])
    return {"extract": SimpleUploadedFile("extract.csv", data, content_type="text/csv")}


PRISONERS_WRITES: dict[str, list[Write]] = {
    "prisons/<int:prison_id>/prisoners/": READ_ONLY,
    "prisons/<int:prison_id>/prisoners/<int:prisoner_id>/": READ_ONLY,
    # A checked upload goes to the check page; the register is not changed yet.
    "prisons/<int:prison_id>/prisoners/import/": [
        Write(body=upload_body, permitted={"coordinator": always(Outcome(302))})
    ],
    "prisons/<int:prison_id>/prisoners/import/<slug:token>/": [
        Write(
            permitted={"coordinator": always(CHANGED)},
            changes=frozenset({"recruitment.Prisoner"}),
        )
    ],
}

# Prisoners come from the prison's extract and leave through the retention task: the
# admin may read them, never add, change or delete one.
_ADMIN_REFUSED = everyone(302, 302)
_ADMIN_REFUSED["admin"] = (403, 403)
_ADMIN_READS = everyone(302, 302)
# (object_id is a user's id: where no prisoner has it, the admin redirects to the list.)
_ADMIN_READS["admin"] = (frozenset({200, 302}), frozenset({403, 302}))
PRISONERS_ADMIN_ROWS: dict[str, Row] = {
    "admin/recruitment/prisoner/add/": _ADMIN_REFUSED,
    "admin/recruitment/prisoner/<path:object_id>/delete/": _ADMIN_REFUSED,
    "admin/recruitment/prisoner/<path:object_id>/change/": _ADMIN_READS,
}
