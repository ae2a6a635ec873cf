"""The demo's running Listener scheme (``manage.py load_demo``): a year old, active,
with everything the later phases record.

Twelve peer supporters placed a year ago from a first round (every sign-off given),
their training passed and practice observed, monthly group supervision (one of them
missed the last three, so supervision is overdue), night cover on B, C and D wings
with two gaps in the coming week, a year of activity entered as weekly paper sheets
(one peer supporter's load makes a debrief due), a baseline feedback round (closed)
and a follow-up (open), the seeded risk register (one risk raised to medium), two monthly
returns (one approved, last month's waiting for the governor) and an evaluation.

Everything goes through the services, except the placements' year-long histories,
which are made directly as in ``recruitment.demo``; the scheme's creation date is set
a year and a bit back so that its records may be dated in its first year.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from maintenance.services import review_action_create, review_record
from monitoring import returns_services
from monitoring.feedback import rules as feedback_rules
from monitoring.feedback.models import FeedbackRound, RoundKind
from monitoring.feedback.services import (
    feedback_response_record,
    feedback_round_close,
    feedback_round_create,
)
from monitoring.models import RiskEntry
from monitoring.rules import outcome_choices
from monitoring.services import (
    ActivityLine,
    activity_record_week,
    debrief_record,
    risk_update,
)
from recruitment.demo import _check_all
from recruitment.models import (
    Application,
    ApplicationRoute,
    ApplicationStatus,
    DecisionReason,
    Placement,
    PlacementMove,
    PlacementStatus,
    PracticeOutcome,
    Prisoner,
    RecruitmentRound,
    Scenario,
    SignOffParty,
    SupervisionKind,
    TrainingModule,
)
from recruitment.services.contingency import contingency_plan_create
from recruitment.services.cover import availability_add, need_add
from recruitment.services.supervision import supervision_record
from recruitment.services.training import practice_record, training_record
from schemes.models import Scheme, SchemeStatus
from schemes.services.lifecycle import scheme_transition

FIRST_PRISONER = 20  # the extract's prisoners 20 to 31 (the recruiting scheme uses 0 to 18)
SUPPORTERS = 12
NIGHT_WINGS = ("B", "C", "D")
EVENING = time(17)
MORNING = time(8)
LOCATIONS = ("B wing", "C wing", "D wing", "Listener suite", "Reception")


def _backdate(scheme: Scheme, started: date) -> None:
    """The scheme was set up before its first placements (its records may be dated
    from then on)."""
    created = timezone.make_aware(datetime.combine(started - timedelta(weeks=6), time(9)))
    Scheme.objects.filter(pk=scheme.pk).update(created_at=created)
    scheme.refresh_from_db()


def _placements(scheme: Scheme, coordinator: User, started: date, today: date) -> list[Placement]:
    prisoners = list(Prisoner.objects.filter(prison=scheme.prison).order_by("id"))[
        FIRST_PRISONER : FIRST_PRISONER + SUPPORTERS
    ]
    parties = list(SignOffParty.objects.filter(scheme=scheme))
    round_ = RecruitmentRound.objects.create(
        scheme=scheme,
        title="Listeners: first round",
        opens_on=started - timedelta(weeks=5),
        closes_on=started - timedelta(weeks=2),
        places=12,
        selection_criteria=(
            "A good listener who respects confidentiality\n"
            "At least 12 months left to serve, to complete the Samaritans course"
        ),
        advertising="Wing notices and the induction talk",
        created_by=coordinator,
    )
    placements = []
    for n, prisoner in enumerate(prisoners):
        if prisoner.earliest_release_date is not None and prisoner.earliest_release_date < (
            today + timedelta(weeks=26)
        ):
            prisoner.earliest_release_date = today + timedelta(weeks=40 + 4 * n)
            prisoner.save(update_fields=["earliest_release_date"])
        application = Application.objects.create(
            scheme=scheme,
            round=round_,
            prisoner=prisoner,
            route=ApplicationRoute.SELF,
            applied_on=started - timedelta(weeks=4, days=n),
            statement="I want to be there for people on their worst nights.",
            status=ApplicationStatus.PLACED,
            criteria_met=dict.fromkeys(round_.criteria, True),
            decision_reason=DecisionReason.MEETS_CRITERIA,
            decided_on=started - timedelta(days=3),
            decided_by=coordinator,
            recorded_by=coordinator,
        )
        _check_all(application, parties, started - timedelta(weeks=2), coordinator)
        placement = Placement.objects.create(
            scheme=scheme,
            prisoner=prisoner,
            application=application,
            status=PlacementStatus.ACTIVE,
            started_on=started,
            training_ends_on=started + timedelta(weeks=4),
            probation_started_on=started + timedelta(weeks=4),
            probation_ends_on=started + timedelta(weeks=12),
            created_by=coordinator,
        )
        moves = [
            (PlacementStatus.IN_TRAINING, started, "Placed from the first round"),
            (PlacementStatus.PROBATION, started + timedelta(weeks=4), "Training passed"),
            (PlacementStatus.ACTIVE, started + timedelta(weeks=12), "Probation passed"),
        ]
        PlacementMove.objects.bulk_create(
            PlacementMove(placement=placement, to_status=to, on=on, by=coordinator, reason=why)
            for to, on, why in moves
        )
        placements.append(placement)
    return placements


def _training(placements: list[Placement], coordinator: User, staff: User, today: date) -> None:
    modules = list(TrainingModule.objects.filter(scheme=placements[0].scheme))
    for placement in placements:
        for offset, module in enumerate(modules):
            training_record(
                placement=placement,
                by=coordinator,
                today=today,
                module=module,
                completed_on=placement.started_on + timedelta(days=3 + 4 * offset),
                hours=module.hours,
                trainer=module.delivered_by,
                passed=True,
            )
        for week, activity in ((5, "Role play of a night call-out"), (7, "Observed first call")):
            practice_record(
                placement=placement,
                by=staff,
                today=today,
                held_on=placement.started_on + timedelta(weeks=week),
                activity=activity,
                observer="Dee Moss, safer custody lead",
                outcome=PracticeOutcome.READY,
            )


def _supervision(
    scheme: Scheme, placements: list[Placement], coordinator: User, staff: User, today: date
) -> None:
    """Monthly group supervision with the Samaritans; the last peer supporter missed
    the last three, so their supervision is overdue."""
    missed = placements[-1]
    first = placements[0].started_on + timedelta(weeks=4)
    held = first
    sessions = []
    while held <= today - timedelta(days=10):
        sessions.append(held)
        held += timedelta(weeks=4)
    for index, held_on in enumerate(sessions):
        recent = index >= len(sessions) - 3
        supervision_record(
            scheme=scheme,
            by=coordinator,
            today=today,
            held_on=held_on,
            kind=SupervisionKind.GROUP,
            supervisor=staff,
            peer_supporters=[p for p in placements if not (recent and p == missed)],
            staff=[],
            debrief=False,
            notes="Group support meeting with the Leeds Samaritans branch.",
        )
    supervision_record(
        scheme=scheme,
        by=coordinator,
        today=today,
        held_on=today - timedelta(days=12),
        kind=SupervisionKind.ONE_TO_ONE,
        supervisor=coordinator,
        peer_supporters=[placements[1]],
        staff=[],
        debrief=True,
        notes="Debrief after a difficult night on C wing; no further action.",
    )


def _cover(scheme: Scheme, placements: list[Placement], coordinator: User) -> None:
    """Every night on B, C and D wings; D wing's only available Listener cannot do
    Wednesdays or Saturdays, so the coming week has two gaps."""
    for wing in NIGHT_WINGS:
        for weekday in range(7):
            need_add(
                scheme=scheme,
                by=coordinator,
                location=wing,
                weekday=weekday,
                starts=EVENING,
                ends=MORNING,
                needed=1,
            )
    for placement in placements:
        wing = placement.prisoner.cell_location[:1]
        if wing not in NIGHT_WINGS:
            continue
        if wing == "D":
            if placement.prisoner.cell_location != _first_on(placements, "D"):
                continue
            days = [0, 1, 3, 4, 6]
        else:
            days = list(range(7))
        for weekday in days:
            availability_add(
                placement=placement, by=coordinator, weekday=weekday, starts=EVENING, ends=MORNING
            )


def _first_on(placements: list[Placement], wing: str) -> str:
    return next(
        p.prisoner.cell_location for p in placements if p.prisoner.cell_location[:1] == wing
    )


def _activity(
    scheme: Scheme, placements: list[Placement], staff: User, started: date, now: datetime
) -> None:
    """A year of weekly paper sheets, 20 to 35 contacts a week, entered at once. The
    last three weeks name the Listeners; one of them had four night call-outs in the
    last week, so their debrief is due."""
    codes = [code for code, _ in outcome_choices(scheme.scheme_type)]
    today = timezone.localdate(now)
    zone = timezone.get_current_timezone()
    lines: list[ActivityLine] = []
    day = max(started, today - timedelta(days=364))
    n = 0
    while day < today - timedelta(days=1):
        per_day = 3 + (n % 3) + (1 if day.weekday() in (4, 5, 6) else 0)
        for k in range(per_day):
            hour = (19 + 3 * k + n) % 24
            named: tuple[int, ...] = ()
            if (today - day).days <= 21:
                # In the day: only the busy Listener's nights below raise a debrief.
                hour = 9 + 2 * k
                named = (placements[(n + k) % (SUPPORTERS - 1)].pk,)
            moment = datetime.combine(day, time(hour, (7 * n) % 60), zone)
            lines.append(
                ActivityLine(
                    occurred_at=moment,
                    location=LOCATIONS[(n + k) % len(LOCATIONS)],
                    duration_minutes=15 + 5 * ((n + k) % 9),
                    people_reached=1 if k % 4 else 2,
                    outcomes=(codes[0],) if (n + k) % 5 else (codes[0], codes[1]),
                    peer_supporter_ids=named,
                )
            )
        n += 1
        day += timedelta(days=1)
    busy = placements[2].pk
    for nights_ago in (1, 2, 4, 5):
        moment = datetime.combine(today - timedelta(days=nights_ago), time(2, 30), zone)
        lines.append(
            ActivityLine(
                occurred_at=moment,
                location="C wing",
                duration_minutes=60,
                people_reached=1,
                outcomes=(codes[0],),
                peer_supporter_ids=(busy,),
            )
        )
    activity_record_week(scheme=scheme, by=staff, lines=lines, now=now)


def _feedback(scheme: Scheme, coordinator: User, staff: User, started: date, today: date) -> None:
    """A baseline round as the scheme began (closed, eighteen questionnaires) and a
    follow-up open now (six so far): attitudes improved."""
    audiences = (feedback_rules.SUPPORTED, feedback_rules.PEER_SUPPORTERS, feedback_rules.STAFF)
    rounds = [
        ("Baseline survey", RoundKind.BASELINE, started - timedelta(weeks=2), started, 18, 3),
        (
            "Follow-up survey after a year",
            RoundKind.FOLLOW_UP,
            today - timedelta(weeks=2),
            today + timedelta(weeks=2),
            9,
            4,
        ),
    ]
    for title, kind, opens_on, closes_on, responses, typical in rounds:
        feedback_round = feedback_round_create(
            scheme=scheme,
            by=coordinator,
            title=title,
            kind=kind,
            opens_on=opens_on,
            closes_on=closes_on,
            audiences=audiences,
        )
        for n in range(responses):
            audience = audiences[n % len(audiences)]
            answers: dict[str, int | str] = {
                q.code: max(1, min(5, typical + (n + i) % 3 - 1))
                for i, q in enumerate(feedback_rules.questions_for(audience))
            }
            feedback_response_record(
                feedback_round=feedback_round, by=staff, audience=audience, answers=answers
            )
        if kind == RoundKind.BASELINE:
            feedback_round.refresh_from_db()
            feedback_round_close(
                feedback_round=feedback_round,
                by=coordinator,
                expected_version=feedback_round.version,
            )
            # Closed on its closing day, a year ago (the service closes it now).
            closed = timezone.make_aware(datetime.combine(closes_on, time(17)))
            FeedbackRound.objects.filter(pk=feedback_round.pk).update(closed_at=closed)


def _risks(scheme: Scheme, coordinator: User, today: date) -> None:
    """The guidance's seeded risks, one of them reviewed and raised to medium."""
    risk = RiskEntry.objects.filter(scheme=scheme).order_by("id").first()
    if risk is None:
        return
    risk_update(
        risk=risk,
        by=coordinator,
        expected_version=risk.version,
        today=today,
        likelihood=3,
        impact=3,
        mitigations="Wing officers briefed on the Listeners' role at every staff meeting.",
        review_on=today + timedelta(weeks=8),
    )


def raise_high_risk(scheme: Scheme, coordinator: User, today: date) -> None:
    """A high risk on a scheme's register (the recruiting scheme's: its dashboard row
    turns red, while the running scheme's supervision and cover make it amber)."""
    risk = RiskEntry.objects.filter(scheme=scheme, title__icontains="preferential").first()
    if risk is None:
        return
    risk_update(
        risk=risk,
        by=coordinator,
        expected_version=risk.version,
        today=today,
        likelihood=4,
        impact=4,
        mitigations=(
            "Most applicants were referred by the same two wing officers: advertise the "
            "round on every wing and run the preferential treatment check before deciding."
        ),
        review_on=today + timedelta(weeks=2),
    )


def _returns(scheme: Scheme, coordinator: User, governor: User, today: date) -> None:
    """The month before last approved by the governor; last month's submitted."""
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    before = (last_month - timedelta(days=1)).replace(day=1)
    for month, approve in ((before, True), (last_month, False)):
        monthly_return = returns_services.return_prepare(
            scheme=scheme, month=month, by=coordinator, expected_version=0, today=today
        )
        monthly_return.refresh_from_db()
        returns_services.return_submit(
            monthly_return=monthly_return, by=coordinator, expected_version=monthly_return.version
        )
        if approve:
            monthly_return.refresh_from_db()
            returns_services.return_approve(
                monthly_return=monthly_return, by=governor, expected_version=monthly_return.version
            )


def load(scheme: Scheme, users: dict[str, User], today: date) -> None:
    """Everything of the running Listener scheme (its plan approved: recruiting)."""
    coordinator, staff, governor = users["coordinator"], users["staff"], users["governor"]
    started = today - timedelta(weeks=54)
    _backdate(scheme, started)
    placements = _placements(scheme, coordinator, started, today)
    contingency_plan_create(
        scheme=scheme,
        by=coordinator,
        today=today,
        scenario=Scenario.LOCKDOWN,
        title="Night lockdown: Listeners cannot be unlocked",
        response=(
            "The night orderly officer offers the Samaritans phone on every landing and "
            "logs each call; Listener sessions resume with the regime."
        ),
        owner=coordinator,
        last_tested_on=today - timedelta(weeks=6),
        next_review_on=today + timedelta(weeks=20),
    )
    scheme_transition(
        scheme=scheme,
        to_status=SchemeStatus.ACTIVE,
        by=coordinator,
        reason="Twelve Listeners trained and on the rota",
    )
    _training(placements, coordinator, staff, today)
    _supervision(scheme, placements, coordinator, staff, today)
    _cover(scheme, placements, coordinator)
    now = timezone.now()
    _activity(scheme, placements, staff, started, now)
    debrief_record(
        scheme=scheme,
        by=coordinator,
        peer_supporter_id=placements[1].pk,
        held_on=today - timedelta(days=12),
        today=today,
    )
    _feedback(scheme, coordinator, staff, started, today)
    _risks(scheme, coordinator, today)
    _returns(scheme, coordinator, governor, today)
    _review(scheme, coordinator, staff, today)
    evaluation = returns_services.evaluation_create(
        scheme=scheme,
        by=coordinator,
        today=today,
        period_start=started,
        period_end=today.replace(day=1) - timedelta(days=1),
        own_questions="Do new arrivals know how to ask for a Listener at night?",
        method=(
            "The activity log and monthly returns, the baseline and follow-up feedback "
            "surveys, and interviews with six Listeners and four wing officers."
        ),
        worked_as_intended=(
            "Mostly: night call-outs are answered, but D wing has too few Listeners."
        ),
        findings="Self-harm among new arrivals fell from 3 to 2 incidents a month.",
    )
    returns_services.adjustment_create(
        evaluation=evaluation,
        by=coordinator,
        summary="Recruit two more Listeners on D wing so every night is covered",
        changes_design=False,
        owner=coordinator,
        due_date=today + timedelta(weeks=8),
        today=today,
    )


def _review(scheme: Scheme, coordinator: User, staff: User, today: date) -> None:
    """The quarterly review meeting held last month, with an action."""
    review = review_record(
        scheme=scheme,
        by=coordinator,
        today=today,
        staff_attendees=[coordinator, staff],
        stakeholder_attendees=list(scheme.stakeholders.all()),
        held_on=today - timedelta(weeks=5),
        peer_supporters_attending=3,
        peer_supporter_roles="3 Listeners",
        communication_routes="Wing officers hear of call-outs at the morning handover.",
        training_and_support="Monthly Samaritans support meetings; refresher due in spring.",
        future_recruitment="A spring round for D wing, where nights are short of cover.",
        resources_and_need="The Listener suite is enough; night call-outs are steady.",
        involvement="Listeners attend the quarterly review and the safer custody meeting.",
        decisions="Run a spring recruitment round aimed at D wing.",
    )
    review_action_create(
        review=review,
        by=coordinator,
        description="Advertise the spring round on D wing",
        owner=coordinator,
        due_date=today + timedelta(weeks=3),
    )
