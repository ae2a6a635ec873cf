"""factory_boy factories for the shared records. Later features add theirs here."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from accounts.models import Membership, Prison, Role, User
from maintenance.models import ReviewAction, ReviewMeeting
from monitoring import rules as monitoring_rules
from monitoring.models import ActivityEntry, ActivityOutcome, ActivitySupporter, RiskEntry
from monitoring.services import count_in_summaries, risks_seed
from planning.models import Plan, PlanApproval, PlanTask, Resource, ResourceKind
from planning.services import plan_approve, plan_submit
from recruitment.models import (
    Application,
    ApplicationRoute,
    ApplicationStatus,
    Availability,
    ContingencyPlan,
    CoverAssignment,
    CoverNeed,
    Placement,
    PlacementStatus,
    Prisoner,
    RecruitmentRound,
    Scenario,
    SignOffParty,
    SuitabilityCheck,
    SupervisionKind,
    SupervisionSession,
    TrainingModule,
)
from recruitment.rules import made_up_prison_number
from schemes.models import (
    Action,
    ActionSource,
    ActionStatus,
    Scheme,
    SchemeStatus,
    SchemeType,
    SmartObjective,
    Stakeholder,
    StakeholderKind,
)
from schemes.services.lifecycle import scheme_transition
from tests.schemes.matrix_rows import merged_ids

PASSWORD = "correct-horse-battery-staple"

FIRST_NAMES = ["Amira", "Ben", "Chloe", "Dev", "Elin", "Femi", "Grace", "Harri", "Imran", "Jo"]
LAST_NAMES = ["Ahmed", "Baker", "Clarke", "Davies", "Evans", "Fisher", "Green", "Hughes", "Iqbal"]
# Prisoners' names are never staff names, so a test that a page names no prisoner is not
# fooled by the signed-in user's own name in the header.
PRISONER_FIRST_NAMES = ["Kai", "Liam", "Marek", "Nathan", "Owen", "Paolo", "Rhys", "Sami"]
PRISONER_LAST_NAMES = ["Kowalski", "Lomax", "Murphy", "Nowak", "Okafor", "Pryce", "Quinn"]


class PrisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prison
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"HMP Test {n}")
    code = factory.Sequence(lambda n: "T" + "".join(chr(65 + int(d)) for d in f"{n:03d}"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    # Fixed names, not Faker's: a name such as O'Neill is escaped in the page's HTML,
    # which made tests that look for a name in the page fail at random.
    first_name = factory.Sequence(lambda n: FIRST_NAMES[n % len(FIRST_NAMES)])
    last_name = factory.Sequence(lambda n: LAST_NAMES[n % len(LAST_NAMES)])
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.justice.gov.uk")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    prison = factory.SubFactory(PrisonFactory)
    role = Role.COORDINATOR


def user_with_role(role: str, prison: Prison | None, username: str | None = None) -> User:
    """A user holding ``role`` at ``prison`` (None: the national analyst)."""
    user = UserFactory(**({"username": username} if username else {}))
    MembershipFactory(user=user, prison=prison, role=role)
    return user


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme
        skip_postgeneration_save = True

    prison = factory.SubFactory(PrisonFactory)
    name = factory.Sequence(lambda n: f"Scheme {n}")
    scheme_type = SchemeType.LISTENERS
    purpose = "Confidential emotional support for prisoners in distress."
    target_group = "Any prisoner, especially new arrivals."
    partner_organisation = "Samaritans"
    target_peer_supporters = 12
    minimum_peer_supporters = 6
    status = SchemeStatus.PLANNING
    # Every scheme has its plan from the start, as scheme_create gives it one.
    plan = factory.RelatedFactory("tests.factories.PlanFactory", factory_related_name="scheme")


class PlanFactory(factory.django.DjangoModelFactory):
    """An empty plan (every task "Not started"); see ``complete_plan`` for a finished one."""

    class Meta:
        model = Plan

    scheme = factory.SubFactory(SchemeFactory)

    @classmethod
    def _create(cls, model_class: type[Plan], *args: object, **kwargs: object) -> Plan:
        """The scheme's plan (every scheme has one), with the given answers set on it."""
        scheme = kwargs.pop("scheme")
        assert isinstance(scheme, Scheme)
        plan, _ = model_class.objects.get_or_create(scheme=scheme)
        for name, value in kwargs.items():
            setattr(plan, name, value)
        if kwargs:
            plan.save()
        return plan


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    plan = factory.SubFactory(PlanFactory)
    kind = ResourceKind.STAFF_HOURS
    description = "Safer custody officer time"
    amount = Decimal("7.5")
    unit = "hours a week"
    confirmed = True


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    scheme = factory.SubFactory(SchemeFactory)
    name = factory.Sequence(lambda n: f"Stakeholder {n}")
    kind = StakeholderKind.STAFF
    interest = "Fewer incidents on the wing"
    engagement = "Monthly briefing at the wing meeting"


class SmartObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SmartObjective

    scheme = factory.SubFactory(SchemeFactory)
    indicator = "Self-harm incidents a month on A wing"
    relevance = "The scheme exists to reduce self-harm among new arrivals"
    baseline = Decimal("20")
    target = Decimal("12")
    unit = "incidents a month"
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    scheme = factory.SubFactory(SchemeFactory)
    description = factory.Sequence(lambda n: f"Action {n}: book the training room")
    owner = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    status = ActionStatus.OPEN
    source = ActionSource.OTHER

    @factory.post_generation
    def review(self, create: bool, extracted: ReviewMeeting | None, **kwargs: object) -> None:
        """``ActionFactory(review=meeting)``: an action raised at that review meeting."""
        if create and extracted is not None:
            ReviewAction.objects.create(review=extracted, action=self)


class ReviewMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewMeeting

    scheme = factory.SubFactory(SchemeFactory)
    held_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    peer_supporters_attending = 2
    peer_supporter_roles = "2 Listeners"
    communication_routes = "Wing notices and the Listener hotline are working."
    decisions = "Recruit four more Listeners before the summer."


class PrisonerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prisoner

    prison = factory.SubFactory(PrisonFactory)
    prison_number = factory.Sequence(made_up_prison_number)
    first_name = factory.Sequence(lambda n: PRISONER_FIRST_NAMES[n % len(PRISONER_FIRST_NAMES)])
    last_name = factory.Sequence(lambda n: PRISONER_LAST_NAMES[n % len(PRISONER_LAST_NAMES)])
    date_of_birth = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365 * 34))
    cell_location = "B-2-014"
    earliest_release_date = factory.LazyFunction(
        lambda: timezone.localdate() + timedelta(days=365 * 2)
    )
    incentive_level = "Enhanced"
    gender = "Male"
    ethnicity = "White: Eng./Welsh/Scot./N.Irish/British"
    religion = "No religion"


class RecruitmentRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecruitmentRound

    scheme = factory.SubFactory(SchemeFactory)
    title = factory.Sequence(lambda n: f"Spring recruitment {n}")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=14))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    places = 6
    selection_criteria = (
        "Good listener\nNo adjudications in the last 3 months\nAt least 6 months left"
    )
    advertising = "Wing notices and the induction talk"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    scheme = factory.SubFactory(SchemeFactory)
    prisoner = factory.SubFactory(PrisonerFactory, prison=factory.SelfAttribute("..scheme.prison"))
    route = ApplicationRoute.SELF
    applied_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    statement = "I was supported by a Listener when I arrived and want to give something back."


class SignOffPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignOffParty

    scheme = factory.SubFactory(SchemeFactory)
    name = factory.Sequence(lambda n: f"Security {n}")


class SuitabilityCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SuitabilityCheck

    application = factory.SubFactory(ApplicationFactory)
    party = factory.SubFactory(
        SignOffPartyFactory, scheme=factory.SelfAttribute("..application.scheme")
    )
    outcome = "cleared"
    checked_by_name = "Sam Patel, security manager"
    checked_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    scheme = factory.SubFactory(SchemeFactory)
    prisoner = factory.SubFactory(PrisonerFactory, prison=factory.SelfAttribute("..scheme.prison"))
    status = PlacementStatus.ACTIVE
    started_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=120))


class ContingencyPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContingencyPlan

    scheme = factory.SubFactory(SchemeFactory)
    scenario = Scenario.LOCKDOWN
    title = "Lockdown: Listeners cannot be unlocked"
    response = "Night staff offer the Samaritans phone; the coordinator briefs the wing."
    owner = factory.SubFactory(UserFactory)
    last_tested_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    next_review_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=150))


COMPLETE_ANSWERS = {
    "need": "Self-harm on the induction wing rose by a third last year.",
    "need_evidence": "38 self-harm incidents among new arrivals in 12 months (safer custody data).",
    "intended_outcomes": "Confidential emotional support for new arrivals, day and night.",
    "target_group_who": "New arrivals in their first two weeks, and anyone on an ACCT.",
    "target_group_size": 120,
    "target_group_needs": "Someone to talk to in confidence, especially at night.",
    "available_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    "available_hours": "24 hours, by cell bell at night",
    "locations": "All wings; the Listener suite on A wing",
    "access_routes": ["call-out", "referral"],
    "selection_route": "Applications assessed by safer custody and Samaritans",
    "training_provider": "Samaritans",
    "training_hours": 30,
    "supervision_frequency": "monthly",
    "pay": "unpaid",
    "pay_band": "",
    "impact_evidence": "Safer custody figures each month and Listener call logs.",
}


def complete_plan(scheme: Scheme, *, approval: str = PlanApproval.DRAFT) -> Plan:
    """A plan with every task answered, listed and marked complete."""
    plan = PlanFactory(scheme=scheme)
    for name, value in COMPLETE_ANSWERS.items():
        setattr(plan, name, value)
    ResourceFactory(plan=plan)
    StakeholderFactory(scheme=scheme, kind=StakeholderKind.GOVERNOR, name="Head of safety")
    SmartObjectiveFactory(scheme=scheme)
    Scheme.objects.filter(pk=scheme.pk).update(review_cadence_months=3)
    scheme.refresh_from_db()
    plan.completed_tasks = list(PlanTask.values)
    plan.approval = approval
    if approval != PlanApproval.DRAFT:
        plan.submitted_at = timezone.now()
    if approval == PlanApproval.APPROVED:
        plan.approved_version = 1
    plan.save()
    return plan


# How a scheme whose plan was approved (so recruiting) reaches each status; a scheme
# whose plan was not approved can only be closed.
MOVES_AFTER_APPROVAL: dict[str, list[str]] = {
    SchemeStatus.RECRUITING: [],
    SchemeStatus.ACTIVE: [SchemeStatus.ACTIVE],
    SchemeStatus.PAUSED: [SchemeStatus.ACTIVE, SchemeStatus.PAUSED],
    SchemeStatus.CLOSED: [SchemeStatus.ACTIVE, SchemeStatus.CLOSED],
}


def ready_to_run(scheme: Scheme, *, owner: User) -> None:
    """What recruitment's gate asks before a scheme starts running: its minimum of peer
    supporters active or on probation (made without applications, so with nothing to
    sign off) and a current emergency and contingency plan."""
    for _ in range(scheme.minimum_peer_supporters):
        PlacementFactory(scheme=scheme)
    ContingencyPlanFactory(scheme=scheme, owner=owner)


def scheme_in_state(
    scheme: Scheme, *, status: str, approval: str, coordinator: User, governor: User
) -> Plan:
    """Bring a new scheme to ``status`` with its plan at ``approval``, as people do:
    a complete plan, submitted by the coordinator and approved by the governor through
    the services, then the lifecycle's moves (a governor closes, the coordinator does
    the rest)."""
    plan = complete_plan(scheme)
    if approval in (PlanApproval.SUBMITTED, PlanApproval.APPROVED):
        plan_submit(plan=plan, by=coordinator)
    if approval == PlanApproval.APPROVED:
        plan_approve(plan=plan, by=governor, today=timezone.localdate())
        # Recruiting → active needs the people and a contingency plan (recruitment's
        # gate): a recruiting scheme has them too, so that it may start running.
        ready_to_run(scheme, owner=coordinator)
        moves = MOVES_AFTER_APPROVAL[status]
    else:
        moves = [SchemeStatus.CLOSED] if status == SchemeStatus.CLOSED else []
    for to_status in moves:
        scheme_transition(
            scheme=scheme,
            to_status=to_status,
            by=governor if to_status == SchemeStatus.CLOSED else coordinator,
            reason=f"Moved to {to_status} for the test",
        )
    scheme.refresh_from_db()
    plan.refresh_from_db()
    assert (scheme.status, plan.approval) == (status, approval)
    return plan


class TrainingModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingModule

    scheme = factory.SubFactory(SchemeFactory)
    title = factory.Sequence(lambda n: f"Communication {n}")
    kind = "core"
    hours = Decimal(6)
    delivered_by = "The scheme coordinator"


def recruitment_ids(scheme: Scheme) -> dict[str, Any]:
    """The recruitment records of ``scheme`` that the permission matrix and the tests
    that walk every page use, and their ids.

    ``placement_id``: a peer supporter on probation (so it can be reviewed or moved),
    supervised today and on tomorrow's rota. ``application_id``: an approved application
    in a round open today, cleared by the scheme's one required party (``party_id``,
    "Security"), so it can be placed or withdrawn. A spare peer supporter to put on the
    rota, a prisoner with no application to refer, and an upload of the prison's extract
    checked by the scheme's coordinator (``token``).
    """
    # A test module that imports this one: imported here, when the ids are made.
    from tests.recruitment.matrix_prisoners import prisoner_ids

    today = timezone.localdate()
    placement = PlacementFactory(
        scheme=scheme,
        status=PlacementStatus.PROBATION,
        started_on=today - timedelta(days=90),
        training_ends_on=today - timedelta(days=62),
        probation_started_on=today - timedelta(days=50),
        probation_ends_on=today + timedelta(days=6),
    )
    session = SupervisionSession.objects.create(
        scheme=scheme,
        held_on=today,
        kind=SupervisionKind.ONE_TO_ONE,
        supervisor=scheme.coordinator or UserFactory(),
        notes="Confidential: talked through a difficult call-out.",
    )
    session.peer_supporters.set([placement])
    # Cover on a wing nobody lives on, tomorrow, with the peer supporter on the rota.
    tomorrow = today + timedelta(days=1)
    need = CoverNeed.objects.create(
        scheme=scheme,
        location="Z",
        weekday=tomorrow.weekday(),
        starts=time(17),
        ends=time(8),
        needed=2,
    )
    CoverAssignment.objects.create(need=need, on=tomorrow, placement=placement)
    entry = Availability.objects.create(
        placement=placement, weekday=tomorrow.weekday(), starts=time(17), ends=time(8)
    )
    spare = PlacementFactory(scheme=scheme)
    recruitment_round = RecruitmentRoundFactory(scheme=scheme)
    application = ApplicationFactory(
        scheme=scheme,
        round=recruitment_round,
        status=ApplicationStatus.APPROVED,
        decided_on=today - timedelta(days=2),
        criteria_met=dict.fromkeys(recruitment_round.criteria, True),
    )
    party = SignOffPartyFactory(scheme=scheme, name="Security")
    SuitabilityCheckFactory(application=application, party=party, notes="Known to security.")
    PrisonerFactory(prison=scheme.prison)
    # The extract is checked by the scheme's coordinator (every matrix scheme has one).
    assert scheme.coordinator is not None
    ids = {
        "placement_id": placement.pk,
        "module_id": TrainingModuleFactory(scheme=scheme, title="Communication").pk,
        "session_id": session.pk,
        "need_id": need.pk,
        "need_on": tomorrow.isoformat(),
        "entry_id": entry.pk,
        "spare_placement_id": spare.pk,
        "round_id": recruitment_round.pk,
        "application_id": application.pk,
        "party_id": party.pk,
    }
    # Last: the checked extract (token) lists every prisoner of the prison made before
    # it; make any new record of the prison above this line.
    return merged_ids(ids, prisoner_ids(scheme.prison, scheme.coordinator or UserFactory()))


# --- monitoring ------------------------------------------------------------------------


class ActivityEntryFactory(factory.django.DjangoModelFactory):
    """An activity entry, counted in its month's summaries as the services count it
    (so that a correction's subtraction finds it there). ``outcomes``: codes (default:
    the scheme type's first); ``supporters``: roster ids."""

    class Meta:
        model = ActivityEntry
        skip_postgeneration_save = True

    scheme = factory.SubFactory(SchemeFactory)
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=5))
    location = "B wing"
    duration_minutes = 30
    people_reached = 1

    @factory.post_generation
    def outcomes(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        entry: ActivityEntry = self
        codes = (
            list(extracted)
            if extracted is not None
            else [monitoring_rules.outcome_choices(entry.scheme.scheme_type)[0][0]]
        )
        ActivityOutcome.objects.bulk_create(
            [ActivityOutcome(entry=entry, code=code) for code in codes]
        )
        count_in_summaries(entry, codes)

    @factory.post_generation
    def supporters(self, create: bool, extracted: list[int] | None, **kwargs: object) -> None:
        entry: ActivityEntry = self
        ActivitySupporter.objects.bulk_create(
            [ActivitySupporter(entry=entry, peer_supporter_id=pk) for pk in extracted or []]
        )


def seeded_risks(scheme: Scheme) -> dict[str, RiskEntry]:
    """The guidance's three named risks on the scheme's register, as a new scheme gets
    them (SchemeFactory does not call the phases' scheme_created hooks), by category."""
    risks_seed(scheme)
    return {risk.category: risk for risk in RiskEntry.objects.filter(scheme=scheme)}
