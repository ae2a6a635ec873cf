"""Recruitment rounds, applications and the waitlist, under
/schemes/<pk>/recruitment/ (namespace "recruitment")."""

from django.urls import URLPattern, path

from .views import applications as views

BASE = "schemes/<int:pk>/recruitment/"
ROUND = BASE + "rounds/<int:round_id>/"
APPLICATION = BASE + "applications/<int:application_id>/"

urlpatterns: list[URLPattern] = [
    path(BASE + "rounds/", views.rounds_view, name="rounds"),
    path(BASE + "rounds/new/", views.round_add_view, name="round-add"),
    path(ROUND, views.round_detail_view, name="round"),
    path(ROUND + "change/", views.round_change_view, name="round-change"),
    path(ROUND + "poster/", views.round_poster_view, name="round-poster"),
    path(BASE + "applications/", views.applications_view, name="applications"),
    path(BASE + "applications/new/", views.application_add_view, name="application-add"),
    path(APPLICATION, views.application_detail_view, name="application"),
    path(APPLICATION + "decision/", views.application_decision_view, name="application-decision"),
    path(APPLICATION + "letter/", views.application_letter_view, name="application-letter"),
    path(BASE + "waitlist/", views.waitlist_view, name="waitlist"),
]
