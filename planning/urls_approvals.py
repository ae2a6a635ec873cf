"""Governors' list of plans awaiting approval, under /plans/ (namespace "approvals")."""

from django.urls import URLPattern, path

from . import views

app_name = "approvals"
urlpatterns: list[URLPattern] = [
    path("awaiting-approval/", views.awaiting_approval_view, name="list"),
]
