"""The footer's pages: about (with the guidance's licence), accessibility, privacy, cookies."""

from django.urls import path
from django.views.generic import TemplateView

app_name = "pages"


class PublicPage(TemplateView):
    http_method_names = ["get", "head", "options"]


urlpatterns = [
    path("about/", PublicPage.as_view(template_name="pages/about.html"), name="about"),
    path(
        "accessibility/",
        PublicPage.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("privacy/", PublicPage.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("cookies/", PublicPage.as_view(template_name="pages/cookies.html"), name="cookies"),
]
