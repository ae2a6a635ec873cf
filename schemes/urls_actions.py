"""The actions of the user's prisons, under /actions/ (namespace "actions")."""

from django.urls import URLPattern, path

from .views import actions as views

app_name = "actions"
urlpatterns: list[URLPattern] = [
    path("", views.action_list_view, name="list"),
]
