"""Cover pages: the cover a scheme needs, the week's rota with its gaps and who could
fill them, and each peer supporter's availability."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.access import AuthenticatedRequest, Permission, can
from peersupport.forms import RecordChoiceField, apply_service_errors, posted
from peersupport.http import require_http_methods
from schemes.models import Scheme, SchemeStatus
from schemes.selectors import get_scheme_for_user
from schemes.services.access import SchemeClosedError

from ..forms.cover import AvailabilityForm, CoverNeedForm
from ..models import Availability, CoverNeed, Placement
from ..rules_cover import Slot, gaps
from ..selectors.cover import scheme_rota
from ..services.cover import (
    availability_add,
    availability_remove,
    cover_assign,
    need_add,
    need_remove,
)


@dataclass(frozen=True)
class GapRow:
    """A band short of cover, as the rota page shows it."""

    slot: Slot
    day: str  # "Monday 7 December"
    on: str  # the form's value: "2026-12-07"


@login_required
@require_http_methods(["GET"])
def cover_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The cover the scheme needs and, for the coming week, every band below it with
    who could fill it (names only for those who may see people)."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    today = timezone.localdate()
    slots = scheme_rota(scheme.pk, today)
    return render(
        request,
        "recruitment/cover/index.html",
        {
            "scheme": scheme,
            "needs": list(CoverNeed.objects.filter(scheme=scheme)),
            # Each gap's date in words and as the form's value, worked out once a gap
            # rather than once for each peer supporter who could fill it.
            "gaps": [
                GapRow(slot, date_format(slot.on, "l j F"), slot.on.isoformat())
                for slot in gaps(slots)
            ],
            "assign_url": reverse("recruitment:cover-assign", args=[scheme.pk]),
            "show_people": can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id),
            "can_change": can(request.user, Permission.CHANGE, scheme.prison_id)
            and scheme.status != SchemeStatus.CLOSED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def need_add_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    form = CoverNeedForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            need_add(scheme=scheme, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The cover has been added")
            return redirect("recruitment:cover", pk=scheme.pk)
    return render(request, "recruitment/cover/need_form.html", {"scheme": scheme, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def need_remove_view(request: AuthenticatedRequest, pk: int, need_id: int) -> HttpResponse:
    """Confirm, then stop needing a band of cover."""
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    need = get_object_or_404(CoverNeed, pk=need_id, scheme=scheme)
    need.scheme = scheme
    if request.method == "POST":
        need_remove(need=need, by=request.user)
        messages.success(request, "The cover has been removed")
        return redirect("recruitment:cover", pk=scheme.pk)
    return render(request, "recruitment/cover/need_remove.html", {"scheme": scheme, "need": need})


class AssignForm(forms.Form):
    """A band's "Put on the rota" form: the band and day (hidden), and the placement the
    pressed button names."""

    need = RecordChoiceField(queryset=CoverNeed.objects.none())
    on = forms.DateField(input_formats=["%Y-%m-%d"])
    placement = RecordChoiceField(queryset=Placement.objects.none())

    def __init__(self, *args: object, scheme: Scheme, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["need"].queryset = CoverNeed.objects.filter(scheme=scheme)  # type: ignore[attr-defined]
        self.fields["placement"].queryset = Placement.objects.filter(scheme=scheme)  # type: ignore[attr-defined]


@login_required
@require_http_methods(["POST"])
def cover_assign_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Put a peer supporter on the rota for a band that falls short."""
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    form = AssignForm(request.POST, scheme=scheme)
    if not form.is_valid():
        messages.error(request, "Choose a band of cover and a peer supporter from the rota")
        return redirect("recruitment:cover", pk=scheme.pk)
    need: CoverNeed = form.cleaned_data["need"]
    placement: Placement = form.cleaned_data["placement"]
    need.scheme = scheme
    placement.scheme = scheme
    try:
        cover_assign(
            need=need,
            on=form.cleaned_data["on"],
            placement=placement,
            by=request.user,
            today=timezone.localdate(),
        )
    except SchemeClosedError:
        raise  # the scheme's page says why (SchemeClosedMiddleware)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            f"{placement.prisoner.full_name} is on the rota for {need.location} on "
            f"{form.cleaned_data['on']:%A %-d %B}",
        )
    return redirect("recruitment:cover", pk=scheme.pk)


@login_required
@require_http_methods(["GET", "POST"])
def availability_view(request: AuthenticatedRequest, pk: int, placement_id: int) -> HttpResponse:
    """A peer supporter's weekly availability, and adding to it (coordinators)."""
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    placement = get_object_or_404(
        Placement.objects.select_related("prisoner"), pk=placement_id, scheme=scheme
    )
    placement.scheme = scheme
    form = AvailabilityForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            availability_add(placement=placement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The availability has been added")
            return redirect("recruitment:availability", pk=scheme.pk, placement_id=placement.pk)
    return render(
        request,
        "recruitment/cover/availability.html",
        {
            "scheme": scheme,
            "placement": placement,
            "entries": list(Availability.objects.filter(placement=placement)),
            "form": form,
        },
    )


@login_required
@require_http_methods(["POST"])
def availability_remove_view(
    request: AuthenticatedRequest, pk: int, placement_id: int, entry_id: int
) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    entry = get_object_or_404(
        Availability.objects.select_related("placement"),
        pk=entry_id,
        placement_id=placement_id,
        placement__scheme=scheme,
    )
    entry.placement.scheme = scheme
    availability_remove(entry=entry, by=request.user)
    messages.success(request, "The availability has been removed")
    return redirect("recruitment:availability", pk=scheme.pk, placement_id=placement_id)
