"""Recruitment pages (namespace "recruitment"): a prison's prisoners under /prisons/,
and a scheme's recruitment under /schemes/<pk>/recruitment/.

Each part of the phase lists its own patterns in its views module; they are joined here.
"""

from django.urls import URLPattern

app_name = "recruitment"

urlpatterns: list[URLPattern] = []

from . import urls_training  # noqa: E402

urlpatterns += urls_training.urlpatterns

from . import urls_supervision  # noqa: E402

urlpatterns += urls_supervision.urlpatterns

from . import urls_prisoners  # noqa: E402

urlpatterns += urls_prisoners.urlpatterns
