"""Supervision: staff record the sessions they ran, coordinators any; the notes are
for coordinators and whoever ran the session, and every reading is logged; peer
supporters and staff not supervised in time show as overdue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AccessLog, Role, User
from recruitment.models import PlacementStatus, SupervisionKind, SupervisionSession
from recruitment.rules_supervision import (
    staff_supervision_due_on,
    staff_supervision_overdue,
    supervision_overdue,
)
from recruitment.selectors.supervision import overdue_peer_supporters, supervision_figures_many
from recruitment.services.supervision import supervision_record
from schemes import phases
from schemes.models import Scheme
from tests.factories import PlacementFactory, SchemeFactory, user_with_role
from tests.schemes.matrix_rows import date_parts

ClientFor = Callable[[User | None], Client]
pytestmark = pytest.mark.django_db


def record(scheme: Scheme, by: User, **overrides: object) -> SupervisionSession:
    fields: dict[str, object] = {
        "held_on": timezone.localdate(),
        "kind": SupervisionKind.ONE_TO_ONE,
        "supervisor": by,
        "staff": [],
        "debrief": False,
        "notes": "Talked through a hard night.",
    }
    fields.update(overrides)
    if "peer_supporters" not in fields:
        fields["peer_supporters"] = [PlacementFactory(scheme=scheme)]
    return supervision_record(scheme=scheme, by=by, today=timezone.localdate(), **fields)  # type: ignore[arg-type]


def test_overdue_is_counted_from_the_last_session_or_the_start() -> None:
    start = date(2026, 1, 1)
    assert not supervision_overdue(None, start, 4, date(2026, 1, 29))
    assert supervision_overdue(None, start, 4, date(2026, 1, 30))
    assert not supervision_overdue(date(2026, 3, 1), start, 4, date(2026, 3, 29))


def test_staff_supervision_is_counted_from_the_launch_or_the_last_session() -> None:
    launched = date(2026, 1, 1)
    assert staff_supervision_due_on(None, launched, 4) == date(2026, 1, 29)
    assert not staff_supervision_overdue(None, launched, 4, date(2026, 1, 29))
    assert staff_supervision_overdue(None, launched, 4, date(2026, 1, 30))
    assert staff_supervision_due_on(date(2026, 3, 1), launched, 4) == date(2026, 3, 29)
    # A session held before the launch does not start the count early.
    assert staff_supervision_due_on(date(2025, 6, 1), launched, 4) == date(2026, 1, 29)


def test_no_staff_supervision_is_due_before_the_scheme_launches() -> None:
    long_ago = date(2025, 1, 1)
    assert staff_supervision_due_on(None, None, 4) is None
    assert staff_supervision_due_on(long_ago, None, 4) is None
    assert not staff_supervision_overdue(long_ago, None, 4, date(2026, 12, 1))


def running(scheme: Scheme, *, created: timedelta, launched: timedelta) -> Scheme:
    """The scheme active, made ``created`` ago and launched ``launched`` ago."""
    Scheme.objects.filter(pk=scheme.pk).update(
        status="active",
        created_at=timezone.now() - created,
        launched_on=timezone.localdate() - launched,
    )
    scheme.refresh_from_db()
    return scheme


def test_a_scheme_launched_last_week_is_not_overdue_on_any_page(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    scheme = running(scheme, created=timedelta(days=365), launched=timedelta(days=7))
    today = timezone.localdate()
    PlacementFactory(scheme=scheme, started_on=today - timedelta(days=3))  # not yet due
    assert supervision_figures_many([scheme], today)[scheme.pk].staff_overdue is False
    client = client_for(coordinator)
    supervision = client.get(f"/schemes/{scheme.pk}/recruitment/supervision/").content.decode()
    assert "Supervision of the scheme's staff was due" not in supervision
    assert "staff are overdue" not in client.get(f"/schemes/{scheme.pk}/").content.decode()
    assessment = client.get(f"/schemes/{scheme.pk}/self-assessment/").content.decode()
    assert "the scheme&#x27;s staff are overdue" not in assessment
    # Ten weeks on, both say so.
    Scheme.objects.filter(pk=scheme.pk).update(launched_on=today - timedelta(weeks=10))
    scheme.refresh_from_db()
    assert supervision_figures_many([scheme], today)[scheme.pk].staff_overdue is True
    supervision = client.get(f"/schemes/{scheme.pk}/recruitment/supervision/").content.decode()
    assert "Supervision of the scheme's staff was due" in supervision
    assert "staff are overdue" in client.get(f"/schemes/{scheme.pk}/").content.decode()
    assessment = client.get(f"/schemes/{scheme.pk}/self-assessment/").content.decode()
    assert "the scheme&#x27;s staff are overdue" in assessment


def test_a_scheme_not_launched_has_no_staff_supervision_due(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(created_at=timezone.now() - timedelta(days=365))
    scheme.refresh_from_db()
    assert scheme.launched_on is None
    figures = supervision_figures_many([scheme], timezone.localdate())[scheme.pk]
    assert figures.staff_overdue is False
    page = client_for(coordinator).get(f"/schemes/{scheme.pk}/recruitment/supervision/")
    assert "Supervision of the scheme's staff was due" not in page.content.decode()


def test_staff_record_only_the_sessions_they_ran(
    scheme: Scheme, staff: User, coordinator: User
) -> None:
    with pytest.raises(ValidationError, match="only the sessions you ran"):
        record(scheme, staff, supervisor=coordinator)
    assert record(scheme, staff).supervisor == staff
    assert record(scheme, coordinator, supervisor=staff).supervisor == staff


def test_governors_and_analysts_do_not_record_supervision(
    scheme: Scheme, governor: User, analyst: User
) -> None:
    for user in (governor, analyst):
        with pytest.raises(PermissionDenied):
            record(scheme, user)


def test_a_session_must_be_the_right_shape(scheme: Scheme, coordinator: User) -> None:
    two = [PlacementFactory(scheme=scheme), PlacementFactory(scheme=scheme)]
    with pytest.raises(ValidationError, match="one peer supporter"):
        record(scheme, coordinator, peer_supporters=two)
    with pytest.raises(ValidationError, match="staff"):
        record(scheme, coordinator, kind=SupervisionKind.STAFF, peer_supporters=[])
    other = PlacementFactory(scheme=SchemeFactory(prison=scheme.prison))
    with pytest.raises(ValidationError, match="current peer supporters of this scheme"):
        record(scheme, coordinator, peer_supporters=[other])
    with pytest.raises(ValidationError, match="today or in the past"):
        record(scheme, coordinator, held_on=timezone.localdate() + timedelta(days=1))
    assert not SupervisionSession.objects.exists()


def test_notes_are_read_by_coordinators_and_the_supervisor_and_every_read_is_logged(
    scheme: Scheme,
    coordinator: User,
    staff: User,
    governor: User,
    client_for: ClientFor,
) -> None:
    session = record(scheme, staff, notes="Worried about the night shifts.")
    path = f"/schemes/{scheme.pk}/recruitment/supervision/{session.pk}/"
    other_staff = user_with_role(Role.STAFF, scheme.prison)
    for user, sees in ((coordinator, True), (staff, True), (governor, False), (other_staff, False)):
        before = AccessLog.objects.count()
        page = client_for(user).get(path).content.decode()
        assert ("Worried about the night shifts." in page) is sees, user
        assert AccessLog.objects.count() - before == (1 if sees else 0), user
    logged = AccessLog.objects.filter(user=coordinator).get()
    assert (logged.model, logged.object_id, logged.what) == (
        "recruitment.supervisionsession",
        str(session.pk),
        "supervision notes",
    )


def test_staff_record_a_session_from_the_page(
    scheme: Scheme, staff: User, client_for: ClientFor
) -> None:
    placement = PlacementFactory(scheme=scheme)
    response = client_for(staff).post(
        f"/schemes/{scheme.pk}/recruitment/supervision/new/",
        {
            **date_parts("held_on", timezone.localdate()),
            "kind": "one_to_one",
            "peer_supporters": [placement.pk],
            "debrief": "yes",
            "notes": "",
        },
    )
    assert response.status_code == 302
    session = SupervisionSession.objects.get()
    assert (session.supervisor, session.debrief) == (staff, True)


def test_peer_supporters_not_supervised_in_time_are_overdue(
    scheme: Scheme, coordinator: User
) -> None:
    today = timezone.localdate()
    scheme = running(scheme, created=timedelta(weeks=12), launched=timedelta(weeks=12))
    long_ago = today - timedelta(weeks=10)
    late = PlacementFactory(scheme=scheme, started_on=long_ago)
    seen = PlacementFactory(scheme=scheme, started_on=long_ago)
    PlacementFactory(scheme=scheme, started_on=today - timedelta(days=3))  # new: not yet due
    PlacementFactory(
        scheme=scheme, started_on=long_ago, status=PlacementStatus.SUSPENDED
    )  # suspended: not supervised
    record(scheme, coordinator, peer_supporters=[seen], held_on=today - timedelta(days=2))
    assert [row.placement for row in overdue_peer_supporters(scheme, today)] == [late]
    figures = supervision_figures_many([scheme], today)[scheme.pk]
    assert (figures.supervised, figures.overdue) == (3, 1)
    # No supervision of the scheme's staff in the 12 weeks since the scheme launched.
    assert figures.staff_overdue is True


def test_the_supervision_page_costs_the_same_queries_with_more_sessions(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    path = f"/schemes/{scheme.pk}/recruitment/supervision/"
    record(scheme, coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(8):
        record(scheme, coordinator)
    assert queries() == few
    # Session and user, the scheme, memberships, the reminders count; the interval and
    # the staff's latest session, who is overdue, the sessions' count and their page.
    assert few <= 9


def test_the_analyst_sees_counts_but_no_names(
    scheme: Scheme, coordinator: User, analyst: User, client_for: ClientFor
) -> None:
    placement = PlacementFactory(
        scheme=scheme,
        started_on=timezone.localdate() - timedelta(weeks=9),
        prisoner__last_name="Quennell",
    )
    page = client_for(analyst).get(f"/schemes/{scheme.pk}/recruitment/supervision/")
    text = page.content.decode()
    assert "1 peer supporter overdue" in text
    assert "Quennell" not in text
    assert placement.prisoner.prison_number not in text


def test_the_scheme_page_says_who_is_overdue_for_supervision(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    running(scheme, created=timedelta(weeks=12), launched=timedelta(weeks=12))
    PlacementFactory(scheme=scheme, started_on=timezone.localdate() - timedelta(weeks=9))
    page = client_for(coordinator).get(f"/schemes/{scheme.pk}/").content.decode()
    assert (
        "1 peer supporter is overdue for supervision and the scheme&#x27;s staff are overdue "
        "for supervision." in page
    )


def health_and_evidence(schemes: list[Scheme], today: date) -> tuple[object, object]:
    """What a page asking both hooks reads."""
    return phases.health_signals_many(schemes, today), phases.evidence_many(schemes, today)


def test_health_and_evidence_read_supervision_once_within_one_reading(
    scheme: Scheme, coordinator: User
) -> None:
    today = timezone.localdate()
    scheme = running(scheme, created=timedelta(weeks=12), launched=timedelta(weeks=12))
    PlacementFactory(scheme=scheme, started_on=today - timedelta(weeks=9))
    other: Scheme = SchemeFactory(prison=scheme.prison)  # planning: in health, not evidence
    schemes = [scheme, other]
    with CaptureQueriesContext(connection) as apart:
        separately = health_and_evidence(schemes, today)
    with CaptureQueriesContext(connection) as shared, phases.one_reading():
        together = health_and_evidence(schemes, today)
    assert together == separately
    # The schemes' supervision settings and dates with their staff's latest supervision,
    # and the peer supporters' latest supervision: read for health only.
    assert len(apart) - len(shared) == 2


def test_one_reading_does_not_outlive_its_block(scheme: Scheme, coordinator: User) -> None:
    today = timezone.localdate()
    scheme = running(scheme, created=timedelta(weeks=12), launched=timedelta(weeks=12))
    with phases.one_reading():
        assert supervision_figures_many([scheme], today)[scheme.pk].staff_overdue is True
    record(scheme, coordinator, kind=SupervisionKind.STAFF, peer_supporters=[], staff=[coordinator])
    with phases.one_reading():
        assert supervision_figures_many([scheme], today)[scheme.pk].staff_overdue is False
