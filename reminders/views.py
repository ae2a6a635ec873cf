"""Your reminders, and your choice of reminder emails."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import AuthenticatedRequest
from peersupport.conflicts import stale_form
from peersupport.forms import posted
from peersupport.http import require_http_methods
from schemes.services.versioning import StaleEditError

from . import rules
from .forms import PreferenceForm
from .selectors import open_reminders, summary
from .services import preference_for, preference_save

PER_PAGE = 50


@login_required
@require_http_methods(["GET"])
def reminder_list_view(request: AuthenticatedRequest) -> HttpResponse:
    """What the signed-in person has to do, oldest first, each linking to where it is
    done. Three queries beyond the layout's: the summary, the count, the page."""
    today = timezone.localdate()
    page = Paginator(open_reminders(request.user), PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {"reminder": reminder, "overdue": rules.is_overdue(reminder.due, today)}
        for reminder in page.object_list
    ]
    return render(
        request,
        "reminders/list.html",
        {"page": page, "rows": rows, "summary": summary(request.user), "today": today},
    )


@login_required
@require_http_methods(["GET", "POST"])
def preference_view(request: AuthenticatedRequest) -> HttpResponse:
    """Daily email or none. A choice changed in another window meanwhile is a 409."""
    saved = preference_for(request.user)
    initial = {"frequency": saved.frequency, "version": saved.version}
    form = PreferenceForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            preference_save(
                by=request.user,
                frequency=form.cleaned_data["frequency"],
                expected_version=form.cleaned_data["version"] or 0,
            )
        except StaleEditError:
            saved = preference_for(request.user)
            form = stale_form(
                request,
                PreferenceForm,
                saved.version,
                message="Your choice was changed in another window after you opened this "
                f"page. It is now: {saved.get_frequency_display()}. Choose again and save.",
            )
            status = 409
        else:
            messages.success(request, "Your choice of reminder emails has been saved")
            return redirect(reverse("reminders:list"))
    return render(request, "reminders/settings.html", {"form": form}, status=status)
