"""Feedback survey pages: the rounds with the latest results, starting a round, a
round's results with the change since its baseline, entering a paper questionnaire,
and closing a round. Results are aggregates (fewer than 5 responses are not shown), so
everyone who may see the scheme sees them, the analyst included."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import AuthenticatedRequest, Permission, can
from peersupport.forms import apply_service_errors, posted
from peersupport.http import require_http_methods
from schemes.models import Scheme, SchemeStatus
from schemes.selectors import get_scheme_for_user
from schemes.services.versioning import StaleEditError

from . import rules
from .forms import AudienceForm, CloseRoundForm, FeedbackResponseForm, FeedbackRoundForm
from .models import FeedbackRound
from .selectors import compared_round, feedback_rounds, round_results
from .services import (
    feedback_response_record,
    feedback_round_close,
    feedback_round_create,
)


def _open(scheme: Scheme) -> bool:
    return scheme.status != SchemeStatus.CLOSED


def _round(scheme: Scheme, round_id: int) -> FeedbackRound:
    feedback_round = get_object_or_404(FeedbackRound, pk=round_id, scheme=scheme)
    feedback_round.scheme = scheme
    return feedback_round


@login_required
@require_http_methods(["GET"])
def feedback_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The scheme's rounds, and the results of the latest closed one."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    rounds = feedback_rounds(scheme)
    latest = next((r for r in rounds if not r.is_open), None)
    results = round_results(latest, compared_round(rounds, latest)) if latest else []
    return render(
        request,
        "monitoring/feedback/index.html",
        {
            "scheme": scheme,
            "rounds": rounds,
            "latest": latest,
            "results": results,
            "small_number": rules.SMALL_NUMBER,
            "can_change": _open(scheme) and can(request.user, Permission.CHANGE, scheme.prison_id),
            "can_log": _open(scheme) and can(request.user, Permission.LOG, scheme.prison_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def feedback_round_add_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    today = timezone.localdate()
    form = FeedbackRoundForm(posted(request), today=today)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_round = feedback_round_create(
                scheme=scheme, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The feedback round has started")
            return redirect(
                "monitoring:feedback-round", pk=scheme.pk, feedback_round_id=feedback_round.pk
            )
    return render(request, "monitoring/feedback/round_form.html", {"form": form, "scheme": scheme})


@login_required
@require_http_methods(["GET"])
def feedback_round_view(
    request: AuthenticatedRequest, pk: int, feedback_round_id: int
) -> HttpResponse:
    """A round's results per audience: each theme with the change since the round it is
    compared with, then each question."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    rounds = feedback_rounds(scheme)
    feedback_round = next((r for r in rounds if r.pk == feedback_round_id), None)
    if feedback_round is None:
        feedback_round = _round(scheme, feedback_round_id)  # 404
    before = compared_round(rounds, feedback_round)
    return render(
        request,
        "monitoring/feedback/round.html",
        {
            "scheme": scheme,
            "round": feedback_round,
            "before": before,
            "results": round_results(feedback_round, before),
            "small_number": rules.SMALL_NUMBER,
            "can_change": feedback_round.is_open
            and _open(scheme)
            and can(request.user, Permission.CHANGE, scheme.prison_id),
            "can_log": feedback_round.is_open
            and _open(scheme)
            and can(request.user, Permission.LOG, scheme.prison_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def feedback_response_add_view(
    request: AuthenticatedRequest, pk: int, feedback_round_id: int
) -> HttpResponse:
    """Enter one paper questionnaire. Where the round asks more than one audience, the
    page first asks which questionnaire (a GET form: ?audience=)."""
    scheme = get_scheme_for_user(request.user, pk, Permission.LOG)
    feedback_round = _round(scheme, feedback_round_id)
    audiences = feedback_round.audiences
    chosen = (
        request.POST.get("audience") if request.method == "POST" else request.GET.get("audience")
    )
    context = {"scheme": scheme, "round": feedback_round}
    if len(audiences) == 1 and chosen is None:
        chosen = audiences[0]
    if chosen not in audiences:
        choose = AudienceForm(
            request.GET if "audience" in request.GET else None, audiences=audiences
        )
        if choose.is_bound:
            choose.is_valid()
        elif request.method == "POST":
            choose = AudienceForm({"audience": chosen or ""}, audiences=audiences)
            choose.is_valid()
        return render(
            request, "monitoring/feedback/choose_audience.html", {**context, "form": choose}
        )
    assert chosen is not None
    form = FeedbackResponseForm(posted(request), audience=chosen)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_response_record(
                feedback_round=feedback_round,
                by=request.user,
                audience=chosen,
                answers=form.answers(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            words = rules.AUDIENCE_WORDS[chosen].lower()
            if request.POST.get("then") == "another":
                messages.success(
                    request, f"The questionnaire has been saved. Enter the next one from {words}."
                )
                url = reverse(
                    "monitoring:feedback-response-add", args=[scheme.pk, feedback_round_id]
                )
                return redirect(f"{url}?audience={chosen}")
            messages.success(request, "The questionnaire has been saved")
            return redirect(
                "monitoring:feedback-round", pk=scheme.pk, feedback_round_id=feedback_round_id
            )
    return render(
        request,
        "monitoring/feedback/response_form.html",
        {
            **context,
            "form": form,
            "audience_words": rules.AUDIENCE_WORDS[chosen],
            "several": len(audiences) > 1,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def feedback_round_close_view(
    request: AuthenticatedRequest, pk: int, feedback_round_id: int
) -> HttpResponse:
    """Close a round (the coordinator): a confirmation page, version-checked."""
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    feedback_round = _round(scheme, feedback_round_id)
    form = CloseRoundForm(posted(request), initial={"version": feedback_round.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            feedback_round_close(
                feedback_round=feedback_round,
                by=request.user,
                expected_version=form.expected_version(),
            )
        except StaleEditError:
            feedback_round = _round(scheme, feedback_round_id)
            form = CloseRoundForm({"version": str(feedback_round.version)})
            form.is_valid()
            form.add_error(
                None,
                "Somebody else changed or closed this round after you opened this page. "
                "Check the round below before closing it.",
            )
            status = 409
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The feedback round has been closed")
            return redirect(
                "monitoring:feedback-round", pk=scheme.pk, feedback_round_id=feedback_round_id
            )
    return render(
        request,
        "monitoring/feedback/close.html",
        {"scheme": scheme, "round": feedback_round, "form": form},
        status=status,
    )
