"""Planning pages under /schemes/<pk>/planning/ (namespace "schemes")."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
