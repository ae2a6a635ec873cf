"""Load a demo: two prisons, three Listener schemes and an Insiders scheme, one user per
role.

The Listeners' plan is complete and waiting for the governor's approval; the Insiders'
plan has just been started. The second Listener scheme ("Listeners, houseblocks B to
D") is recruiting: forty prisoners from the prison's extract, a round, applications at
every stage with their sign-offs, ten peer supporters (some released within weeks, so
the turnover forecast dips), a contingency plan and a high risk on its register; it may
start running. The third Listener scheme ("Listeners, night service") has run for a year
and holds a record of everything the later phases keep (_demo_running.py beside it).

Safe to run again: users and prisons are updated, schemes that already exist are left
as the demo's users changed them. Refuses to run unless DEBUG is on, so demo accounts
with a shared password can never reach a production database.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Prison, Role, User
from monitoring.tasks import refresh_scheme_snapshots
from planning.models import AccessRoute, Day, Pay, PlanTask, ResourceKind, SupervisionFrequency
from planning.selectors import get_plan
from planning.services import (
    objective_save,
    plan_approve,
    plan_save_task,
    plan_submit,
    resource_save,
    stakeholder_save,
)
from recruitment import demo as recruitment_demo
from schemes.models import Scheme, SchemeType, StakeholderKind
from schemes.services.scheme import scheme_create

from . import _demo_running as demo_running

RECRUITING_LISTENERS = "Listeners, houseblocks B to D"
RUNNING_LISTENERS = "Listeners, night service"

# name, code, region, prisoners held (the national dashboard's groupings and rates)
PRISONS = [
    ("HMP Leeds", "LEI", "yorkshire", 1100),
    ("HMP Bristol", "BLI", "south-west", 580),
]

# username, first name, last name, (prison code or None, role) or None for admin
USERS: list[tuple[str, str, str, tuple[str | None, str] | None]] = [
    ("coordinator", "Cara", "Okafor", ("LEI", Role.COORDINATOR)),
    ("staff", "Sam", "Patel", ("LEI", Role.STAFF)),
    ("governor", "Gwen", "Hughes", ("LEI", Role.GOVERNOR)),
    ("analyst", "Ali", "Rahman", (None, Role.NATIONAL_ANALYST)),
    ("outsider", "Owen", "Price", ("BLI", Role.COORDINATOR)),
    ("admin", "Ada", "Morgan", None),
]


class Command(BaseCommand):
    help = "Load the demo prisons, users and schemes (DEBUG only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "The demo has users with a shared password: it loads only when DEBUG is on."
            )
        with transaction.atomic():
            self._load()
        # What the worker's refresh would do within minutes: the dashboards' snapshots.
        refresh_scheme_snapshots()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo loaded. Users: coordinator, staff, governor, analyst, outsider, admin; "
                "password from DEMO_PASSWORD."
            )
        )

    def _load(self) -> None:
        prisons = {
            code: Prison.objects.update_or_create(
                code=code, defaults={"name": name, "region": region, "population": population}
            )[0]
            for name, code, region, population in PRISONS
        }
        users: dict[str, User] = {}
        for username, first, last, membership in USERS:
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.justice.gov.uk",
                    "is_staff": membership is None,
                    "is_superuser": membership is None,
                },
            )
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
            users[username] = user
            if membership is not None:
                code, role = membership
                Membership.objects.update_or_create(
                    user=user,
                    prison=prisons[code] if code else None,
                    defaults={"role": role},
                )
        leeds = prisons["LEI"]
        coordinator = users["coordinator"]
        if not Scheme.objects.filter(prison=leeds, name="Listeners").exists():
            listeners = scheme_create(
                prison=leeds,
                by=coordinator,
                name="Listeners",
                scheme_type=SchemeType.LISTENERS,
                purpose=(
                    "Confidential emotional support, day and night, for prisoners in "
                    "distress, to reduce suicide and self-harm."
                ),
                target_group=(
                    "Any prisoner at HMP Leeds, especially new arrivals and those on an ACCT."
                ),
                partner_organisation="Samaritans",
                coordinator=coordinator,
                target_peer_supporters=16,
                minimum_peer_supporters=8,
            )
            self._listeners_plan(listeners, coordinator)
        if not Scheme.objects.filter(prison=leeds, name=RECRUITING_LISTENERS).exists():
            recruiting = scheme_create(
                prison=leeds,
                by=coordinator,
                name=RECRUITING_LISTENERS,
                scheme_type=SchemeType.LISTENERS,
                purpose=(
                    "Confidential emotional support, day and night, for prisoners on the "
                    "houseblocks, to reduce suicide and self-harm."
                ),
                target_group="Any prisoner on houseblocks B, C and D.",
                partner_organisation="Samaritans",
                coordinator=coordinator,
                target_peer_supporters=12,
                minimum_peer_supporters=8,
            )
            self._listeners_plan(recruiting, coordinator)
            today = timezone.localdate()
            plan_approve(plan=get_plan(recruiting), by=users["governor"], today=today)
            recruitment_demo.load(recruiting, coordinator, today)
            demo_running.raise_high_risk(recruiting, coordinator, today)
        if not Scheme.objects.filter(prison=leeds, name=RUNNING_LISTENERS).exists():
            running = scheme_create(
                prison=leeds,
                by=coordinator,
                name=RUNNING_LISTENERS,
                scheme_type=SchemeType.LISTENERS,
                purpose=(
                    "Confidential emotional support through the night for prisoners on "
                    "B, C and D wings, to reduce suicide and self-harm."
                ),
                target_group="Any prisoner on B, C and D wings at night.",
                partner_organisation="Samaritans",
                coordinator=coordinator,
                target_peer_supporters=12,
                minimum_peer_supporters=8,
            )
            self._listeners_plan(running, coordinator)
            today = timezone.localdate()
            plan_approve(plan=get_plan(running), by=users["governor"], today=today)
            demo_running.load(running, users, today)
        if not Scheme.objects.filter(prison=leeds, name="Insiders").exists():
            insiders = scheme_create(
                prison=leeds,
                by=coordinator,
                name="Insiders",
                scheme_type=SchemeType.INSIDERS,
                purpose=(
                    "Help new arrivals through their first days: induction, regime, who to ask."
                ),
                target_group="Prisoners in their first two weeks at HMP Leeds.",
                coordinator=coordinator,
                target_peer_supporters=8,
                minimum_peer_supporters=4,
            )
            self._answer(
                insiders,
                coordinator,
                PlanTask.NEED,
                need="New arrivals do not know the regime and miss health and legal appointments.",
                need_evidence="About 90 new arrivals a month; 1 in 5 missed a first appointment.",
                intended_outcomes="Every new arrival meets an Insider within 24 hours.",
            )

    def _answer(
        self,
        scheme: Scheme,
        by: User,
        task: str,
        *,
        review_cadence_months: int | None = None,
        **answers: Any,
    ) -> None:
        """Answer a planning task and mark it complete, as the coordinator would."""
        plan = get_plan(scheme)
        missing = plan_save_task(
            plan=plan,
            by=by,
            task=task,
            expected_version=plan.version,
            answers=answers,
            mark_complete=True,
            review_cadence_months=review_cadence_months,
        )
        if missing:
            raise CommandError(f"The demo's answers to {task} are incomplete: {missing}")

    def _listeners_plan(self, scheme: Scheme, coordinator: User) -> None:
        """A finished plan waiting for the governor, so the demo shows the launch gate."""
        plan = get_plan(scheme)
        self._answer(
            scheme,
            coordinator,
            PlanTask.NEED,
            need="Self-harm on the induction wing rose by a third last year.",
            need_evidence="38 self-harm incidents among new arrivals in 12 months.",
            intended_outcomes="Confidential emotional support for anyone in distress, any time.",
        )
        self._answer(
            scheme,
            coordinator,
            PlanTask.TARGET_GROUP,
            target_group_who="New arrivals in their first two weeks, and anyone on an ACCT.",
            target_group_size=120,
            target_group_needs="Someone to talk to in confidence, especially at night.",
        )
        resource_save(
            plan=plan,
            by=coordinator,
            resource=None,
            kind=ResourceKind.STAFF_HOURS,
            description="Safer custody officer",
            amount=Decimal("7.5"),
            unit="hours a week",
            confirmed=True,
        )
        resource_save(
            plan=plan,
            by=coordinator,
            resource=None,
            kind=ResourceKind.ROOM,
            description="Listener suite on A wing",
            amount=Decimal(1),
            unit="room",
            confirmed=True,
        )
        self._answer(scheme, coordinator, PlanTask.RESOURCES)
        self._answer(
            scheme,
            coordinator,
            PlanTask.AVAILABILITY,
            available_days=[day.value for day in Day],
            available_hours="24 hours a day; by cell bell at night",
            locations="All wings; the Listener suite on A wing",
            access_routes=[AccessRoute.CALL_OUT, AccessRoute.REFERRAL],
        )
        self._answer(
            scheme,
            coordinator,
            PlanTask.PEER_SUPPORTERS,
            selection_route="Applications assessed by safer custody and Samaritans",
            training_provider="Samaritans",
            training_hours=30,
            supervision_frequency=SupervisionFrequency.MONTHLY,
            pay=Pay.UNPAID,
            pay_band="",
        )
        stakeholder_save(
            plan=plan,
            by=coordinator,
            stakeholder=None,
            name="Gwen Hughes, Head of Safety",
            kind=StakeholderKind.GOVERNOR,
            interest="Fewer self-harm incidents and a safer induction wing",
            engagement="Approves the plan; attends the quarterly review",
        )
        stakeholder_save(
            plan=plan,
            by=coordinator,
            stakeholder=None,
            name="Leeds Samaritans branch",
            kind=StakeholderKind.PARTNER,
            interest="Trains and supports the Listeners",
            engagement="Monthly support meeting with the Listeners",
        )
        self._answer(scheme, coordinator, PlanTask.STAKEHOLDERS)
        objective_save(
            plan=plan,
            by=coordinator,
            objective=None,
            today=timezone.localdate(),
            indicator="Self-harm incidents a month among new arrivals",
            relevance="The scheme exists because self-harm on the induction wing rose",
            baseline=Decimal(3),
            target=Decimal(2),
            unit="incidents a month",
            deadline=timezone.localdate() + timedelta(days=365),
        )
        self._answer(
            scheme,
            coordinator,
            PlanTask.IMPACT,
            review_cadence_months=3,
            impact_evidence="Safer custody figures each month and Listener call logs.",
        )
        plan_submit(plan=get_plan(scheme), by=coordinator)
