"""The dashboards and the self-assessment (namespace "dashboards"), included at the
root: a scheme's self-assessment hangs off the scheme's address like its other pages."""

from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("dashboard/", views.dashboard_index_view, name="index"),
    path("dashboard/prisons/<int:prison_id>/", views.prison_dashboard_view, name="prison"),
    path(
        "dashboard/prisons/<int:prison_id>/self-assessment/",
        views.prison_self_assessment_view,
        name="prison-self-assessment",
    ),
    path("dashboard/national/", views.national_dashboard_view, name="national"),
    path("dashboard/national/download/", views.national_download_view, name="national-csv"),
    path("dashboard/scheme-health/", views.about_health_view, name="about-health"),
    path(
        "schemes/<int:pk>/self-assessment/",
        views.scheme_self_assessment_view,
        name="self-assessment",
    ),
]
