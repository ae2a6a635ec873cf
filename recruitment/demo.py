"""Recruitment's part of the demo (``manage.py load_demo``): a Listener scheme's
prisoners, a recruitment round, applications at each stage with their sign-offs,
placements (some due for release soon, so the turnover forecast dips) and an emergency
and contingency plan.

The prisoners, the round, the applications, their sign-offs and the placements are
made here directly: they need histories weeks long (placed two months ago, on
probation since), and the services record what happens today. The contingency plan
goes through its service.
"""

from __future__ import annotations

from datetime import date, timedelta

from accounts.models import User
from schemes.models import Scheme

from .models import (
    Application,
    ApplicationRoute,
    ApplicationStatus,
    CheckOutcome,
    DecisionReason,
    Placement,
    PlacementMove,
    PlacementStatus,
    Prisoner,
    RecruitmentRound,
    Scenario,
    SignOffParty,
    SuitabilityCheck,
)
from .rules import PRISON_NUMBER_LETTERS
from .services.contingency import contingency_plan_create

FIRST = ["Aaron", "Bilal", "Callum", "Darren", "Emeka", "Frankie", "Gareth", "Hassan", "Ian",
         "Jamal", "Kyle", "Liam", "Marek", "Nathan"]  # fmt: skip
LAST = ["Ashworth", "Bell", "Carter", "Dunn", "Ellis", "Foster", "Gill", "Hart", "Ingram",
        "Jennings", "Kaur", "Lowe", "Mensah"]  # fmt: skip
PRISONERS = 40
CHECKERS = {
    "Security": "Sam Patel, security manager",
    "Safer custody": "Dee Moss, safer custody lead",
    "Samaritans": "Leeds Samaritans branch",
}


def _number(n: int) -> str:
    """A prison number in the national format (A1234BC)."""
    letters = PRISON_NUMBER_LETTERS
    return f"{letters[n % 24]}{4100 + n:04d}{letters[(n * 7) % 24]}{letters[(n * 5) % 24]}"


def _prisoners(scheme: Scheme, today: date) -> list[Prisoner]:
    """Forty prisoners from the prison's extract: releases spread over three years,
    a few with indeterminate sentences."""
    made = []
    for n in range(PRISONERS):
        indeterminate = n % 13 == 5
        made.append(
            Prisoner(
                prison=scheme.prison,
                prison_number=_number(n),
                first_name=FIRST[n % len(FIRST)],
                last_name=LAST[(n * 3) % len(LAST)],
                date_of_birth=date(1975 + n % 30, 1 + n % 12, 1 + n % 27),
                cell_location=f"{'ABCD'[n % 4]}-{1 + n % 3}-{n + 1:03d}",
                earliest_release_date=None
                if indeterminate
                else today + timedelta(days=70 + 27 * n),
                indeterminate_sentence=indeterminate,
                incentive_level=["Enhanced", "Standard", "Basic"][n % 3 if n % 3 < 2 else 0],
                gender="Male",
                ethnicity=[
                    "White: Eng./Welsh/Scot./N.Irish/British",
                    "Black/Black British: Caribbean",
                    "Asian/Asian British: Pakistani",
                    "Mixed: White and Black Caribbean",
                ][n % 4],
                religion=["No religion", "Christian", "Muslim"][n % 3],
            )
        )
    return Prisoner.objects.bulk_create(made)


def _outcome(application: Application, party: SignOffParty, refused: bool) -> tuple[str, str]:
    """A party's outcome and conditions: security sets a condition now and then."""
    if refused:
        return CheckOutcome.NOT_CLEARED, ""
    if party.name == "Security" and application.pk % 4 == 0:
        return CheckOutcome.CONDITIONS, "Not to work on the segregation unit"
    return CheckOutcome.CLEARED, ""


def _check_all(
    application: Application,
    parties: list[SignOffParty],
    on: date,
    by: User,
    *,
    refused_by: SignOffParty | None = None,
) -> None:
    checks = []
    for party in parties:
        outcome, conditions = _outcome(application, party, party == refused_by)
        checks.append(
            SuitabilityCheck(
                application=application,
                party=party,
                outcome=outcome,
                conditions=conditions,
                checked_by_name=CHECKERS.get(party.name, party.name),
                checked_on=on,
                recorded_by=by,
            )
        )
    SuitabilityCheck.objects.bulk_create(checks)


def load(scheme: Scheme, coordinator: User, today: date) -> None:
    """The recruitment records of a recruiting Listener scheme (minimum 8)."""
    prisoners = _prisoners(scheme, today)
    parties = list(SignOffParty.objects.filter(scheme=scheme))
    round_ = RecruitmentRound.objects.create(
        scheme=scheme,
        title="Listeners: spring round",
        opens_on=today - timedelta(weeks=10),
        closes_on=today + timedelta(weeks=2),
        places=12,
        selection_criteria=(
            "A good listener who respects confidentiality\n"
            "No proven adjudications for violence in the last 6 months\n"
            "At least 6 months left to serve, to complete the Samaritans course\n"
            "Willing to be woken at night to support someone"
        ),
        advertising="Wing notices, the induction talk and the prison radio",
        created_by=coordinator,
    )
    started = today - timedelta(weeks=9)
    # Ten placements: six active (two released within 8 weeks), two on probation, two
    # in training who finish in five weeks. Everyone was signed off by every party.
    releases = {0: today + timedelta(weeks=2, days=3), 3: today + timedelta(weeks=4, days=1),
                5: today + timedelta(weeks=7)}  # fmt: skip
    plan = (
        [PlacementStatus.ACTIVE] * 6
        + [PlacementStatus.PROBATION] * 2
        + [PlacementStatus.IN_TRAINING] * 2
    )
    for n, status in enumerate(plan):
        prisoner = prisoners[n]
        if n in releases:
            prisoner.earliest_release_date = releases[n]
            prisoner.save(update_fields=["earliest_release_date"])
        application = Application.objects.create(
            scheme=scheme,
            round=round_,
            prisoner=prisoner,
            route=ApplicationRoute.SELF if n % 3 else ApplicationRoute.REFERRAL,
            applied_on=started - timedelta(days=n),
            statement="I want to give back the support I had when I arrived.",
            status=ApplicationStatus.PLACED,
            criteria_met=dict.fromkeys(round_.criteria, True),
            decision_reason=DecisionReason.MEETS_CRITERIA,
            decided_on=started,
            decided_by=coordinator,
            recorded_by=coordinator,
        )
        _check_all(application, parties, started - timedelta(days=3), coordinator)
        training = status == PlacementStatus.IN_TRAINING
        placement = Placement.objects.create(
            scheme=scheme,
            prisoner=prisoner,
            application=application,
            status=status,
            started_on=today - timedelta(weeks=1) if training else started,
            training_ends_on=today + timedelta(weeks=5)
            if training
            else started + timedelta(weeks=4),
            probation_started_on=None if training else started + timedelta(weeks=4),
            probation_ends_on=None
            if training
            else started + timedelta(weeks=4 + (8 if status == PlacementStatus.PROBATION else 4)),
            created_by=coordinator,
        )
        PlacementMove.objects.create(
            placement=placement,
            to_status=PlacementStatus.IN_TRAINING,
            on=placement.started_on,
            by=coordinator,
            reason="Placed from the spring round",
        )
    # Applications at every stage: the waitlist, assessments under way, a refusal.
    stages = [
        (ApplicationStatus.APPROVED, len(parties)),
        (ApplicationStatus.APPROVED, len(parties)),
        (ApplicationStatus.ASSESSED, 2),
        (ApplicationStatus.SHORTLISTED, 0),
        (ApplicationStatus.APPLIED, 0),
        (ApplicationStatus.APPLIED, 0),
        (ApplicationStatus.DECLINED, len(parties)),
    ]
    for offset, (stage, checks) in enumerate(stages):
        decided = stage in (ApplicationStatus.APPROVED, ApplicationStatus.DECLINED)
        application = Application.objects.create(
            scheme=scheme,
            round=round_,
            prisoner=prisoners[12 + offset],
            route=ApplicationRoute.SELF,
            applied_on=today - timedelta(days=20 - offset),
            statement="A Listener helped me on my first night; I would like to do the same.",
            status=stage,
            decision_reason=DecisionReason.MEETS_CRITERIA
            if stage == ApplicationStatus.APPROVED
            else (DecisionReason.NOT_CLEARED if decided else ""),
            decided_on=today - timedelta(days=5) if decided else None,
            decided_by=coordinator if decided else None,
            recorded_by=coordinator,
        )
        if checks:
            _check_all(
                application,
                parties[:checks],
                today - timedelta(days=7),
                coordinator,
                refused_by=parties[0] if stage == ApplicationStatus.DECLINED else None,
            )
    contingency_plan_create(
        scheme=scheme,
        by=coordinator,
        today=today,
        scenario=Scenario.LOCKDOWN,
        title="Night lockdown: Listeners cannot be unlocked",
        response=(
            "The night orderly officer offers the Samaritans phone on every landing and "
            "logs each call. The coordinator briefs the wing managers the next morning and "
            "arranges Listener sessions once the regime resumes."
        ),
        owner=coordinator,
        last_tested_on=today - timedelta(weeks=3),
        next_review_on=today + timedelta(weeks=23),
    )
