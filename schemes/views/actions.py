"""Actions: adding and changing them, and the actions of the user's prisons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import AuthenticatedRequest, Permission, prison_ids_where, roles_by_prison
from peersupport.conflicts import stale_form
from peersupport.forms import apply_service_errors, posted
from peersupport.http import require_http_methods
from peersupport.words import plural

from ..forms.actions import ActionFilterForm, ActionForm
from ..models import Action, ActionStatus, Scheme
from ..overview import ACTIONS_PER_PAGE, action_rows, action_tag
from ..selectors import get_scheme_for_user
from ..services.access import may_update_action
from ..services.actions import action_create, action_update
from ..services.versioning import StaleEditError

# --- actions -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def action_add_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    return action_form_page(
        request,
        scheme,
        create=lambda data: action_create(scheme=scheme, by=request.user, **data),
        done_url=reverse("maintenance:index", args=[scheme.pk]),
        heading="Add an action",
    )


def action_form_page(
    request: AuthenticatedRequest,
    scheme: Scheme,
    *,
    create: Callable[[dict[str, Any]], Action],
    done_url: str,
    heading: str,
    origin: str = "",
) -> HttpResponse:
    """The "add an action" page: the form, then ``create`` (a service), then back to
    ``done_url``. A phase that raises actions from its own records (a review meeting)
    passes its own service and wording."""
    form = ActionForm(posted(request), scheme=scheme)
    if request.method == "POST" and form.is_valid():
        try:
            create(
                {
                    "description": form.cleaned_data["description"],
                    "owner": form.cleaned_data["owner"],
                    "due_date": form.cleaned_data["due_date"],
                }
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The action has been added")
            return redirect(done_url)
    return render(
        request,
        "schemes/action_form.html",
        {
            "form": form,
            "scheme": scheme,
            "action": None,
            "heading": heading,
            "origin": origin,
            "back_url": done_url,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_change_view(request: AuthenticatedRequest, pk: int, action_id: int) -> HttpResponse:
    # Coordinators change any action; staff and governors update the actions they own.
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW_PERSONAL)
    action = get_object_or_404(
        Action.objects.select_related("owner", "owner_stakeholder"), pk=action_id, scheme=scheme
    )
    action.scheme = scheme
    if not may_update_action(request.user, action):
        raise PermissionDenied
    form = ActionForm(posted(request), scheme=scheme, action=action)
    if request.method == "POST" and form.is_valid():
        done = form.cleaned_data["status"] == ActionStatus.DONE
        try:
            action_update(
                action=action,
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                today=timezone.localdate(),
                description=form.cleaned_data["description"],
                owner=form.cleaned_data["owner"],
                due_date=form.cleaned_data["due_date"],
                done=done,
            )
        except StaleEditError:
            return _render_stale_action(request, scheme, action_id)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                "The action has been marked as done" if done else "The action has been saved",
            )
            return redirect("maintenance:index", pk=scheme.pk)
    return render(request, "schemes/action_form.html", _change_context(form, scheme, action))


def _change_context(form: ActionForm, scheme: Scheme, action: Action) -> dict[str, Any]:
    return {
        "form": form,
        "scheme": scheme,
        "action": action,
        "heading": "Change an action",
        "origin": f"{action.origin}." if action.origin else "",
        "back_url": reverse("maintenance:index", args=[scheme.pk]),
    }


def _render_stale_action(
    request: AuthenticatedRequest, scheme: Scheme, action_id: int
) -> HttpResponse:
    """Somebody saved the action after this user opened the form.

    As for the scheme record: nothing is overwritten, what they typed comes back with
    an error, the values saved now beside it, and the new version, so that saving
    again is a deliberate choice.
    """
    saved = get_object_or_404(
        Action.objects.select_related("owner", "owner_stakeholder"), pk=action_id, scheme=scheme
    )
    saved.scheme = scheme
    form = stale_form(
        request,
        lambda data: ActionForm(data, scheme=scheme, action=saved),
        saved.version,
        what="action",
    )
    return render(
        request,
        "schemes/action_form.html",
        {
            **_change_context(form, scheme, saved),
            "saved_action": saved,
            "saved_tag": action_tag(saved, timezone.localdate()),
        },
        status=409,
    )


# --- the actions of the user's prisons -----------------------------------------------


@login_required
@require_http_methods(["GET"])
def action_list_view(request: AuthenticatedRequest) -> HttpResponse:
    """Every action of the schemes at the user's prisons, overdue first.

    Actions name their owners, so the list needs Action.VIEW_PERSONAL: a user whose
    roles never allow that (the national analyst) is refused; a user with no role at
    all (an administrator) sees an empty list.
    """
    prison_ids = prison_ids_where(request.user, Permission.VIEW_PERSONAL)
    if prison_ids is not None and not prison_ids and roles_by_prison(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    filters = ActionFilterForm(request.GET or None)
    actions = Action.objects.select_related("scheme__prison", "owner", "owner_stakeholder")
    if prison_ids is not None:
        actions = actions.filter(scheme__prison_id__in=prison_ids)
    if filters.only_mine():
        actions = actions.filter(owner=request.user)
    page = Paginator(actions.overdue_first(today), ACTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    count = page.paginator.count
    caption = plural(count, "action")
    if page.has_other_pages():
        caption += f", showing {page.start_index()} to {page.end_index()}"
    return render(
        request,
        "actions/list.html",
        {
            "filters": filters,
            "page": page,
            "caption": caption,
            "rows": action_rows(page, request.user, today),
            "filter_query": query.urlencode(),
            "no_prison": prison_ids is not None and not prison_ids,
        },
    )
