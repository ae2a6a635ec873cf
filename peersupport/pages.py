"""The footer's pages: about (with the guidance's licence), accessibility, privacy, cookies."""

from typing import Any

from django.conf import settings
from django.urls import path
from django.views.generic import TemplateView

app_name = "pages"


class PublicPage(TemplateView):
    http_method_names = ["get", "head", "options"]


def retention_period(days: int) -> str:
    """PRISONER_RETENTION_DAYS in words: "6 years" for 2,192 days (leap days allowed
    for), otherwise the days."""
    years = round(days / 365.25)
    if years >= 1 and abs(years * 365.25 - days) < 1:
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{days:,} day{'s' if days != 1 else ''}"


class PrivacyPage(PublicPage):
    template_name = "pages/privacy.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["retention"] = retention_period(settings.PRISONER_RETENTION_DAYS)
        return context


urlpatterns = [
    path("about/", PublicPage.as_view(template_name="pages/about.html"), name="about"),
    path(
        "accessibility/",
        PublicPage.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("privacy/", PrivacyPage.as_view(), name="privacy"),
    path("cookies/", PublicPage.as_view(template_name="pages/cookies.html"), name="cookies"),
]
