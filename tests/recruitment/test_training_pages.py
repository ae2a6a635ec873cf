"""Training and practice: a coordinator sets the modules and records training; staff
who observed a practice session record it; the analyst sees the modules, not people."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from recruitment.models import PlacementStatus, PracticeSession, TrainingModule, TrainingRecord
from recruitment.selectors.training import training_state
from recruitment.services.training import default_modules, practice_record, training_record
from schemes.models import Scheme, SchemeType
from tests.factories import PlacementFactory, TrainingModuleFactory
from tests.schemes.matrix_rows import date_parts

ClientFor = Callable[[User | None], Client]
pytestmark = pytest.mark.django_db


def test_coordinator_adds_a_module_and_sees_it_listed(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    response = client.post(
        f"/schemes/{scheme.pk}/recruitment/training/modules/new/",
        {
            "title": "Samaritans Listener training",
            "kind": "scheme",
            "hours": "30",
            "delivered_by": "Samaritans",
            "required": "yes",
            "refresh_months": "12",
        },
    )
    assert response.status_code == 302
    module = TrainingModule.objects.get(scheme=scheme)
    assert (module.hours, module.required, module.refresh_months) == (Decimal(30), True, 12)
    page = client.get(f"/schemes/{scheme.pk}/recruitment/training/").content.decode()
    assert "Samaritans Listener training" in page
    assert "Every 12 months" in page


def test_a_module_with_bad_answers_is_refused_with_gov_uk_messages(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    response = client_for(coordinator).post(
        f"/schemes/{scheme.pk}/recruitment/training/modules/new/",
        {
            "title": "",
            "kind": "core",
            "hours": "lots",
            "delivered_by": "x",
            "required": "yes",
            "refresh_months": "900",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter the title of the module" in page
    assert "Enter the hours as a number, like 6 or 2.5" in page
    assert "Enter a number of months from 1 to 60" in page
    assert not TrainingModule.objects.exists()


def test_two_modules_cannot_share_a_title(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    TrainingModuleFactory(scheme=scheme, title="Communication")
    response = client_for(coordinator).post(
        f"/schemes/{scheme.pk}/recruitment/training/modules/new/",
        {
            "title": "communication",
            "kind": "core",
            "hours": "2",
            "delivered_by": "x",
            "required": "no",
            "refresh_months": "",
        },
    )
    assert "The scheme already has a module with this title" in response.content.decode()


def test_a_stale_module_change_is_refused_and_keeps_what_was_typed(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    module = TrainingModuleFactory(scheme=scheme, title="Communication")
    path = f"/schemes/{scheme.pk}/recruitment/training/modules/{module.pk}/change/"
    body = {
        "title": "Listening",
        "kind": "core",
        "hours": "4",
        "delivered_by": "Coordinator",
        "required": "yes",
        "refresh_months": "",
        "version": module.version,
    }
    client = client_for(coordinator)
    assert client.post(path, body).status_code == 302
    response = client.post(path, {**body, "title": "Talking"})
    assert response.status_code == 409
    assert 'value="Talking"' in response.content.decode()
    module.refresh_from_db()
    assert module.title == "Listening"


def test_probation_waits_for_training_and_practice(
    scheme: Scheme, coordinator: User, staff: User
) -> None:
    today = timezone.localdate()
    module = TrainingModuleFactory(scheme=scheme, title="Communication")
    placement = PlacementFactory(
        scheme=scheme, status=PlacementStatus.IN_TRAINING, started_on=today - timedelta(days=20)
    )
    assert training_state(placement, today).problems == [
        "They have not passed: Communication",
        "They need 2 more supervised practice sessions (0 of 2 held)",
    ]
    training_record(
        placement=placement,
        by=coordinator,
        today=today,
        module=module,
        completed_on=today - timedelta(days=5),
        hours=Decimal(6),
        trainer="Sam",
        passed=True,
    )
    for outcome in ("more", "ready"):
        practice_record(
            placement=placement,
            by=staff,
            today=today,
            held_on=today - timedelta(days=1),
            activity="Role play",
            observer="Sam",
            outcome=outcome,
        )
    assert training_state(placement, today).problems == []


def test_training_cannot_be_dated_before_the_placement_or_in_the_future(
    scheme: Scheme, coordinator: User
) -> None:
    today = timezone.localdate()
    module = TrainingModuleFactory(scheme=scheme)
    placement = PlacementFactory(scheme=scheme, started_on=today - timedelta(days=10))
    for day in (today - timedelta(days=11), today + timedelta(days=1)):
        with pytest.raises(ValidationError):
            training_record(
                placement=placement,
                by=coordinator,
                today=today,
                module=module,
                completed_on=day,
                hours=Decimal(1),
                trainer="Sam",
                passed=True,
            )
    assert not TrainingRecord.objects.exists()


def test_staff_record_practice_but_not_training(
    scheme: Scheme, staff: User, governor: User, client_for: ClientFor
) -> None:
    today = timezone.localdate()
    module = TrainingModuleFactory(scheme=scheme)
    placement = PlacementFactory(scheme=scheme)
    with pytest.raises(PermissionDenied):
        training_record(
            placement=placement,
            by=staff,
            today=today,
            module=module,
            completed_on=today,
            hours=Decimal(1),
            trainer="Sam",
            passed=True,
        )
    response = client_for(staff).post(
        f"/schemes/{scheme.pk}/recruitment/peer-supporters/{placement.pk}/practice/new/",
        {
            **date_parts("held_on", today),
            "activity": "Role play",
            "observer": "Me",
            "outcome": "ready",
        },
    )
    assert response.status_code == 302
    assert PracticeSession.objects.get().recorded_by == staff
    with pytest.raises(PermissionDenied):
        practice_record(
            placement=placement,
            by=governor,
            today=today,
            held_on=today,
            activity="x",
            observer="y",
            outcome="ready",
        )


def test_nothing_more_is_recorded_for_someone_who_has_left(scheme: Scheme, staff: User) -> None:
    today = timezone.localdate()
    placement = PlacementFactory(
        scheme=scheme, status=PlacementStatus.LEFT, left_on=today, leaving_reason="released"
    )
    with pytest.raises(ValidationError, match="has left the scheme"):
        practice_record(
            placement=placement,
            by=staff,
            today=today,
            held_on=today,
            activity="x",
            observer="y",
            outcome="ready",
        )


def test_the_analyst_sees_modules_and_counts_but_no_names(
    scheme: Scheme, analyst: User, client_for: ClientFor
) -> None:
    TrainingModuleFactory(scheme=scheme, title="Communication")
    placement = PlacementFactory(scheme=scheme, prisoner__last_name="Quennell")
    page = client_for(analyst).get(f"/schemes/{scheme.pk}/recruitment/training/").content.decode()
    assert "Communication" in page
    assert placement.prisoner.prison_number not in page
    assert placement.prisoner.last_name not in page


def test_a_listener_scheme_starts_with_the_core_skills_and_the_samaritans_course(
    scheme: Scheme,
) -> None:
    scheme.scheme_type = SchemeType.LISTENERS
    titles = [m.title for m in default_modules(scheme)]
    assert titles == ["Communication", "Problem solving", "Samaritans Listener training"]


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_training_page_costs_the_same_queries_with_more_peer_supporters(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    path = f"/schemes/{scheme.pk}/recruitment/training/"
    module = TrainingModuleFactory(scheme=scheme)
    PlacementFactory(scheme=scheme)
    few = _queries(client, path)
    for n in range(12):
        placement = PlacementFactory(scheme=scheme)
        TrainingRecord.objects.create(
            placement=placement,
            module=module,
            completed_on=timezone.localdate(),
            hours=Decimal(2),
            trainer="Sam",
            passed=n % 2 == 0,
        )
        TrainingModuleFactory(scheme=scheme)
    assert _queries(client, path) == few
