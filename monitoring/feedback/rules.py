"""The feedback and attitude surveys' fixed questions, and how their answers add up.

Plain tables and functions, no database. The questions are not editable by users so
that every round of every scheme asks the same things and rounds can be compared.
Each audience (the people supported, the peer supporters, staff) answers two
statements per theme on a five-point agree scale; each statement is worded so that
agreeing is the good answer.

No free text at all, for any audience: in a prison wing a handwritten comment, or a
detail in it, can identify the person who wrote it, and the surveys are anonymous.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

# Fewer responses than this and no percentage or mean is shown: a result about three
# people can point at one of them.
SMALL_NUMBER = 5
# A round closed within this many days is recent enough for the self-assessment.
RECENT_DAYS = 183

# The five-point agree scale (score, words); 4 and 5 count as agreeing.
SCALE: tuple[tuple[int, str], ...] = (
    (5, "Strongly agree"),
    (4, "Agree"),
    (3, "Neither agree nor disagree"),
    (2, "Disagree"),
    (1, "Strongly disagree"),
)
AGREE_FROM = 4
NOT_ANSWERED = "none"  # a question left blank on the paper questionnaire

# The guidance's themes (phase 4): "monitor attitudes towards prisoners using the
# scheme", "monitor attitudes towards the peer supporters", "monitor risks to
# confidentiality of personal information about users of the schemes", and whether
# the scheme is worth it (satisfaction).
USERS = "attitudes-to-users"
PEERS = "attitudes-to-peer-supporters"
CONFIDENTIALITY = "confidentiality"
SATISFACTION = "satisfaction"
THEMES: tuple[tuple[str, str], ...] = (
    (USERS, "Attitudes towards prisoners using the scheme"),
    (PEERS, "Attitudes towards the peer supporters"),
    (CONFIDENTIALITY, "Confidence in confidentiality"),
    (SATISFACTION, "Satisfaction"),
)
THEME_WORDS = dict(THEMES)

SUPPORTED = "supported"
PEER_SUPPORTERS = "peer-supporters"
STAFF = "staff"
AUDIENCES: tuple[tuple[str, str], ...] = (
    (SUPPORTED, "People supported"),
    (PEER_SUPPORTERS, "Peer supporters"),
    (STAFF, "Staff"),
)
AUDIENCE_WORDS = dict(AUDIENCES)


@dataclass(frozen=True)
class Question:
    code: str
    theme: str
    statement: str


QUESTIONS: dict[str, tuple[Question, ...]] = {
    SUPPORTED: (
        Question("sup-staff-respect", USERS, "Staff treat me with respect when I use the scheme"),
        Question(
            "sup-not-looked-down", USERS, "Other prisoners do not look down on me for using it"
        ),
        Question("sup-trust-peers", PEERS, "I trust the peer supporters"),
        Question("sup-peers-respected", PEERS, "Peer supporters are respected on my wing"),
        Question("sup-kept-private", CONFIDENTIALITY, "What I said was kept private"),
        Question(
            "sup-safe-to-speak",
            CONFIDENTIALITY,
            "I would feel safe telling a peer supporter something personal",
        ),
        Question("sup-helped", SATISFACTION, "The peer supporter helped me"),
        Question("sup-recommend", SATISFACTION, "I would recommend the scheme to someone else"),
    ),
    PEER_SUPPORTERS: (
        Question("peer-users-fair", USERS, "Staff treat prisoners who use the scheme fairly"),
        Question(
            "peer-users-not-looked-down",
            USERS,
            "Prisoners are not looked down on for using the scheme",
        ),
        Question("peer-staff-support", PEERS, "Staff support me in my peer support role"),
        Question("peer-prisoners-respect", PEERS, "Other prisoners respect my role"),
        Question(
            "peer-information-safe",
            CONFIDENTIALITY,
            "Information about the people I support is kept safe",
        ),
        Question(
            "peer-know-when-to-share",
            CONFIDENTIALITY,
            "I know when I must pass information on, and to whom",
        ),
        Question("peer-worthwhile", SATISFACTION, "My role is worthwhile"),
        Question("peer-supported", SATISFACTION, "I get the support and supervision I need"),
    ),
    STAFF: (
        Question(
            "staff-users-positive",
            USERS,
            "Staff on my wing have a positive view of prisoners who use the scheme",
        ),
        Question(
            "staff-users-not-treated-differently",
            USERS,
            "Prisoners who use the scheme are not treated worse because of it",
        ),
        Question("staff-trust-peers", PEERS, "I trust the peer supporters to do their role well"),
        Question(
            "staff-no-favours",
            PEERS,
            "Peer supporters are chosen and treated fairly, without favours",
        ),
        Question(
            "staff-information-kept",
            CONFIDENTIALITY,
            "The scheme keeps personal information about its users confidential",
        ),
        Question(
            "staff-know-how-to-report",
            CONFIDENTIALITY,
            "I know how to report a concern about confidentiality",
        ),
        Question(
            "staff-positive-difference", SATISFACTION, "The scheme makes a positive difference"
        ),
        Question("staff-keep-scheme", SATISFACTION, "I would support the scheme continuing"),
    ),
}
QUESTION_BY_CODE = {q.code: q for questions in QUESTIONS.values() for q in questions}
AUDIENCE_OF = {q.code: audience for audience, questions in QUESTIONS.items() for q in questions}


def questions_for(audience: str) -> tuple[Question, ...]:
    return QUESTIONS.get(audience, ())


def answer_errors(audience: str, answers: Mapping[str, object]) -> dict[str, str]:
    """What is wrong with one questionnaire's answers (question code: message): every
    question of the audience answered with a score of the scale or "not answered", and
    nothing else. At least one question must be answered."""
    errors: dict[str, str] = {}
    questions = questions_for(audience)
    if not questions:
        return {"audience": "Select who filled in the questionnaire"}
    valid = {score for score, _ in SCALE}
    for question in questions:
        value = answers.get(question.code)
        if value != NOT_ANSWERED and value not in valid:
            errors[question.code] = f"Select an answer for “{question.statement}”"
    extra = set(answers) - {q.code for q in questions}
    if extra:
        errors["audience"] = "The answers do not belong to this questionnaire"
    if not errors and all(answers[q.code] == NOT_ANSWERED for q in questions):
        errors[questions[0].code] = "Enter at least one answer from the questionnaire"
    return errors


# --- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """The answers one question (or a theme's questions) got in a round: how many
    answered (n), the sum of their scores, and how many agreed."""

    n: int = 0
    total: int = 0
    agree: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.n + other.n, self.total + other.total, self.agree + other.agree)

    def add(self, score: int) -> Tally:
        return Tally(self.n + 1, self.total + score, self.agree + int(score >= AGREE_FROM))


@dataclass(frozen=True)
class Result:
    """A question's or a theme's result as the pages show it. ``responses`` is how
    many questionnaires it rests on (for a theme, the most that answered any one of
    its questions); below SMALL_NUMBER, ``agree_percent`` and ``mean`` are None."""

    responses: int
    agree_percent: int | None
    mean: float | None

    @property
    def suppressed(self) -> bool:
        return self.responses < SMALL_NUMBER


def result(tally: Tally, responses: int | None = None) -> Result:
    responses = tally.n if responses is None else responses
    if responses < SMALL_NUMBER or tally.n == 0:
        return Result(responses, None, None)
    return Result(
        responses,
        round(100 * tally.agree / tally.n),
        round(tally.total / tally.n, 1),
    )


def theme_results(tallies: Mapping[str, Tally], audience: str) -> dict[str, Result]:
    """Each theme's result for one audience, pooling the answers to its questions."""
    found: dict[str, Result] = {}
    for theme, _ in THEMES:
        questions = [q for q in questions_for(audience) if q.theme == theme]
        pooled = sum((tallies.get(q.code, Tally()) for q in questions), Tally())
        most = max((tallies.get(q.code, Tally()).n for q in questions), default=0)
        found[theme] = result(pooled, most)
    return found


def change(now: Result, before: Result | None) -> int | None:
    """The change in percentage points agreeing, where both results may be shown."""
    if before is None or now.agree_percent is None or before.agree_percent is None:
        return None
    return now.agree_percent - before.agree_percent


def satisfaction(tallies: Mapping[str, Tally]) -> Result:
    """Satisfaction across every audience of a round (the dashboards' figure)."""
    pooled = Tally()
    most = 0
    for code, tally in tallies.items():
        question = QUESTION_BY_CODE.get(code)
        if question is not None and question.theme == SATISFACTION:
            pooled += tally
            most = max(most, tally.n)
    return result(pooled, most)


# --- the self-assessment -----------------------------------------------------------------


@dataclass(frozen=True)
class RoundFacts:
    """What the self-assessment needs of one round."""

    closed_on: date | None  # None: still open
    responses: int


Rating = Literal["met", "partly met", "not met"]


def feedback_evidence(rounds: Iterable[RoundFacts], today: date) -> tuple[Rating, str]:
    """Met when a round with at least 5 responses closed within the last 6 months;
    partly met when there is an older one, a smaller one, or one still open; not met
    when no round was ever run."""
    rounds = list(rounds)
    closed = [r for r in rounds if r.closed_on is not None]
    since = today - timedelta(days=RECENT_DAYS)
    recent = [
        r for r in closed if r.responses >= SMALL_NUMBER and r.closed_on and r.closed_on >= since
    ]
    if recent:
        latest = max(recent, key=lambda r: r.closed_on or date.min)
        return "met", (
            f"A feedback round with {latest.responses} responses closed on "
            f"{latest.closed_on:%-d %B %Y}"
        )
    if any(r.closed_on is None for r in rounds):
        return "partly met", "A feedback round is open: close it to use its results"
    if closed:
        latest = max(closed, key=lambda r: r.closed_on or date.min)
        if latest.responses < SMALL_NUMBER:
            return "partly met", "The latest feedback round had fewer than 5 responses"
        return "partly met", (
            f"The latest feedback round closed on {latest.closed_on:%-d %B %Y}, "
            "more than 6 months ago"
        )
    return "not met", "No feedback or attitude survey has been run"


def sorted_rounds_before(rounds: Sequence[tuple[int, str, date]], round_id: int) -> int | None:
    """The round to compare a round with: (id, kind, opens_on) of the scheme's rounds.
    The latest baseline opened before it; failing that, the round just before it."""
    ordered = sorted(rounds, key=lambda r: (r[2], r[0]))
    index = next((i for i, r in enumerate(ordered) if r[0] == round_id), None)
    if index is None or index == 0:
        return None
    earlier = ordered[:index]
    baselines = [r for r in earlier if r[1] == "baseline"]
    return (baselines[-1] if baselines else earlier[-1])[0]
