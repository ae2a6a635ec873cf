"""Actions: adding and changing them, and the actions of the user's prisons."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.access import Action as Permission
from accounts.access import AuthenticatedRequest, prison_ids_where, roles_by_prison
from peersupport.http import require_http_methods

from ...forms.maintenance import (
    ActionFilterForm,
    ActionForm,
    apply_service_errors,
)
from ...models import (
    Action,
    ActionSource,
    ActionStatus,
    ReviewMeeting,
    Scheme,
)
from ...overview import action_rows, action_tag
from ...selectors import get_scheme_for_user
from ...services.maintenance import action_create, action_update
from ...services.versioning import StaleEditError
from .common import (
    ACTIONS_PER_PAGE,
    posted,
)

# --- actions -------------------------------------------------------------------------


def _review_from_query(request: AuthenticatedRequest, scheme: Scheme) -> ReviewMeeting | None:
    """The review meeting named by ``?review=<id>``: one of this scheme's, or a 404."""
    review_id = request.GET.get("review")
    if not review_id:
        return None
    if not review_id.isdigit():
        raise Http404("No such review meeting")
    return get_object_or_404(ReviewMeeting, pk=int(review_id), scheme=scheme)


@login_required
@require_http_methods(["GET", "POST"])
def action_add_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    review = _review_from_query(request, scheme)
    form = ActionForm(posted(request), scheme=scheme)
    if request.method == "POST" and form.is_valid():
        try:
            action_create(
                scheme=scheme,
                by=request.user,
                description=form.cleaned_data["description"],
                owner=form.cleaned_data["owner"],
                due_date=form.cleaned_data["due_date"],
                source=ActionSource.REVIEW if review else ActionSource.OTHER,
                review=review,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The action has been added")
            if review is not None:
                return redirect("schemes:review-detail", pk=scheme.pk, review_id=review.pk)
            return redirect("schemes:maintenance", pk=scheme.pk)
    return render(
        request,
        "schemes/maintenance/action_form.html",
        {"form": form, "scheme": scheme, "review": review, "action": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_change_view(request: AuthenticatedRequest, pk: int, action_id: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    action = get_object_or_404(Action.objects.select_related("owner"), pk=action_id, scheme=scheme)
    action.scheme = scheme
    form = ActionForm(posted(request), scheme=scheme, action=action)
    if request.method == "POST" and form.is_valid():
        done = form.cleaned_data["status"] == ActionStatus.DONE
        try:
            action_update(
                action=action,
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
            return redirect("schemes:maintenance", pk=scheme.pk)
    return render(
        request,
        "schemes/maintenance/action_form.html",
        {"form": form, "scheme": scheme, "review": None, "action": action},
    )


def _render_stale_action(
    request: AuthenticatedRequest, scheme: Scheme, action_id: int
) -> HttpResponse:
    """Somebody saved the action after this user opened the form.

    As for the scheme record: nothing is overwritten, what they typed comes back with
    an error, the values saved now beside it, and the new version, so that saving
    again is a deliberate choice.
    """
    saved = get_object_or_404(Action.objects.select_related("owner"), pk=action_id, scheme=scheme)
    saved.scheme = scheme
    data = request.POST.copy()
    data["version"] = str(saved.version)
    form = ActionForm(data, scheme=scheme, action=saved)
    form.is_valid()
    form.add_error(
        None,
        "Somebody else changed this action after you opened this page. Your changes "
        "have not been saved. Check what is saved now, then save your changes again.",
    )
    return render(
        request,
        "schemes/maintenance/action_form.html",
        {
            "form": form,
            "scheme": scheme,
            "review": None,
            "action": saved,
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
    actions = Action.objects.select_related("scheme__prison", "owner")
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
    caption = f"{count} action{'' if count == 1 else 's'}"
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
