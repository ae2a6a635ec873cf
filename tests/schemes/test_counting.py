"""Figures about each scheme's records in one statement (schemes.counting): what the
scheme page and the self-assessment ask every phase for."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from monitoring.models_returns import MonthlyReturn
from recruitment.models import SuitabilityCheck
from schemes.counting import Figure, as_date, figures_per_scheme
from schemes.models import Scheme, SmartObjective
from tests.factories import (
    ApplicationFactory,
    SchemeFactory,
    SmartObjectiveFactory,
    SuitabilityCheckFactory,
)

pytestmark = pytest.mark.django_db

FIGURES = {
    "objectives": Figure(SmartObjective),
    "due_in_2027": Figure(SmartObjective, "{deadline} >= %s", [date(2027, 1, 1)]),
    "last_deadline": Figure(SmartObjective, value="MAX({deadline})", convert=as_date),
    # A suitability check has no scheme of its own: it reaches it through its application.
    "checks": Figure(SuitabilityCheck, via="application"),
    "cleared": Figure(SuitabilityCheck, "{outcome} = %s", ["cleared"], via="application"),
}


def test_each_scheme_gets_its_own_counts_and_latest_date_in_one_query(scheme: Scheme) -> None:
    quiet = SchemeFactory(prison=scheme.prison)
    for deadline in (date(2026, 6, 30), date(2027, 3, 31), date(2027, 1, 1)):
        SmartObjectiveFactory(scheme=scheme, deadline=deadline)
    SuitabilityCheckFactory(application=ApplicationFactory(scheme=scheme), outcome="cleared")
    SuitabilityCheckFactory(
        application=ApplicationFactory(scheme=scheme),
        outcome="conditions",
        conditions="Not on the induction wing",
    )

    with CaptureQueriesContext(connection) as queries:
        found = figures_per_scheme([scheme.pk, quiet.pk], FIGURES)

    assert len(queries) == 1
    assert found[scheme.pk] == {
        "objectives": 3,
        "due_in_2027": 2,
        "last_deadline": date(2027, 3, 31),
        "checks": 2,
        "cleared": 1,
    }
    assert found[quiet.pk] == {
        "objectives": 0,
        "due_in_2027": 0,
        "last_deadline": None,
        "checks": 0,
        "cleared": 0,
    }


def test_no_schemes_ask_nothing() -> None:
    with CaptureQueriesContext(connection) as queries:
        assert figures_per_scheme([], FIGURES) == {}
    assert len(queries) == 0


def test_a_value_that_would_break_the_sql_is_only_ever_a_parameter(scheme: Scheme) -> None:
    SmartObjectiveFactory(scheme=scheme, indicator="x' OR '1'='1")

    found = figures_per_scheme(
        [scheme.pk], {"named": Figure(SmartObjective, "{indicator} = %s", ["x' OR '1'='1"])}
    )

    assert found[scheme.pk] == {"named": 1}
    assert SmartObjective.objects.filter(scheme=scheme).count() == 1


def test_a_time_is_compared_in_the_services_time_zone(scheme: Scheme) -> None:
    # Approved half an hour either side of midnight, London time, on 1 July (BST).
    for day, month, at in [(30, 5, time(23, 30)), (1, 6, time(0, 30))]:
        MonthlyReturn.objects.create(
            scheme=scheme,
            month=date(2026, month, 1),
            approved_at=timezone.make_aware(datetime.combine(date(2026, month + 1, day), at)),
        )
    since_july = timezone.make_aware(datetime.combine(date(2026, 7, 1), time.min))

    found = figures_per_scheme(
        [scheme.pk], {"since_july": Figure(MonthlyReturn, "{approved_at} >= %s", [since_july])}
    )

    assert found[scheme.pk] == {"since_july": 1}
