"""Keeps `make bench` working: the generator, the pages it measures, and the run itself.

The benchmark's figures come from `make bench` at national scale; here everything runs
at the small scale, in the test database, in a few seconds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from accounts.models import Membership, Prison, Role, User
from benchmarks import activity
from benchmarks.generate import (
    BIG_SCHEME,
    MOST_ACTIONS,
    MOST_REVIEWS,
    OBJECTIVES_PER_SCHEME,
    RESOURCES_PER_PLAN,
    STAKEHOLDERS_PER_SCHEME,
    Dataset,
    Scale,
    build_dataset,
)
from benchmarks.measure import (
    BASELINE,
    MEASUREMENTS,
    benchmark_settings,
    query_counts_at,
    run_benchmark,
)
from benchmarks.run import parse_args, selected_measurements
from maintenance.models import ReviewMeeting
from monitoring.models import (
    ActivityEntry,
    ActivityHourMonth,
    ActivityMonth,
    ActivityMonthOutcome,
    ActivityWingMonth,
)
from planning import rules
from planning.models import (
    Plan,
    PlanApproval,
    PlanDecision,
    PlanDecisionKind,
    PlanSubmission,
    PlanTask,
)
from planning.selectors import plan_counts
from schemes.models import Action, ActionStatus, Scheme, SchemeStatus, SchemeTransition

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.django_db,
    # The benchmark's own machinery, checked once (SQLite): `make bench` is what measures.
    pytest.mark.once,
    # WhiteNoise looks for collected static files, which only a deployment has.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


@pytest.fixture(autouse=True)
def _benchmark_settings(settings: Any) -> None:
    for name, value in benchmark_settings().items():
        setattr(settings, name, value)


def test_small_data_set_has_the_records_its_scale_asks_for() -> None:
    scale = Scale.small()

    dataset = build_dataset(scale)

    assert Prison.objects.count() == scale.prisons
    assert Scheme.objects.count() == scale.schemes
    assert User.objects.count() == scale.staff_users + scale.national_analysts
    assert Membership.objects.filter(role=Role.NATIONAL_ANALYST, prison=None).count() == (
        scale.national_analysts
    )
    assert Membership.objects.count() == len(dataset.memberships)
    for prison in Prison.objects.all():
        roles = set(prison.memberships.values_list("role", flat=True))
        assert {Role.COORDINATOR, Role.GOVERNOR, Role.STAFF} <= roles, prison
    for scheme in Scheme.objects.exclude(coordinator=None):
        assert scheme.coordinator is not None
        assert scheme.coordinator.memberships.filter(
            prison=scheme.prison_id, role=Role.COORDINATOR
        ).exists()
    assert not any(user.has_usable_password() for user in User.objects.all())


LAUNCHED = {SchemeStatus.RECRUITING, SchemeStatus.ACTIVE, SchemeStatus.PAUSED}


def test_every_scheme_has_a_plan_at_a_stage_its_status_allows() -> None:
    build_dataset(Scale.small().times(2))
    today = timezone.localdate()

    assert Plan.objects.count() == Scheme.objects.count()
    stages = set()
    for scheme in Scheme.objects.select_related("plan"):
        plan = scheme.plan
        stages.add((scheme.status, plan.approval))
        approved = plan.approval == PlanApproval.APPROVED
        if scheme.status in LAUNCHED:
            assert approved, scheme
        if scheme.status == SchemeStatus.PLANNING:
            assert not approved, scheme
        # Launched (recruiting or later) exactly when a governor approved the plan.
        assert (scheme.launched_on is not None) == approved, scheme
        assert scheme.launched_on is None or scheme.launched_on < today
        if approved or plan.approval in (PlanApproval.SUBMITTED, PlanApproval.RETURNED):
            assert set(plan.completed_tasks) == set(PlanTask.values), scheme
            assert plan.submitted_at is not None
            assert plan.submitted_by is not None
            assert plan.submitted_at > scheme.created_at
        else:
            assert plan.submitted_at is None
    # Plans at the stages the measured pages need, whatever the random draws.
    assert {
        (SchemeStatus.ACTIVE, PlanApproval.APPROVED),
        (SchemeStatus.PLANNING, PlanApproval.DRAFT),
        (SchemeStatus.PLANNING, PlanApproval.SUBMITTED),
    } <= stages


def test_every_task_marked_complete_is_complete_by_the_planning_rules() -> None:
    dataset = build_dataset(Scale.small().times(2))
    today = timezone.localdate()
    featured = {dataset.featured.big.pk, dataset.featured.draft.pk, dataset.featured.submitted.pk}

    for plan in Plan.objects.select_related("scheme"):
        counts = plan_counts(plan, today)
        for task in plan.completed_tasks:
            missing = rules.missing_parts(
                plan, task, counts, review_cadence_months=plan.scheme.review_cadence_months
            )
            assert missing == [], (plan, task)
        # Every objective passes the SMART check: its deadline is in the future.
        assert counts.objectives_not_smart == 0, plan
        if plan.scheme_id in featured:
            continue
        for task, count, (least, most) in [
            (PlanTask.RESOURCES, counts.resources, RESOURCES_PER_PLAN),
            (PlanTask.STAKEHOLDERS, counts.stakeholders, STAKEHOLDERS_PER_SCHEME),
            (PlanTask.IMPACT, counts.objectives, OBJECTIVES_PER_SCHEME),
        ]:
            if plan.is_complete(task):
                assert least <= count <= most, (plan, task)


def test_lifecycle_moves_and_decisions_agree_with_each_scheme_s_status() -> None:
    build_dataset(Scale.small().times(2))

    for scheme in Scheme.objects.select_related("plan"):
        moves = list(SchemeTransition.objects.filter(scheme=scheme).order_by("at", "id"))
        statuses = [SchemeStatus.PLANNING.value]
        for move in moves:
            assert move.from_status == statuses[-1], scheme
            statuses.append(move.to_status)
        assert statuses[-1] == scheme.status, scheme
        assert all(move.at >= scheme.created_at for move in moves), scheme
        decisions = list(PlanDecision.objects.filter(plan=scheme.plan).order_by("decided_at"))
        if scheme.plan.approval == PlanApproval.APPROVED:
            assert moves[0].to_status == SchemeStatus.RECRUITING
            assert timezone.localdate(moves[0].at) == scheme.launched_on
            assert decisions[-1].decision == PlanDecisionKind.APPROVED
            assert scheme.plan.submitted_at is not None
            assert decisions[-1].decided_at >= scheme.plan.submitted_at
        elif scheme.plan.approval == PlanApproval.RETURNED:
            assert [d.decision for d in decisions] == [PlanDecisionKind.RETURNED]
        else:
            assert decisions == []


def test_every_submitted_plan_keeps_its_submission_and_an_approved_one_is_version_1() -> None:
    build_dataset(Scale.small())
    for plan in Plan.objects.exclude(submitted_at=None):
        submission = PlanSubmission.objects.get(plan=plan)
        assert submission.answers["answers"]["need"] == plan.need
        for decision in plan.decisions.all():
            assert decision.submission == submission
    for plan in Plan.objects.filter(approval=PlanApproval.APPROVED):
        assert plan.approved_version == 1
        assert plan.decisions.get(version_number=1).decision == PlanDecisionKind.APPROVED


def test_reviews_and_actions_are_what_a_running_scheme_would_have() -> None:
    dataset = build_dataset(Scale.small().times(2))
    today = timezone.localdate()
    big = dataset.featured.big.pk

    held = dict(Scheme.objects.annotate(n=Count("reviews")).values_list("pk", "n"))
    for scheme in Scheme.objects.all():
        if scheme.launched_on is None:
            assert held[scheme.pk] == 0, scheme
        elif scheme.pk != big:
            assert held[scheme.pk] <= MOST_REVIEWS
    for review in ReviewMeeting.objects.select_related("scheme"):
        assert review.scheme.launched_on is not None
        assert review.scheme.launched_on < review.held_on <= today
    members = set(Membership.objects.values_list("user_id", "prison_id"))
    actions = list(Action.objects.select_related("scheme", "review_link__review"))
    for action in actions:
        assert (action.owner_id, action.scheme.prison_id) in members, action
        if action.status == ActionStatus.DONE:
            assert action.completed_on is not None
            assert action.completed_on <= today
        link = getattr(action, "review_link", None)
        if link is not None:
            assert link.review.scheme_id == action.scheme_id
    per_scheme = Action.objects.values("scheme").annotate(n=Count("id")).exclude(scheme=big)
    assert max(row["n"] for row in per_scheme) <= MOST_ACTIONS
    overdue = [a for a in actions if a.is_overdue(today)]
    done = [a for a in actions if a.status == ActionStatus.DONE]
    assert overdue
    assert done


def test_the_featured_schemes_are_the_same_at_every_scale() -> None:
    def describe(dataset: Dataset) -> list[tuple[str, str, int, int, int, int, int]]:
        featured = dataset.featured
        described = []
        for scheme in (featured.big, featured.draft, featured.submitted):
            plan = Plan.objects.select_related("scheme").get(scheme=scheme)
            assert set(plan.completed_tasks) == set(PlanTask.values)
            assert plan.scheme.coordinator_id == featured.coordinator.pk
            described.append(
                (
                    plan.scheme.status,
                    plan.approval,
                    plan.resources.count(),
                    scheme.stakeholders.count(),
                    scheme.objectives.count(),
                    # The big scheme's maintenance records (the others' vary).
                    scheme.actions.count() if scheme == featured.big else 0,
                    scheme.reviews.count(),
                )
            )
        return described

    with transaction.atomic():
        small = describe(build_dataset(Scale.small()))
        transaction.set_rollback(True)
    dataset = build_dataset(Scale.small().times(2))

    assert describe(dataset) == small
    big = (BIG_SCHEME.resources, BIG_SCHEME.stakeholders, BIG_SCHEME.objectives)
    assert small[0] == (
        SchemeStatus.ACTIVE,
        PlanApproval.APPROVED,
        *big,
        BIG_SCHEME.actions,
        BIG_SCHEME.reviews,
    )
    assert small[1] == (SchemeStatus.PLANNING, PlanApproval.DRAFT, *big, 0, 0)
    assert small[2] == (SchemeStatus.PLANNING, PlanApproval.SUBMITTED, *big, 0, 0)
    featured = dataset.featured
    # The coordinator owns some of the big scheme's actions (the "only mine" filter),
    # and the governor has a plan to decide on (plans awaiting approval).
    assert Action.objects.filter(scheme=featured.big, owner=featured.coordinator).exists()
    assert featured.governor.memberships.filter(
        prison=featured.big.prison_id, role=Role.GOVERNOR
    ).exists()
    assert rules.submission_problems(Plan.objects.get(scheme=featured.draft)) == []


def test_national_scale_is_the_one_the_issue_asks_for() -> None:
    scale = Scale.national()

    assert (scale.prisons, scale.schemes, scale.staff_users) == (125, 800, 2000)


def test_the_same_scale_always_makes_the_same_records() -> None:
    def build_and_describe() -> list[tuple[Any, ...]]:
        with transaction.atomic():
            build_dataset(Scale.small().times(2))
            described = list(
                Scheme.objects.annotate(
                    stakeholders_n=Count("stakeholders", distinct=True),
                    actions_n=Count("actions", distinct=True),
                    reviews_n=Count("reviews", distinct=True),
                    moves_n=Count("transitions", distinct=True),
                )
                .order_by("prison__code", "name")
                .values_list(
                    "prison__code",
                    "name",
                    "scheme_type",
                    "status",
                    "launched_on",
                    "review_cadence_months",
                    "plan__approval",
                    "plan__completed_tasks",
                    "stakeholders_n",
                    "actions_n",
                    "reviews_n",
                    "moves_n",
                )
            )
            transaction.set_rollback(True)
        return described

    assert build_and_describe() == build_and_describe()


def test_the_benchmark_measures_the_pages_the_issues_ask_for() -> None:
    names = {page.name for page in MEASUREMENTS}

    assert {
        "Scheme page, complete plan, coordinator",
        "Planning checklist, coordinator",
        "Check your answers, coordinator",
        "Plan to print, coordinator",
        "Maintenance, coordinator",
        "History, coordinator",
        "Actions, coordinator",
        "Plans awaiting approval, governor",
        "Task answers, stakeholders, governor",
        "Plan version 1 to print, coordinator",
        "Amend the plan, coordinator",
        "Recruitment, coordinator",
        "Turnover forecast, coordinator",
        "Contingency plans, coordinator",
    } <= names
    assert len(names) == len(MEASUREMENTS)


def test_only_picks_the_pages_whose_name_contains_it_in_any_case() -> None:
    assert parse_args(["--only", "rota"]).only == "rota"
    assert parse_args([]).only is None
    assert selected_measurements(None) is None
    chosen = selected_measurements("SUPERVISION, coord")
    assert chosen is not None
    assert [page.name for page in chosen] == ["Supervision, coordinator"]
    assert selected_measurements("no such page") == []


def test_every_page_answers_and_no_query_count_changes_with_the_data() -> None:
    pages = [BASELINE, *MEASUREMENTS]

    # Each raises PageError unless every page answers 200.
    small = query_counts_at(Scale.small(), pages)
    double = query_counts_at(Scale.small().times(2), pages)

    assert set(small) == {page.name for page in pages}
    assert small == double


def test_the_benchmark_reports_every_page() -> None:
    report = run_benchmark(Scale.small(), repeat=2)

    assert [page.name for page in report.pages] == [BASELINE.name] + [
        page.name for page in MEASUREMENTS
    ]
    assert not any(page.queries_change for page in report.pages)
    table = report.render()
    for page in report.pages:
        assert page.name in table


def test_make_bench_runs_end_to_end_in_its_own_database() -> None:
    # What `make bench` runs, at the small scale. Timings this short are noise, so a
    # missed speed target (exit status 1) is not a failure here; a crash is.
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--scale", "small", "--repeat", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode in (0, 1), result.stderr
    assert "Targets:" in result.stdout, result.stderr
    assert "Streaming the activity log as CSV: 6,000 rows" in result.stdout
    assert "query count changes" not in result.stdout
    for page in [BASELINE, *MEASUREMENTS]:
        assert page.name in result.stdout


def test_every_scheme_that_has_run_has_a_year_of_consistent_activity_summaries() -> None:
    dataset = build_dataset(Scale.small())
    ran = {s.pk for s in dataset.schemes if s.status in activity.RAN}
    months = {(m.scheme_id, m.month): m.entries for m in ActivityMonth.objects.all()}
    assert {scheme_id for scheme_id, _ in months} <= ran
    assert dataset.featured.big.pk in {scheme_id for scheme_id, _ in months}
    for model, field in (
        (ActivityWingMonth, "entries"),
        (ActivityHourMonth, "entries"),
        (ActivityMonthOutcome, "count"),
    ):
        totals = {
            (scheme_id, month): n
            for scheme_id, month, n in model.objects.order_by()
            .values("scheme_id", "month")
            .annotate(n=Sum(field))
            .values_list("scheme_id", "month", "n")
        }
        assert totals == months, model.__name__


def test_streaming_the_activity_log_holds_memory_flat_at_the_small_scale() -> None:
    dataset = build_dataset(Scale.small())
    result = activity.measure_export(dataset, 6_000, 3_000)

    assert result.rows == 6_000
    assert "Streaming the activity log as CSV: 6,000 rows" in result.render()
    assert ActivityEntry.objects.count() == 0  # rolled back
