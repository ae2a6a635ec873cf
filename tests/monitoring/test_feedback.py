"""The feedback and attitude surveys as people use them: the coordinator starts a
round, staff enter paper questionnaires one after another, everyone (the analyst too)
sees the results per theme with the change since the baseline, small numbers are not
shown, a closed round takes no more questionnaires, and the self-assessment and the
dashboards' figure read the rounds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from monitoring import phase
from monitoring.feedback import rules
from monitoring.feedback.services import (
    feedback_response_record,
    feedback_round_close,
    feedback_round_create,
)
from monitoring.models import FeedbackQuestionSummary, FeedbackResponse, FeedbackRound
from schemes import phases
from schemes.models import Scheme, SchemeStatus
from schemes.services.versioning import StaleEditError
from tests.factories import SchemeFactory
from tests.schemes.matrix_rows import date_parts

ClientFor = Callable[[User | None], Client]


def running(scheme: Scheme) -> Scheme:
    Scheme.objects.filter(pk=scheme.pk).update(
        status=SchemeStatus.ACTIVE, created_at=timezone.now() - timedelta(days=400)
    )
    scheme.refresh_from_db()
    return scheme


def start_round(
    scheme: Scheme,
    by: User,
    kind: str = "baseline",
    audiences: tuple[str, ...] = (rules.SUPPORTED, rules.STAFF),
    days_ago: int = 0,
) -> FeedbackRound:
    today = timezone.localdate() - timedelta(days=days_ago)
    return feedback_round_create(
        scheme=scheme,
        by=by,
        title=f"{kind.title()} survey {days_ago}",
        kind=kind,
        opens_on=today,
        closes_on=today + timedelta(days=28),
        audiences=audiences,
    )


def answers(audience: str, score: int) -> dict[str, int | str]:
    return {q.code: score for q in rules.questions_for(audience)}


def enter(feedback_round: FeedbackRound, by: User, audience: str, *scores: int) -> None:
    for score in scores:
        feedback_response_record(
            feedback_round=feedback_round,
            by=by,
            audience=audience,
            answers=answers(audience, score),
        )


# --- rules -------------------------------------------------------------------------------


def test_every_audience_answers_two_statements_on_each_of_the_guidances_themes() -> None:
    for audience, _ in rules.AUDIENCES:
        themes = [q.theme for q in rules.questions_for(audience)]
        assert sorted(themes) == sorted([theme for theme, _ in rules.THEMES] * 2)
    codes = [q.code for qs in rules.QUESTIONS.values() for q in qs]
    assert len(codes) == len(set(codes))


def test_a_result_on_fewer_than_5_responses_shows_no_percentage_or_mean() -> None:
    tally = rules.Tally()
    for score in (5, 4, 2, 1):
        tally = tally.add(score)
    assert rules.result(tally) == rules.Result(4, None, None)
    tally = tally.add(4)
    assert rules.result(tally) == rules.Result(5, 60, 3.2)


def test_the_change_is_in_points_and_only_where_both_rounds_are_shown() -> None:
    assert rules.change(rules.Result(9, 80, 4.0), rules.Result(6, 50, 3.0)) == 30
    assert rules.change(rules.Result(9, 80, 4.0), rules.Result(3, None, None)) is None
    assert rules.change(rules.Result(9, 80, 4.0), None) is None


def test_a_follow_up_is_compared_with_the_latest_baseline_before_it() -> None:
    day = timezone.localdate()
    rounds = [
        (1, "baseline", day - timedelta(days=300)),
        (2, "follow-up", day - timedelta(days=200)),
        (3, "baseline", day - timedelta(days=100)),
        (4, "follow-up", day),
    ]
    assert rules.sorted_rounds_before(rounds, 4) == 3
    assert rules.sorted_rounds_before(rounds, 2) == 1
    assert rules.sorted_rounds_before(rounds, 1) is None
    assert rules.sorted_rounds_before([(5, "follow-up", day), (6, "follow-up", day)], 6) == 5


def test_the_self_assessment_wants_a_closed_round_of_5_within_6_months() -> None:
    today = timezone.localdate()
    facts = rules.RoundFacts
    assert rules.feedback_evidence([], today)[0] == "not met"
    assert rules.feedback_evidence([facts(None, 12)], today)[0] == "partly met"
    assert rules.feedback_evidence([facts(today - timedelta(days=300), 12)], today)[0] == (
        "partly met"
    )
    assert rules.feedback_evidence([facts(today, 4)], today)[0] == "partly met"
    assert rules.feedback_evidence([facts(today - timedelta(days=30), 5)], today)[0] == "met"


def test_a_questionnaire_needs_every_statement_answered_or_marked_not_answered() -> None:
    blank = {q.code: rules.NOT_ANSWERED for q in rules.questions_for(rules.STAFF)}
    assert rules.answer_errors(rules.STAFF, blank)  # at least one answer
    assert rules.answer_errors(rules.STAFF, {**blank, "staff-keep-scheme": 5}) == {}
    assert "staff-keep-scheme" in rules.answer_errors(
        rules.STAFF, {**blank, "staff-keep-scheme": 9}
    )
    assert rules.answer_errors(rules.STAFF, {**blank, "sup-helped": 5})  # another audience


# --- services -----------------------------------------------------------------------------


def test_a_questionnaire_adds_to_its_rounds_summaries_in_the_same_transaction(
    scheme: Scheme, coordinator: User, staff: User
) -> None:
    running(scheme)
    feedback_round = start_round(scheme, coordinator)
    assert FeedbackQuestionSummary.objects.filter(round=feedback_round).count() == 16
    given = {**answers(rules.STAFF, 5), "staff-keep-scheme": rules.NOT_ANSWERED}
    feedback_response_record(
        feedback_round=feedback_round, by=staff, audience=rules.STAFF, answers=given
    )
    summary = FeedbackQuestionSummary.objects.get(
        round=feedback_round, question="staff-trust-peers"
    )
    assert (summary.answered, summary.total, summary.agree) == (1, 5, 1)
    skipped = FeedbackQuestionSummary.objects.get(
        round=feedback_round, question="staff-keep-scheme"
    )
    assert skipped.answered == 0
    feedback_round.refresh_from_db()
    assert feedback_round.responses == 1


def test_the_analyst_and_governor_cannot_enter_questionnaires(
    scheme: Scheme, coordinator: User, governor: User, analyst: User
) -> None:
    running(scheme)
    feedback_round = start_round(scheme, coordinator)
    for person in (governor, analyst):
        with pytest.raises(PermissionDenied):
            enter(feedback_round, person, rules.STAFF, 4)
    assert not FeedbackResponse.objects.exists()


def test_a_closed_round_takes_no_more_questionnaires_and_cannot_be_closed_twice(
    scheme: Scheme, coordinator: User, staff: User
) -> None:
    running(scheme)
    feedback_round = start_round(scheme, coordinator)
    feedback_round_close(feedback_round=feedback_round, by=coordinator, expected_version=1)
    with pytest.raises(ValidationError):
        enter(feedback_round, staff, rules.STAFF, 4)
    with pytest.raises(StaleEditError):
        feedback_round_close(feedback_round=feedback_round, by=coordinator, expected_version=2)


def test_entering_a_questionnaire_costs_the_same_queries_whatever_the_round_holds(
    scheme: Scheme, coordinator: User, staff: User
) -> None:
    running(scheme)
    feedback_round = start_round(scheme, coordinator)

    def cost() -> int:
        with CaptureQueriesContext(connection) as captured:
            enter(feedback_round, staff, rules.STAFF, 4)
        return len(captured)

    cost()  # warm up the per-request caches (the user's roles)
    few = cost()
    enter(feedback_round, staff, rules.STAFF, *([3] * 30))
    assert cost() == few


# --- pages --------------------------------------------------------------------------------


def test_a_coordinator_runs_a_round_and_staff_enter_paper_questionnaires(
    scheme: Scheme, coordinator: User, staff: User, client_for: ClientFor
) -> None:
    running(scheme)
    boss = client_for(coordinator)
    today = timezone.localdate()
    response = boss.post(
        f"/schemes/{scheme.pk}/monitoring/feedback/new/",
        {
            "title": "Baseline, winter",
            "kind": "baseline",
            **date_parts("opens_on", today),
            **date_parts("closes_on", today + timedelta(days=14)),
            "audiences": ["supported", "staff"],
        },
    )
    assert response.status_code == 302
    feedback_round = FeedbackRound.objects.get(scheme=scheme)
    base = f"/schemes/{scheme.pk}/monitoring/feedback/{feedback_round.pk}/"
    assert response["Location"] == base

    client = client_for(staff)
    choose = client.get(base + "responses/new/").content.decode()
    assert "Which questionnaire are you entering?" in choose
    page = client.get(base + "responses/new/?audience=supported").content.decode()
    assert "I trust the peer supporters" in page
    assert "textarea" not in page
    assert 'name="comment"' not in page
    for n in range(5):
        body = {
            "audience": "supported",
            **{k: str(v) for k, v in answers("supported", 4 + n % 2).items()},
        }
        response = client.post(base + "responses/new/", {**body, "then": "another"})
        assert response.status_code == 302
        assert response["Location"] == base + "responses/new/?audience=supported"
    assert "The questionnaire has been saved" in client.get(response["Location"]).content.decode()

    results = client.get(base).content.decode()
    assert "People supported" in results
    assert "Attitudes towards the peer supporters" in results
    assert "100%" in results  # everyone agreed
    assert "fewer than 5 responses" in results  # staff: none yet

    close = boss.post(base + "close/", {"version": feedback_round.version})
    assert close.status_code == 302
    listed = boss.get(f"/schemes/{scheme.pk}/monitoring/feedback/").content.decode()
    assert "Latest results: Baseline, winter" in listed
    refused = client.post(base + "responses/new/", {**body, "then": "finish"})
    assert "This feedback round is closed" in refused.content.decode()
    assert FeedbackResponse.objects.count() == 5


def test_a_bad_questionnaire_is_shown_again_with_what_was_typed(
    scheme: Scheme, coordinator: User, staff: User, client_for: ClientFor
) -> None:
    running(scheme)
    feedback_round = start_round(scheme, coordinator)
    body = {"audience": "staff", **{k: str(v) for k, v in answers("staff", 2).items()}}
    del body["staff-keep-scheme"]
    response = client_for(staff).post(
        f"/schemes/{scheme.pk}/monitoring/feedback/{feedback_round.pk}/responses/new/", body
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'href="#id_staff-keep-scheme_1"' in page
    assert "Select an answer for question 8, or Not answered" in page
    assert not FeedbackResponse.objects.exists()


def test_the_analyst_sees_the_change_since_the_baseline_but_no_small_numbers(
    scheme: Scheme, coordinator: User, staff: User, analyst: User, client_for: ClientFor
) -> None:
    running(scheme)
    baseline = start_round(
        scheme, coordinator, audiences=(rules.STAFF, rules.SUPPORTED), days_ago=90
    )
    enter(baseline, staff, rules.STAFF, 2, 2, 4, 4, 4)  # 60% agree
    enter(baseline, staff, rules.SUPPORTED, 5, 5)  # too few to show
    feedback_round_close(feedback_round=baseline, by=coordinator, expected_version=1)
    follow_up = start_round(
        scheme, coordinator, kind="follow-up", audiences=(rules.STAFF, rules.SUPPORTED)
    )
    enter(follow_up, staff, rules.STAFF, 4, 4, 4, 4, 5)  # 100% agree
    enter(follow_up, staff, rules.SUPPORTED, 4, 4, 4, 4, 4, 4)
    page = (
        client_for(analyst)
        .get(f"/schemes/{scheme.pk}/monitoring/feedback/{follow_up.pk}/")
        .content.decode()
    )
    assert f"Change since {baseline.title}" in page
    assert "+40 points" in page  # staff, every theme
    assert "Not available" in page  # the people supported had fewer than 5 at baseline


def test_a_stale_close_shows_the_round_as_it_is_now(
    scheme: Scheme, coordinator: User, client_for: ClientFor
) -> None:
    running(scheme)
    feedback_round = start_round(scheme, coordinator)
    feedback_round_close(feedback_round=feedback_round, by=coordinator, expected_version=1)
    response = client_for(coordinator).post(
        f"/schemes/{scheme.pk}/monitoring/feedback/{feedback_round.pk}/close/", {"version": "1"}
    )
    assert response.status_code == 409
    assert "is closed" in response.content.decode()


# --- the registry: figures, evidence ------------------------------------------------------


def test_the_latest_closed_round_is_the_dashboards_figure_and_meets_the_checklist(
    leeds: object, coordinator: User, staff: User, django_assert_max_num_queries: object
) -> None:
    schemes = [running(SchemeFactory(prison=leeds, coordinator=coordinator)) for _ in range(3)]
    done, small, none = schemes
    feedback_round = start_round(done, coordinator)
    enter(feedback_round, staff, rules.STAFF, 5, 5, 4, 2, 1)
    feedback_round_close(feedback_round=feedback_round, by=coordinator, expected_version=1)
    tiny = start_round(small, coordinator)
    enter(tiny, staff, rules.STAFF, 5)
    feedback_round_close(feedback_round=tiny, by=coordinator, expected_version=1)
    today = timezone.localdate()
    with django_assert_max_num_queries(6):  # type: ignore[operator]  # + high risks, objectives
        figures = phase.figures_many(schemes, today)
    figure = figures[done.pk][phases.FEEDBACK_LATEST]
    assert figure.responses == 5
    assert figure.satisfied_percent == 60
    assert figures[small.pk][phases.FEEDBACK_LATEST].satisfied_percent is None
    assert figures[none.pk][phases.FEEDBACK_LATEST] is None
    # The open risks, the rounds, and the returns' facts (3).
    with django_assert_max_num_queries(5):  # type: ignore[operator]
        evidence = phase.evidence_many(schemes, today)

    def rating(scheme: Scheme, item: str) -> str:
        return next(e.rating for e in evidence[scheme.pk] if e.item == item)

    for item in (phase.USERS_ITEM, phase.PEERS_ITEM, phase.FEEDBACK_ITEM):
        assert rating(done, item) == "met"
        assert rating(small, item) == "partly met"
        assert rating(none, item) == "not met"


@pytest.mark.parametrize("page", ["", "{round}/"])
def test_the_feedback_pages_queries_do_not_grow_with_the_questionnaires(
    page: str, scheme: Scheme, coordinator: User, staff: User, client_for: ClientFor
) -> None:
    running(scheme)
    client = client_for(coordinator)
    feedback_round = start_round(scheme, coordinator, days_ago=60)
    enter(feedback_round, staff, rules.STAFF, 4, 4)
    feedback_round_close(feedback_round=feedback_round, by=coordinator, expected_version=1)
    follow_up = start_round(scheme, coordinator, kind="follow-up")
    path = f"/schemes/{scheme.pk}/monitoring/feedback/" + page.format(round=follow_up.pk)

    def count() -> int:
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    few = count()
    enter(feedback_round := follow_up, staff, rules.STAFF, *([4] * 40))
    enter(feedback_round, staff, rules.SUPPORTED, *([3] * 20))
    many = count()
    assert few == many
    # session and user, reminders count, memberships, the scheme; the rounds; the
    # summaries of the shown round and the one it is compared with
    assert many <= 8
