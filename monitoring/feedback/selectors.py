"""Reads for the feedback surveys: rounds and their results, from the per-question
summaries only (never the questionnaires themselves)."""

from __future__ import annotations

from dataclasses import dataclass

from schemes.models import Scheme

from . import rules
from .models import FeedbackQuestionSummary, FeedbackRound


@dataclass(frozen=True)
class QuestionResult:
    question: rules.Question
    result: rules.Result


@dataclass(frozen=True)
class ThemeResult:
    theme: str
    words: str
    result: rules.Result
    before: rules.Result | None
    change: int | None


@dataclass(frozen=True)
class AudienceResults:
    audience: str
    words: str
    responses: int
    themes: list[ThemeResult]
    questions: list[QuestionResult]


def feedback_rounds(scheme: Scheme) -> list[FeedbackRound]:
    """The scheme's rounds, newest first (a scheme runs a few a year). One query."""
    return list(FeedbackRound.objects.filter(scheme=scheme).order_by("-opens_on", "-id"))


def compared_round(
    rounds: list[FeedbackRound], feedback_round: FeedbackRound
) -> FeedbackRound | None:
    """The round a round's results are compared with: the latest baseline before it,
    or the round just before it. No query (from ``feedback_rounds``)."""
    pk = rules.sorted_rounds_before([(r.pk, r.kind, r.opens_on) for r in rounds], feedback_round.pk)
    return next((r for r in rounds if r.pk == pk), None)


def _tallies(round_ids: list[int]) -> dict[int, dict[str, dict[str, rules.Tally]]]:
    """{round id: {audience: {question code: tally}}}. One query."""
    found: dict[int, dict[str, dict[str, rules.Tally]]] = {pk: {} for pk in round_ids}
    for summary in FeedbackQuestionSummary.objects.filter(round_id__in=round_ids):
        found[summary.round_id].setdefault(summary.audience, {})[summary.question] = summary.tally
    return found


def round_results(
    feedback_round: FeedbackRound, before: FeedbackRound | None
) -> list[AudienceResults]:
    """The round's results per audience: each theme (with the change since ``before``)
    and each question. One query, whatever the number of questionnaires."""
    ids = [feedback_round.pk] + ([before.pk] if before else [])
    tallies = _tallies(ids)
    now_tallies = tallies[feedback_round.pk]
    before_tallies = tallies.get(before.pk, {}) if before else {}
    found = []
    for audience in feedback_round.audiences:
        mine = now_tallies.get(audience, {})
        themes_now = rules.theme_results(mine, audience)
        themes_before = (
            rules.theme_results(before_tallies[audience], audience)
            if audience in before_tallies
            else {}
        )
        themes = []
        for theme, words in rules.THEMES:
            earlier = themes_before.get(theme)
            themes.append(
                ThemeResult(
                    theme,
                    words,
                    themes_now[theme],
                    earlier,
                    rules.change(themes_now[theme], earlier),
                )
            )
        questions = [
            QuestionResult(q, rules.result(mine.get(q.code, rules.Tally())))
            for q in rules.questions_for(audience)
        ]
        found.append(
            AudienceResults(
                audience,
                rules.AUDIENCE_WORDS[audience],
                max((r.result.responses for r in questions), default=0),
                themes,
                questions,
            )
        )
    return found
