"""Monitoring's rules, without a database: outcome codes, debrief due, risk scores and
the register's self-assessment."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from monitoring import rules
from schemes.models import SchemeType

LISTENERS = rules.DEBRIEF_THRESHOLDS[SchemeType.LISTENERS]
DAY = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)


def test_every_scheme_type_has_outcome_codes_and_listeners_are_confidential() -> None:
    for scheme_type in SchemeType.values:
        assert rules.outcome_choices(scheme_type)
    assert ("emotional-support", "Emotional support") in rules.OUTCOMES[SchemeType.LISTENERS]
    assert ("induction-completed", "Induction completed") in rules.OUTCOMES[SchemeType.INSIDERS]
    assert ("progress-check-passed", "Progress check passed") in rules.OUTCOMES[SchemeType.READING]
    assert rules.is_confidential(SchemeType.LISTENERS)
    assert not rules.is_confidential(SchemeType.INSIDERS)


def test_ten_call_outs_in_a_week_is_fine_but_eleven_is_a_debrief() -> None:
    # Two a day, in the daytime, for five days.
    ten = [DAY + timedelta(days=n // 2, hours=-4 * (n % 2)) for n in range(10)]
    assert rules.debrief_reason(ten, LISTENERS) is None
    eleven = [*ten, DAY + timedelta(days=6, hours=-5)]
    assert rules.debrief_reason(eleven, LISTENERS) == "More than 10 call-outs in 7 days"


def test_eleven_call_outs_spread_over_more_than_a_week_are_not_a_debrief() -> None:
    spread = [DAY + timedelta(days=n) for n in range(11)]
    assert rules.debrief_reason(spread, LISTENERS) is None


def test_four_night_call_outs_in_a_week_is_a_debrief() -> None:
    nights = [datetime(2026, 11, day, 2, 30, tzinfo=UTC) for day in (2, 3, 4)]
    assert rules.debrief_reason(nights, LISTENERS) is None
    four = [*nights, datetime(2026, 11, 8, 5, 59, tzinfo=UTC)]
    assert rules.debrief_reason(four, LISTENERS) == (
        "More than 3 call-outs between midnight and 06:00 in 7 days"
    )
    # 06:00 is morning, not night.
    morning = datetime(2026, 11, 8, 6, 0, tzinfo=UTC)
    assert rules.debrief_reason([*nights, morning], LISTENERS) is None


def test_last_months_ends_with_this_month_and_crosses_the_year() -> None:
    assert rules.last_months(date(2026, 2, 15), 3) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def test_a_risk_scoring_15_or_more_is_high() -> None:
    assert rules.risk_score(3, 5) == 15
    assert rules.is_high(15)
    assert not rules.is_high(12)
    assert rules.score_words(16) == ("High", "red")
    assert rules.score_words(9) == ("Medium", "yellow")
    assert rules.score_words(4) == ("Low", "green")


def test_the_register_is_judged_on_its_review_dates_and_the_confidentiality_risk() -> None:
    today = date(2026, 12, 1)
    later = today + timedelta(days=10)
    fresh = [
        rules.RiskFacts("negative-attitudes", later, reviewed=False),
        rules.RiskFacts("confidentiality", later, reviewed=False),
    ]
    vigilant, privacy = rules.register_evidence(fresh, today)
    assert vigilant[0] == "met"
    assert privacy == ("partly met", "The confidentiality risk has not been reviewed yet")
    reviewed = [fresh[0], rules.RiskFacts("confidentiality", later, reviewed=True)]
    assert rules.register_evidence(reviewed, today)[1][0] == "met"
    overdue = [rules.RiskFacts("confidentiality", today - timedelta(days=1), reviewed=True)]
    vigilant, privacy = rules.register_evidence(overdue, today)
    assert vigilant == ("partly met", "1 of 1 open risks past their review date")
    assert privacy[0] == "partly met"
    assert rules.register_evidence([], today)[0][0] == "not met"
