"""The actions of the user's prisons, under /actions/ (namespace "actions")."""

from django.urls import URLPattern

app_name = "actions"
urlpatterns: list[URLPattern] = []
