"""Pages that belong to the service as a whole: home, footer pages, health, errors."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts.access import Permission, can_anywhere, prison_ids_where


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        # Landing pages: the analyst's is the national dashboard, a governor's their
        # prison's dashboard; everyone else starts from their schemes.
        if prison_ids_where(request.user, Permission.VIEW) is None:
            return redirect("dashboards:national")
        if can_anywhere(request.user, Permission.APPROVE):
            return redirect("dashboards:index")
        return redirect("schemes:list")
    return redirect("accounts:sign-in")


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer and docker-compose: the app answers and its database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Not Django's default handler: that one runs the CSRF check (to offer a token), which
    # reads the body again. When the body is what could not be read (a form in a charset
    # Django refuses), that raised once more and turned the 400 into a 500.
    return render(request, "errors/400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without the request's context processors, which read the database: the
    # page must still show when the database is what failed.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", status=403)
