"""Recruitment pages (namespace "recruitment"): a prison's prisoners under /prisons/,
and a scheme's recruitment under /schemes/<pk>/recruitment/.

Each part of the phase lists its own patterns in its ``urls_<part>.py``; they are joined
here. Placements come last: the permission matrix's empty POSTs walk the patterns in
this order, and removing a sign-off party (a button with no fields) must not come before
the pages that use it.
"""

from django.urls import URLPattern

from . import (
    urls_applications,
    urls_cover,
    urls_phase,
    urls_placements,
    urls_prisoners,
    urls_supervision,
    urls_training,
)

app_name = "recruitment"

urlpatterns: list[URLPattern] = [
    *urls_prisoners.urlpatterns,
    *urls_applications.urlpatterns,
    *urls_training.urlpatterns,
    *urls_supervision.urlpatterns,
    *urls_cover.urlpatterns,
    *urls_placements.urlpatterns,
    *urls_phase.urlpatterns,
]
