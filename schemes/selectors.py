"""Reading schemes: every read goes through the user's access (accounts.access)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.access import Action, AnyUser, can, prison_ids_where
from accounts.models import Prison

from .models import Scheme, SchemeQuerySet


def get_scheme_for_user(user: AnyUser, pk: int, action: Action = Action.VIEW) -> Scheme:
    """The scheme, if the user may see it and do ``action`` to it.

    A scheme at a prison the user does not belong to is a 404, so its existence is not
    disclosed; one they may see but not change is a 403.
    """
    scheme = Scheme.objects.select_related("prison", "coordinator").filter(pk=pk).first()
    if scheme is None or not can(user, Action.VIEW, scheme.prison_id):
        raise Http404("No such scheme")
    if not can(user, action, scheme.prison_id):
        raise PermissionDenied
    return scheme


def prisons_for_user(user: AnyUser, action: Action = Action.VIEW) -> QuerySet[Prison]:
    """The prisons at which the user may do ``action`` (all of them for an analyst)."""
    ids = prison_ids_where(user, action)
    prisons = Prison.objects.order_by("name")
    return prisons if ids is None else prisons.filter(pk__in=ids)


def scheme_list(
    *,
    user: AnyUser,
    prison: Prison | None = None,
    scheme_type: str = "",
    status: str = "",
) -> SchemeQuerySet:
    """The schemes the user may see, narrowed by the list page's filters."""
    schemes = Scheme.objects.visible_to(user).for_list()
    if prison is not None:
        schemes = schemes.filter(prison=prison)
    if scheme_type:
        schemes = schemes.filter(scheme_type=scheme_type)
    if status:
        schemes = schemes.filter(status=status)
    return schemes
