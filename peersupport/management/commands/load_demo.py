"""Load a demo: two prisons, a Listener and an Insiders scheme, one user per role.

Safe to run again (it updates what is there). Refuses to run unless DEBUG is on, so
demo accounts with a shared password can never reach a production database.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Membership, Prison, Role, User
from schemes.models import Scheme, SchemeStatus, SchemeType

PRISONS = [("HMP Leeds", "LEI"), ("HMP Bristol", "BLI")]

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
        self.stdout.write(
            self.style.SUCCESS(
                "Demo loaded. Users: coordinator, staff, governor, analyst, outsider, admin; "
                "password from DEMO_PASSWORD."
            )
        )

    def _load(self) -> None:
        prisons = {
            code: Prison.objects.update_or_create(code=code, defaults={"name": name})[0]
            for name, code in PRISONS
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
        Scheme.objects.update_or_create(
            prison=leeds,
            name="Listeners",
            defaults={
                "scheme_type": SchemeType.LISTENERS,
                "purpose": (
                    "Confidential emotional support, day and night, for prisoners in "
                    "distress, to reduce suicide and self-harm."
                ),
                "target_group": (
                    "Any prisoner at HMP Leeds, especially new arrivals and those on an ACCT."
                ),
                "partner_organisation": "Samaritans",
                "coordinator": users["coordinator"],
                "target_peer_supporters": 16,
                "minimum_peer_supporters": 8,
                "status": SchemeStatus.PLANNING,
                "created_by": users["coordinator"],
            },
        )
        Scheme.objects.update_or_create(
            prison=leeds,
            name="Insiders",
            defaults={
                "scheme_type": SchemeType.INSIDERS,
                "purpose": (
                    "Help new arrivals through their first days: induction, regime, who to ask."
                ),
                "target_group": "Prisoners in their first two weeks at HMP Leeds.",
                "partner_organisation": "",
                "coordinator": users["coordinator"],
                "target_peer_supporters": 8,
                "minimum_peer_supporters": 4,
                "status": SchemeStatus.PLANNING,
                "created_by": users["coordinator"],
            },
        )
