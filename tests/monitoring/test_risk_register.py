"""The risk register: seeded with the guidance's three risks, changed by the
coordinator with a version check and a history, confidentiality incidents against the
third risk, and what it tells the dashboards."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Prison, User
from monitoring import phase
from monitoring.models import ConfidentialityIncident, RiskCategory, RiskEntry, RiskStatus
from monitoring.services import incident_record, risk_create, risk_update
from schemes.models import Scheme, SchemeStatus, SchemeType
from schemes.phases import HealthSignal
from schemes.services.scheme import scheme_create
from schemes.services.versioning import StaleEditError
from tests.factories import seeded_risks

TODAY = timezone.localdate


def test_a_new_scheme_starts_with_the_guidances_three_risks(
    leeds: Prison, coordinator: User
) -> None:
    scheme = scheme_create(
        prison=leeds,
        by=coordinator,
        name="Insiders",
        scheme_type=SchemeType.INSIDERS,
        purpose="Induction",
        target_group="New arrivals",
        coordinator=coordinator,
        target_peer_supporters=6,
        minimum_peer_supporters=3,
    )
    risks = {risk.category: risk for risk in RiskEntry.objects.filter(scheme=scheme)}
    assert set(risks) == {
        RiskCategory.NEGATIVE_ATTITUDES,
        RiskCategory.PREFERENTIAL_TREATMENT,
        RiskCategory.CONFIDENTIALITY,
    }
    assert risks[RiskCategory.CONFIDENTIALITY].title == "Misuse of confidential information"
    assert all(risk.owner == coordinator for risk in risks.values())
    assert all(risk.review_on > TODAY() for risk in risks.values())


def test_seeding_twice_adds_nothing(scheme: Scheme) -> None:
    seeded_risks(scheme)
    seeded_risks(scheme)
    assert RiskEntry.objects.filter(scheme=scheme).count() == 3


def test_the_coordinator_adds_a_risk_of_their_own(scheme: Scheme, coordinator: User) -> None:
    risk = risk_create(
        scheme=scheme,
        by=coordinator,
        today=TODAY(),
        title="Listeners pass on messages",
        likelihood=3,
        impact=5,
        owner=coordinator,
        review_on=TODAY() + timedelta(days=30),
    )
    assert (risk.category, risk.score, risk.created_by) == (RiskCategory.OTHER, 15, coordinator)


def test_a_risk_is_refused_an_owner_from_another_prison_or_a_past_review(
    scheme: Scheme, coordinator: User, outsider: User, staff: User
) -> None:
    fields: dict[str, Any] = {"title": "A risk", "likelihood": 1, "impact": 1}
    with pytest.raises(ValidationError, match="works at this prison"):
        risk_create(
            scheme=scheme,
            by=coordinator,
            today=TODAY(),
            owner=outsider,
            review_on=TODAY(),
            **fields,
        )
    with pytest.raises(ValidationError, match="today or in the future"):
        risk_create(
            scheme=scheme,
            by=coordinator,
            today=TODAY(),
            owner=coordinator,
            review_on=TODAY() - timedelta(days=1),
            **fields,
        )
    with pytest.raises(PermissionDenied):
        risk_create(
            scheme=scheme, by=staff, today=TODAY(), owner=staff, review_on=TODAY(), **fields
        )


def test_a_second_confidentiality_risk_is_refused(scheme: Scheme, coordinator: User) -> None:
    seeded_risks(scheme)
    with pytest.raises(ValidationError):
        risk_create(
            scheme=scheme,
            by=coordinator,
            today=TODAY(),
            title="Another",
            category=RiskCategory.CONFIDENTIALITY,
            likelihood=1,
            impact=1,
            owner=coordinator,
            review_on=TODAY(),
        )


def test_reviewing_a_risk_is_version_checked(scheme: Scheme, coordinator: User) -> None:
    risk = seeded_risks(scheme)[RiskCategory.PREFERENTIAL_TREATMENT]
    risk_update(risk=risk, by=coordinator, expected_version=1, today=TODAY(), likelihood=4)
    stale = RiskEntry.objects.get(pk=risk.pk)
    with pytest.raises(StaleEditError):
        risk_update(risk=stale, by=coordinator, expected_version=1, today=TODAY(), likelihood=1)
    stale.refresh_from_db()
    assert (stale.likelihood, stale.version) == (4, 2)


def test_incidents_go_against_the_confidentiality_risk_only(
    scheme: Scheme, staff: User, governor: User
) -> None:
    risks = seeded_risks(scheme)
    fields: dict[str, Any] = {
        "today": TODAY(),
        "occurred_on": TODAY(),
        "what_happened": "A call-out sheet left on a desk",
        "action_taken": "Sheets locked away",
    }
    incident = incident_record(risk=risks[RiskCategory.CONFIDENTIALITY], by=staff, **fields)
    assert incident.recorded_by == staff
    with pytest.raises(ValidationError, match="confidentiality risk only"):
        incident_record(risk=risks[RiskCategory.NEGATIVE_ATTITUDES], by=staff, **fields)
    with pytest.raises(PermissionDenied):
        incident_record(risk=risks[RiskCategory.CONFIDENTIALITY], by=governor, **fields)
    with pytest.raises(ValidationError, match="today or in the past"):
        incident_record(
            risk=risks[RiskCategory.CONFIDENTIALITY],
            by=staff,
            **{**fields, "occurred_on": TODAY() + timedelta(days=1)},
        )
    assert ConfidentialityIncident.objects.count() == 1


def test_open_high_risks_are_red_and_overdue_reviews_amber(
    scheme: Scheme, coordinator: User
) -> None:
    risks = seeded_risks(scheme)
    assert phase.health_many([scheme], TODAY()) == {scheme.pk: []}
    RiskEntry.objects.filter(pk=risks[RiskCategory.CONFIDENTIALITY].pk).update(
        likelihood=4, impact=4
    )
    RiskEntry.objects.filter(pk=risks[RiskCategory.NEGATIVE_ATTITUDES].pk).update(
        review_on=TODAY() - timedelta(days=1)
    )
    assert phase.health_many([scheme], TODAY())[scheme.pk] == [
        HealthSignal("red", "1 open high risk"),
        HealthSignal("amber", "1 risk review overdue"),
    ]
    RiskEntry.objects.filter(scheme=scheme).update(status=RiskStatus.CLOSED)
    assert phase.health_many([scheme], TODAY()) == {scheme.pk: []}


def test_a_risk_review_falls_due_for_its_owner(scheme: Scheme, coordinator: User) -> None:
    risks = seeded_risks(scheme)
    risk = risks[RiskCategory.PREFERENTIAL_TREATMENT]
    assert list(phase.due_many([scheme], TODAY())) == []
    items = list(phase.due_many([scheme], risk.review_on))
    assert len(items) == 3
    assert {item.user_ids for item in items} == {(coordinator.pk,)}
    assert {item.kind for item in items} == {"risk-review"}
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.CLOSED)
    assert list(phase.due(risk.review_on)) == []


def test_the_self_assessment_judges_the_two_risk_items(scheme: Scheme, coordinator: User) -> None:
    risks = seeded_risks(scheme)
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.ACTIVE)
    scheme.refresh_from_db()
    found = {item.item: item for item in phase.evidence(scheme, TODAY())}
    assert found[phase.CHECKLIST[0]].rating == "met"
    assert found[phase.CHECKLIST[3]].rating == "partly met"
    risk = risks[RiskCategory.CONFIDENTIALITY]
    risk_update(risk=risk, by=coordinator, expected_version=1, today=TODAY(), mitigations="Locks")
    found = {item.item: item for item in phase.evidence(scheme, TODAY())}
    assert found[phase.CHECKLIST[3]].rating == "met"


def test_the_guidances_named_risks_keep_their_category(scheme: Scheme, coordinator: User) -> None:
    risk = seeded_risks(scheme)[RiskCategory.CONFIDENTIALITY]
    with pytest.raises(ValidationError, match="keep their category"):
        risk_update(
            risk=risk,
            by=coordinator,
            expected_version=risk.version,
            today=TODAY(),
            category=RiskCategory.OTHER,
        )
