"""Recruitment pages (namespace "recruitment"): a prison's prisoners under /prisons/,
and a scheme's recruitment under /schemes/<pk>/recruitment/.

Each part of the phase lists its own patterns in its views module; they are joined here.
"""

from django.urls import URLPattern

from . import urls_phase

app_name = "recruitment"

urlpatterns: list[URLPattern] = []
urlpatterns += urls_phase.urlpatterns
