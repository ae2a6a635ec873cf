"""Governors' list of plans awaiting approval, under /plans/ (namespace "approvals")."""

from django.urls import URLPattern

app_name = "approvals"
urlpatterns: list[URLPattern] = []
