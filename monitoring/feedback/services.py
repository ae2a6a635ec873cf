"""Writes for the feedback and attitude surveys: a round, a paper questionnaire (and
its round's per-question summary, in the same transaction), closing a round."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.access import Permission
from accounts.models import User
from peersupport.text import check_text_lengths
from schemes.models import Scheme
from schemes.services.access import require
from schemes.services.versioning import StaleEditError, save_if_unchanged

from . import rules
from .models import FeedbackQuestionSummary, FeedbackResponse, FeedbackRound

ROUND_CLOSED = "This feedback round is closed: no more questionnaires can be entered"


@transaction.atomic
def feedback_round_create(
    *,
    scheme: Scheme,
    by: User,
    title: str,
    kind: str,
    opens_on: date,
    closes_on: date,
    audiences: Sequence[str],
) -> FeedbackRound:
    """Start a round of the surveys (the coordinator), with a zero summary for every
    question its audiences answer."""
    require(by, Permission.CHANGE, scheme)
    chosen = set(audiences)
    if not chosen or not chosen <= set(rules.AUDIENCE_WORDS):
        raise ValidationError({"audiences": "Select who the round asks"})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": "The closing date must be on or after the opening"})
    feedback_round = FeedbackRound(
        scheme=scheme,
        title=title,
        kind=kind,
        opens_on=opens_on,
        closes_on=closes_on,
        for_supported=rules.SUPPORTED in chosen,
        for_peer_supporters=rules.PEER_SUPPORTERS in chosen,
        for_staff=rules.STAFF in chosen,
        created_by=by,
    )
    feedback_round.full_clean()
    check_text_lengths(feedback_round)
    feedback_round.save()
    FeedbackQuestionSummary.objects.bulk_create(
        [
            FeedbackQuestionSummary(round=feedback_round, audience=audience, question=q.code)
            for audience in feedback_round.audiences
            for q in rules.questions_for(audience)
        ]
    )
    return feedback_round


@transaction.atomic
def feedback_response_record(
    *,
    feedback_round: FeedbackRound,
    by: User,
    audience: str,
    answers: Mapping[str, int | str],
) -> FeedbackResponse:
    """Enter one paper questionnaire (staff or the coordinator) while the round is
    open, and add its answers to the round's summaries. A constant number of queries:
    the round is locked, the response inserted, one UPDATE per answered question."""
    scheme = feedback_round.scheme
    require(by, Permission.LOG, scheme)
    # Locked, so that a questionnaire and the round's closing cannot cross.
    locked = FeedbackRound.objects.select_for_update().get(pk=feedback_round.pk)
    if not locked.is_open:
        raise ValidationError(ROUND_CLOSED)
    if audience not in locked.audiences:
        raise ValidationError({"audience": "Select a questionnaire this round asks"})
    errors = rules.answer_errors(audience, answers)
    if errors:
        raise ValidationError(errors)
    response = FeedbackResponse(
        round=locked, audience=audience, answers=dict(answers), entered_by=by
    )
    response.full_clean()
    response.save()
    for code, score in answers.items():
        if score == rules.NOT_ANSWERED:
            continue
        assert isinstance(score, int)
        FeedbackQuestionSummary.objects.filter(round=locked, question=code).update(
            answered=F("answered") + 1,
            total=F("total") + score,
            agree=F("agree") + int(score >= rules.AGREE_FROM),
        )
    FeedbackRound.objects.filter(pk=locked.pk).update(responses=F("responses") + 1)
    return response


@transaction.atomic
def feedback_round_close(
    *, feedback_round: FeedbackRound, by: User, expected_version: int
) -> FeedbackRound:
    """Close a round (the coordinator): no more questionnaires, and its results count
    for the self-assessment and the dashboards. StaleEditError if somebody changed the
    round since ``expected_version`` was read (or closed it already)."""
    require(by, Permission.CHANGE, feedback_round.scheme)
    if not feedback_round.is_open:
        raise StaleEditError
    save_if_unchanged(
        feedback_round,
        expected_version=expected_version,
        fields={"closed_at": timezone.now()},
        updated_at=timezone.now(),
    )
    return feedback_round
