"""Reading a prison's prisoners: the register, one prisoner, and the state of the
register an import is checked against. Every read goes through the user's access."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.http import Http404

from accounts.access import AnyUser, Permission, can
from accounts.models import Prison

from .. import rules
from ..models import Application, Placement, Prisoner


def get_prison_for_user(user: AnyUser, prison_id: int, action: Permission) -> Prison:
    """The prison, if the user may do ``action`` there.

    A prison the user may not even view is a 404 (its register is not disclosed); one
    they may view but not do ``action`` at (the analyst, who sees counts only, or staff
    asked to change) is a 403.
    """
    prison = Prison.objects.filter(pk=prison_id).first()
    if prison is None or not can(user, Permission.VIEW, prison.pk):
        raise Http404("No such prison")
    if not can(user, action, prison.pk):
        raise PermissionDenied
    return prison


class RegisterFilter:
    """The register's filters: everyone, those in the prison, those who have left."""

    IN_PRISON = "in"
    LEFT = "left"
    EVERYONE = "all"
    CHOICES = ((IN_PRISON, "In prison"), (LEFT, "Left the prison"), (EVERYONE, "Everyone"))


REGISTER_FIELDS = (
    "prison_id",
    "prison_number",
    "first_name",
    "last_name",
    "cell_location",
    "indeterminate_sentence",
    "earliest_release_date",
    "in_prison",
    "left_on",
)


def prisoner_register(*, prison: Prison, search: str = "", status: str = "") -> QuerySet[Prisoner]:
    """The prison's prisoners by name, narrowed by a search (names or prison number)
    and by whether they are in the prison. Anonymised people are not listed: they have
    no name to show."""
    prisoners = Prisoner.objects.filter(prison=prison, anonymised_at__isnull=True)
    if status == RegisterFilter.LEFT:
        prisoners = prisoners.filter(in_prison=False)
    elif status != RegisterFilter.EVERYONE:
        prisoners = prisoners.filter(in_prison=True)
    for word in search.split()[:5]:
        prisoners = prisoners.filter(
            Q(prison_number__iexact=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
        )
    # Only what the register shows: a prisoner's row holds much more.
    return prisoners.only(*REGISTER_FIELDS).order_by(
        "last_name", "first_name", "prison_number", "pk"
    )


def register_counts(prison: Prison) -> dict[str, int]:
    """How many of the prison's prisoners are in it (held) and have left (gone); one
    query."""
    return Prisoner.objects.filter(prison=prison, anonymised_at__isnull=True).aggregate(
        held=Count("pk", filter=Q(in_prison=True)),
        gone=Count("pk", filter=Q(in_prison=False)),
    )


def register_total(counts: dict[str, int], status: str) -> int:
    """How many prisoners the unsearched register lists for ``status``, from
    ``register_counts``."""
    if status == RegisterFilter.LEFT:
        return counts["gone"]
    if status == RegisterFilter.EVERYONE:
        return counts["held"] + counts["gone"]
    return counts["held"]


@dataclass(frozen=True)
class Role:
    """A prisoner's application to, or placement in, one scheme, in words."""

    scheme: str
    what: str
    status: str
    since: date


@dataclass(frozen=True)
class PrisonerDetail:
    prisoner: Prisoner
    age_band: str
    ethnicity_group: str
    roles: list[Role]


def get_prisoner_for_user(user: AnyUser, prison_id: int, prisoner_id: int) -> Prisoner:
    """One prisoner of the prison, if the user may see people there (404 for an
    anonymised one: nothing of them is left to show)."""
    prison = get_prison_for_user(user, prison_id, Permission.VIEW_PERSONAL)
    prisoner = Prisoner.objects.filter(
        pk=prisoner_id, prison=prison, anonymised_at__isnull=True
    ).first()
    if prisoner is None:
        raise Http404("No such prisoner")
    prisoner.prison = prison
    return prisoner


def prisoner_detail(prisoner: Prisoner, today: date) -> PrisonerDetail:
    """The prisoner with their age band, ethnic group, and their applications and
    placements in the prison's schemes (two queries)."""
    roles = [
        Role(
            scheme=application.scheme.name,
            what="Application",
            status=application.get_status_display(),
            since=application.applied_on,
        )
        for application in Application.objects.filter(prisoner=prisoner)
        .select_related("scheme")
        .order_by("-applied_on", "-pk")
    ] + [
        Role(
            scheme=placement.scheme.name,
            what="Peer supporter",
            status=placement.get_status_display(),
            since=placement.started_on,
        )
        for placement in Placement.objects.filter(prisoner=prisoner)
        .select_related("scheme")
        .order_by("-started_on", "-pk")
    ]
    roles.sort(key=lambda role: role.since, reverse=True)
    return PrisonerDetail(
        prisoner=prisoner,
        age_band=rules.age_band(prisoner.date_of_birth, today),
        ethnicity_group=rules.ethnicity_group(prisoner.ethnicity),
        roles=roles,
    )


def register_state(prison: Prison) -> list[Any]:
    """What the prison's register is now, in three numbers (one query): any import or
    other change to its prisoners since changes one of them. An import's check page
    keeps this, and the confirmation is refused if it has moved."""
    state = Prisoner.objects.filter(prison=prison).aggregate(
        count=Count("pk"), versions=Sum("version"), latest=Max("updated_at")
    )
    latest = state["latest"]
    return [state["count"], state["versions"] or 0, latest.isoformat() if latest else ""]


def register_for_import(prison: Prison) -> list[Prisoner]:
    """Every prisoner of the prison an import can match by number (one query)."""
    return list(Prisoner.objects.filter(prison=prison, prison_number__isnull=False))
