"""Monitoring's rules: plain functions and tables, no database.

- the outcome codes each type of scheme records, and which types are confidential
- when a peer supporter's load means a debrief is due
- a risk's score, and when it is high
- the self-assessment of the risk register's two checklist items
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from schemes.models import SchemeType

# --- the activity log --------------------------------------------------------------------

# The outcome codes each type of scheme records: (code, words). The guidance's examples
# first (a Listener call-out: emotional support, referred to staff; an Insider:
# induction completed; a reading mentor: session, progress check passed).
OUTCOMES: dict[str, tuple[tuple[str, str], ...]] = {
    SchemeType.LISTENERS: (
        ("emotional-support", "Emotional support"),
        ("referred-to-staff", "Referred to staff"),
        ("call-out-at-night", "Call-out at night"),
        ("follow-up-agreed", "Follow-up agreed"),
    ),
    SchemeType.INSIDERS: (
        ("induction-completed", "Induction completed"),
        ("information-given", "Information given"),
        ("referred-to-staff", "Referred to staff"),
    ),
    SchemeType.READING: (
        ("session", "Session"),
        ("progress-check-passed", "Progress check passed"),
        ("course-completed", "Course completed"),
    ),
    SchemeType.HEALTH: (
        ("health-check", "Health check"),
        ("activity-session", "Activity session"),
        ("referred-to-healthcare", "Referred to healthcare"),
    ),
    SchemeType.EDUCATION: (
        ("session", "Session"),
        ("referred-to-education", "Referred to education"),
    ),
    SchemeType.RESETTLEMENT: (
        ("housing-advice", "Housing advice"),
        ("employment-advice", "Employment advice"),
        ("finance-advice", "Finance and debt advice"),
        ("referred-to-staff", "Referred to staff"),
    ),
    SchemeType.ADVOCACY: (
        ("issue-raised", "Issue raised"),
        ("issue-resolved", "Issue resolved"),
        ("council-meeting", "Council meeting"),
    ),
    SchemeType.OTHER: (
        ("session", "Session"),
        ("referred-to-staff", "Referred to staff"),
    ),
}

# Schemes whose activity is confidential: no free text at all in their log.
CONFIDENTIAL_TYPES = frozenset({SchemeType.LISTENERS})

MIN_DURATION, MAX_DURATION = 1, 600
MAX_REACHED = 200
NIGHT_ENDS = time(6, 0)  # midnight to 06:00 is night


def outcome_choices(scheme_type: str) -> tuple[tuple[str, str], ...]:
    return OUTCOMES.get(scheme_type, OUTCOMES[SchemeType.OTHER])


def outcome_label(scheme_type: str, code: str) -> str:
    return dict(outcome_choices(scheme_type)).get(code, code)


def is_confidential(scheme_type: str) -> bool:
    return scheme_type in CONFIDENTIAL_TYPES


def is_night(moment: datetime) -> bool:
    """Whether a (local) time is between midnight and 06:00."""
    return moment.time() < NIGHT_ENDS


def month_of(day: date) -> date:
    return day.replace(day=1)


def last_months(today: date, count: int) -> list[date]:
    """The first days of the ``count`` calendar months up to and including today's,
    oldest first."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


# --- debrief due -------------------------------------------------------------------------


@dataclass(frozen=True)
class DebriefThresholds:
    """A peer supporter needs a debrief when, within any ``days`` days, they gave more
    than ``call_outs`` call-outs, or more than ``night_call_outs`` between midnight and
    06:00."""

    days: int
    call_outs: int
    night_call_outs: int


# The guidance's Listeners default. Other types raise no flag by default.
DEBRIEF_THRESHOLDS: dict[str, DebriefThresholds] = {
    SchemeType.LISTENERS: DebriefThresholds(days=7, call_outs=10, night_call_outs=3),
}
# How far back a load still raises the flag: older activity was either debriefed or
# is past the point where a debrief helps.
DEBRIEF_LOOKBACK = timedelta(days=28)


def debrief_reason(moments: Sequence[datetime], thresholds: DebriefThresholds) -> str | None:
    """Why a debrief is due, given the (local) times of a peer supporter's call-outs
    since their last debrief; None if their load never passed the thresholds."""
    ordered = sorted(moments)
    window = timedelta(days=thresholds.days)
    start = 0
    nights: list[datetime] = [moment for moment in ordered if is_night(moment)]
    for end, moment in enumerate(ordered):
        while ordered[start] <= moment - window:
            start += 1
        if end - start + 1 > thresholds.call_outs:
            return f"More than {thresholds.call_outs} call-outs in {thresholds.days} days"
    start = 0
    for end, moment in enumerate(nights):
        while nights[start] <= moment - window:
            start += 1
        if end - start + 1 > thresholds.night_call_outs:
            return (
                f"More than {thresholds.night_call_outs} call-outs between midnight and "
                f"06:00 in {thresholds.days} days"
            )
    return None


# --- the risk register -------------------------------------------------------------------

HIGH_RISK = 15  # a score (likelihood x impact) of 15 or more is high
RISK_REVIEW_MONTHS = 3  # a seeded risk is first reviewed about 3 months on
RISK_REVIEW_DAYS = 91


def risk_score(likelihood: int, impact: int) -> int:
    return likelihood * impact


def is_high(score: int) -> bool:
    return score >= HIGH_RISK


def score_words(score: int) -> tuple[str, str]:
    """A score in words and its tag colour."""
    if score >= HIGH_RISK:
        return "High", "red"
    if score >= 8:
        return "Medium", "yellow"
    return "Low", "green"


# The guidance's three named risks, with which every scheme's register starts.
SEEDED_RISKS: tuple[tuple[str, str, str], ...] = (
    (
        "negative-attitudes",
        "Negative attitudes to peer supporters or participants",
        "Signs of negative attitudes to peer supporters or to the prisoners using the "
        "scheme, from staff or prisoners.",
    ),
    (
        "preferential-treatment",
        "Preferential treatment by staff",
        "Staff favouring some prisoners for peer support roles, or peer supporters being "
        "seen to receive favours.",
    ),
    (
        "confidentiality",
        "Misuse of confidential information",
        "Personal information about the people using the scheme shared or used beyond "
        "what they agreed to.",
    ),
)
SEEDED_LIKELIHOOD = 2
SEEDED_IMPACT = 3

VIGILANT_ITEM = (
    "remain vigilant for possible risks to the scheme - for example, signs of negative "
    "attitudes to peer supporters or participants, preferential treatment by staff, or "
    "misuse of confidential information"
)
CONFIDENTIALITY_ITEM = (
    "monitor risks to confidentiality of personal information about users of the schemes"
)


@dataclass(frozen=True)
class RiskFacts:
    """What the self-assessment needs of one open risk."""

    category: str
    review_on: date
    reviewed: bool  # changed since it was created


def register_evidence(
    risks: Sequence[RiskFacts], today: date
) -> tuple[tuple[str, str], tuple[str, str]]:
    """(rating, words) for the two risk items of the checklist: remaining vigilant
    (the register is kept under review) and monitoring risks to confidentiality."""
    overdue = [risk for risk in risks if risk.review_on < today]
    if not risks:
        vigilant = ("not met", "No open risks on the register")
    elif overdue:
        vigilant = (
            "partly met",
            f"{len(overdue)} of {len(risks)} open risks past their review date",
        )
    else:
        vigilant = ("met", f"{len(risks)} open risks, all reviewed within their dates")
    confidential = [risk for risk in risks if risk.category == "confidentiality"]
    if not confidential:
        privacy = ("not met", "The confidentiality risk is not on the register")
    elif confidential[0].review_on < today:
        privacy = ("partly met", "The confidentiality risk is past its review date")
    elif confidential[0].reviewed:
        privacy = ("met", "The confidentiality risk has been reviewed and is within its date")
    else:
        privacy = ("partly met", "The confidentiality risk has not been reviewed yet")
    return vigilant, privacy
