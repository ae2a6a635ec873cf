"""Recruitment rounds and applications in the admin: read-only. They are recorded and
decided through the recruitment pages, whose services check permissions, versions and
the one-live-application rule."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Application, RecruitmentRound


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RecruitmentRound)
class RecruitmentRoundAdmin(ReadOnlyAdmin):
    list_display = ["title", "scheme", "opens_on", "closes_on", "places"]
    list_select_related = ["scheme"]
    date_hierarchy = "opens_on"
    search_fields = ["title"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["scheme", "round", "route", "status", "applied_on", "decided_on"]
    list_select_related = ["scheme", "round"]
    list_filter = ["status", "route"]
    date_hierarchy = "applied_on"
    # The statement and the decision's note can be personal: shown, never listed.
    raw_id_fields = ["prisoner"]
