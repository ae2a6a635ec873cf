"""The benchmark's URLs: the project's, plus the trivial view every page is compared with.

Only the benchmark's settings point ROOT_URLCONF here; the project never serves it.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from peersupport import urls as project_urls


def trivial_view(request: HttpRequest) -> HttpResponse:
    """No database, no template: what any page costs before it does anything."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("benchmark/trivial/", trivial_view, name="benchmark-trivial"),
    path("", include(project_urls)),
]

handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500
