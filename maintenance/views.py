"""The maintenance page and review meetings."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import AuthenticatedRequest, Permission, can
from peersupport.conflicts import render_conflict
from peersupport.forms import apply_service_errors, posted
from peersupport.http import require_http_methods
from schemes.models import Action, ActionStatus, Scheme, SchemeStatus
from schemes.overview import ACTIONS_PER_PAGE, ActionRow, action_rows
from schemes.selectors import get_scheme_for_user
from schemes.services.versioning import StaleEditError
from schemes.views.actions import action_form_page

from .forms import ReviewMeetingForm
from .models import ReviewMeeting
from .selectors import review_due, saved_review_rows
from .services import review_action_create, review_record, review_update

RECENT_REVIEWS = 5


@login_required
@require_http_methods(["GET"])
def maintenance_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW)
    today = timezone.localdate()
    show_people = can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id)
    reviews = ReviewMeeting.objects.filter(scheme=scheme)
    review_totals = reviews.aggregate(count=Count("id"), last=Max("held_on"))
    recent_reviews = reviews.annotate(
        staff_count=Count("staff_attendees", distinct=True),
        stakeholder_count=Count("stakeholder_attendees", distinct=True),
        action_count=Count("action_links", distinct=True),
    ).order_by("-held_on", "-id")[:RECENT_REVIEWS]
    actions = Action.objects.filter(scheme=scheme)
    action_totals = actions.aggregate(
        open=Count("id", filter=Q(status=ActionStatus.OPEN)),
        overdue=Count("id", filter=Q(status=ActionStatus.OPEN, due_date__lt=today)),
        done=Count("id", filter=Q(status=ActionStatus.DONE)),
    )
    page = None
    rows: list[ActionRow] = []
    if show_people:
        # Descriptions and owners can name people: only for those who may see them.
        page = Paginator(
            actions.select_related("owner", "owner_stakeholder").overdue_first(today),
            ACTIONS_PER_PAGE,
        ).get_page(request.GET.get("page"))
        for action in page:
            action.scheme = scheme
        rows = action_rows(page, request.user, today)
    return render(
        request,
        "maintenance/index.html",
        {
            "scheme": scheme,
            "today": today,
            "review_due": review_due(scheme, review_totals["last"], today),
            "review_count": review_totals["count"],
            "last_review_on": review_totals["last"],
            "recent_reviews": list(recent_reviews),
            "action_totals": action_totals,
            "page": page,
            "rows": rows,
            "show_people": show_people,
            "can_change": can(request.user, Permission.CHANGE, scheme.prison_id),
        },
    )


# --- review meetings -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def review_add_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    today = timezone.localdate()
    form = ReviewMeetingForm(posted(request), scheme=scheme, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            review = review_record(
                scheme=scheme, by=request.user, today=today, **form.service_fields()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The review meeting has been recorded")
            return redirect("maintenance:review-detail", pk=scheme.pk, review_id=review.pk)
    return render(request, "maintenance/review_form.html", {"form": form, "scheme": scheme})


@login_required
@require_http_methods(["GET", "POST"])
def review_change_view(request: AuthenticatedRequest, pk: int, review_id: int) -> HttpResponse:
    """Correct a review meeting after it was saved, unless somebody changed it since."""
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    review = get_object_or_404(
        ReviewMeeting.objects.prefetch_related("staff_attendees", "stakeholder_attendees"),
        pk=review_id,
        scheme=scheme,
    )
    review.scheme = scheme
    today = timezone.localdate()
    form = ReviewMeetingForm(posted(request), instance=review, scheme=scheme, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            review_update(
                review=review,
                by=request.user,
                expected_version=form.expected_version(),
                today=today,
                **form.service_fields(),
            )
        except StaleEditError:
            return _render_stale_review(request, scheme, review_id, today)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The review meeting has been changed")
            return redirect("maintenance:review-detail", pk=scheme.pk, review_id=review.pk)
    return _render_change_form(request, scheme, review, form)


def _render_change_form(
    request: AuthenticatedRequest, scheme: Scheme, review: ReviewMeeting, form: ReviewMeetingForm
) -> HttpResponse:
    return render(
        request, "maintenance/review_form.html", {"form": form, "scheme": scheme, "review": review}
    )


def _render_stale_review(
    request: AuthenticatedRequest, scheme: Scheme, review_id: int, today: date
) -> HttpResponse:
    """Somebody saved the meeting after this user opened the form: nothing is
    overwritten; what they typed comes back (409) with the values saved now beside it
    and the new version, so that saving again is a deliberate choice."""
    saved = get_object_or_404(
        ReviewMeeting.objects.prefetch_related("staff_attendees", "stakeholder_attendees"),
        pk=review_id,
        scheme=scheme,
    )
    saved.scheme = scheme
    return render_conflict(
        request,
        "maintenance/review_form.html",
        {"scheme": scheme, "review": saved},
        make_form=lambda data: ReviewMeetingForm(data, instance=saved, scheme=scheme, today=today),
        version=saved.version,
        # Read before the form validates: validating writes the typed values onto the
        # instance it is given.
        saved=saved_review_rows(saved),
        what="review meeting",
    )


@login_required
@require_http_methods(["GET"])
def review_detail_view(request: AuthenticatedRequest, pk: int, review_id: int) -> HttpResponse:
    # The meeting names who attended: only for those who may see people.
    scheme = get_scheme_for_user(request.user, pk, Permission.VIEW_PERSONAL)
    review = get_object_or_404(
        ReviewMeeting.objects.select_related("recorded_by").prefetch_related(
            "staff_attendees", "stakeholder_attendees"
        ),
        pk=review_id,
        scheme=scheme,
    )
    today = timezone.localdate()
    actions = list(
        Action.objects.filter(review_link__review=review)
        .select_related("owner", "owner_stakeholder")
        .overdue_first(today)
    )
    for action in actions:
        action.scheme = scheme
    can_change = can(request.user, Permission.CHANGE, scheme.prison_id)
    return render(
        request,
        "maintenance/review_detail.html",
        {
            "scheme": scheme,
            "review": review,
            "rows": action_rows(actions, request.user, today),
            "can_change": can_change,
            # A closed scheme's records are read-only: its meetings cannot be corrected.
            "can_correct": can_change and scheme.status != SchemeStatus.CLOSED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_action_add_view(request: AuthenticatedRequest, pk: int, review_id: int) -> HttpResponse:
    """An action decided at a review meeting, linked to the meeting."""
    scheme = get_scheme_for_user(request.user, pk, Permission.CHANGE)
    review = get_object_or_404(ReviewMeeting, pk=review_id, scheme=scheme)
    review.scheme = scheme
    return action_form_page(
        request,
        scheme,
        create=lambda data: review_action_create(review=review, by=request.user, **data),
        done_url=reverse("maintenance:review-detail", args=[scheme.pk, review.pk]),
        heading="Add an action from this meeting",
        origin=f"From the review meeting of {review.held_on:%-d %B %Y}.",
    )
