"""Maintenance pages under /schemes/<pk>/ (namespace "schemes")."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
