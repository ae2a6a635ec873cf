"""The preferential treatment check: who holds, asked for and was given a scheme's peer
roles against the prison's population, the groups under-represented, a risk raised
from a flag in one click, and the population counts entered where there is no extract."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import AuthenticatedRequest, Permission, can
from peersupport.conflicts import render_conflict
from peersupport.forms import apply_service_errors, posted
from peersupport.http import require_http_methods
from schemes import phases
from schemes.models import SchemeStatus
from schemes.selectors import get_scheme_for_user
from schemes.services.versioning import StaleEditError

from . import rules_equality
from .forms_equality import PopulationForm
from .selectors_equality import (
    composition_groups,
    entered_counts,
    equality_check,
    population_figures,
)
from .services_equality import AlreadyRaisedError, equality_risk_raise, population_figures_set

STALE_MESSAGE = (
    "Somebody else entered population counts for this prison after you opened this "
    "page. Your counts have not been saved. Check what is saved now, then save yours again."
)


@login_required
@require_http_methods(["GET"])
def equality_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Everyone who may see the scheme: counts only, small numbers suppressed."""
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    today = timezone.localdate()
    check = equality_check(scheme, today)
    if check is None:
        raise Http404("No phase holds the scheme's people")
    may_change = scheme.status != SchemeStatus.CLOSED and can(
        request.user, Permission.CHANGE, scheme.prison_id
    )
    return render(
        request,
        "monitoring/equality.html",
        {
            "scheme": scheme,
            "check": check,
            "threshold": round(rules_equality.THRESHOLD * 100),
            "small": rules_equality.SMALL_NUMBER,
            "can_change": may_change,
            "may_see_risks": can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id),
        },
    )


@login_required
@require_http_methods(["POST"])
def equality_raise_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Raise a risk from one of the flags shown now (the coordinator)."""
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    today = timezone.localdate()
    check = equality_check(scheme, today)
    key = request.POST.get("flag", "")
    flag = next((flag for flag in check.flags if flag.key == key), None) if check else None
    if flag is None:
        messages.error(
            request,
            "That group is no longer flagged: the figures have changed since the page was "
            "opened. Check the figures below.",
        )
        return redirect("monitoring:equality", pk=scheme.pk)
    try:
        risk = equality_risk_raise(scheme=scheme, by=request.user, today=today, flag=flag)
    except AlreadyRaisedError as error:
        messages.error(
            request,
            f"A risk has already been raised for {flag.group}: “{error.risk.title}” is "
            "still open, so no other has been added.",
        )
        return redirect("monitoring:risk-detail", pk=scheme.pk, risk_id=error.risk.pk)
    messages.success(request, "A risk has been raised against preferential treatment by staff")
    return redirect("monitoring:risk-detail", pk=scheme.pk, risk_id=risk.pk)


@login_required
@require_http_methods(["GET", "POST"])
def population_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The prison's population by group, entered by a coordinator (version-checked)."""
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    today = timezone.localdate()
    found = composition_groups(scheme, today)
    if found is None:
        raise Http404("No phase holds the scheme's people")
    groups, extract_total = found
    figures = population_figures(scheme.prison_id)
    saved_counts = entered_counts(figures)

    def form_for(data: object, version: int) -> PopulationForm:
        return PopulationForm(
            data,
            groups=groups,
            counts=saved_counts,
            as_of=figures.as_of if figures else None,
            version=version,
            today=today,
        )

    form = form_for(posted(request), figures.version if figures else 0)
    page = {"scheme": scheme, "extract_total": extract_total}
    if request.method == "POST" and form.is_valid():
        try:
            population_figures_set(
                scheme=scheme,
                by=request.user,
                expected_version=form.expected_version(),
                today=today,
                as_of=form.cleaned_data["as_of"],
                counts=form.counts(),
            )
        except StaleEditError:
            figures = population_figures(scheme.prison_id)
            saved_counts = entered_counts(figures)
            labels = dict(phases.DIMENSIONS)
            return render_conflict(
                request,
                "monitoring/population_form.html",
                page,
                make_form=lambda data: form_for(data, 0),
                version=figures.version if figures else 0,
                saved=[
                    (f"{labels.get(key, key)}: {group}", f"{count:,}")
                    for key, by_group in saved_counts.items()
                    for group, count in by_group.items()
                ],
                message=STALE_MESSAGE,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The population counts have been saved")
            return redirect("monitoring:equality", pk=scheme.pk)
    return render(request, "monitoring/population_form.html", {**page, "form": form})
