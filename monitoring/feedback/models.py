"""The feedback and attitude surveys: rounds, the paper questionnaires entered from
them, and each round's per-question summary (kept in the same transaction as the
questionnaire, so that the results and dashboards never read the answers)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from peersupport.text import SHORT_TEXT
from schemes.models import Scheme

from . import rules


class RoundKind(models.TextChoices):
    BASELINE = "baseline", "Baseline"
    FOLLOW_UP = "follow-up", "Follow-up"


class Audience(models.TextChoices):
    SUPPORTED = rules.SUPPORTED, rules.AUDIENCE_WORDS[rules.SUPPORTED]
    PEER_SUPPORTERS = rules.PEER_SUPPORTERS, rules.AUDIENCE_WORDS[rules.PEER_SUPPORTERS]
    STAFF = rules.STAFF, rules.AUDIENCE_WORDS[rules.STAFF]


class FeedbackRound(models.Model):
    """One round of the anonymous surveys: a baseline, then follow-ups. Questionnaires
    are entered from paper until the coordinator closes it."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="feedback_rounds")
    title = models.CharField("Title", max_length=SHORT_TEXT)
    kind = models.CharField("Kind of round", max_length=12, choices=RoundKind.choices)
    opens_on = models.DateField("Opens")
    closes_on = models.DateField("Closes")
    for_supported = models.BooleanField("People supported", default=True)
    for_peer_supporters = models.BooleanField("Peer supporters", default=True)
    for_staff = models.BooleanField("Staff", default=True)
    responses = models.PositiveIntegerField("Responses", default=0)
    closed_at = models.DateTimeField("Closed", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="created by",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RoundKind.values), name="feedback_round_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="feedback_round_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(for_supported=True) | Q(for_peer_supporters=True) | Q(for_staff=True),
                name="feedback_round_has_audience",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def audiences(self) -> list[str]:
        chosen = {
            Audience.SUPPORTED: self.for_supported,
            Audience.PEER_SUPPORTERS: self.for_peer_supporters,
            Audience.STAFF: self.for_staff,
        }
        return [str(audience) for audience, on in chosen.items() if on]


class FeedbackResponse(models.Model):
    """One paper questionnaire, entered by staff: who it was for (the audience) and its
    answers ({question code: score 1-5 or "none"}). Anonymous: nothing names the
    person who filled it in, and there is no free text."""

    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="answers")
    audience = models.CharField("Questionnaire", max_length=20, choices=Audience.choices)
    answers = models.JSONField("Answers", default=dict)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="entered by",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "feedback questionnaire"
        constraints = [
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="feedback_response_audience_valid"
            )
        ]

    def __str__(self) -> str:
        return f"Questionnaire {self.pk} of {self.round}"


class FeedbackQuestionSummary(models.Model):
    """A round's answers to one question: how many answered, the sum of the scores and
    how many agreed. Made (at zero) with the round, added to with each questionnaire."""

    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="summaries")
    audience = models.CharField(max_length=20, choices=Audience.choices)
    question = models.CharField(max_length=60)
    answered = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    agree = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["round", "id"]
        verbose_name = "feedback question summary"
        verbose_name_plural = "feedback question summaries"
        constraints = [
            models.UniqueConstraint(fields=["round", "question"], name="feedback_summary_once"),
        ]

    def __str__(self) -> str:
        return f"{self.question} in {self.round}: {self.answered}"

    @property
    def tally(self) -> rules.Tally:
        return rules.Tally(self.answered, self.total, self.agree)
