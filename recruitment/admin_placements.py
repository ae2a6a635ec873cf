"""Suitability sign-offs and placements in the admin: read-only (recorded through the
recruitment pages' services). The confidential notes, and free text that may name
people, are left out: they are read on the pages that log each read."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    Placement,
    PlacementMove,
    ProbationReview,
    RecruitmentSettings,
    SignOffParty,
    SuitabilityCheck,
)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RecruitmentSettings)
class RecruitmentSettingsAdmin(ReadOnlyAdmin):
    list_display = ["scheme", "probation_weeks", "training_weeks", "updated_at"]


@admin.register(SignOffParty)
class SignOffPartyAdmin(ReadOnlyAdmin):
    list_display = ["name", "scheme", "required"]
    list_filter = ["required"]


@admin.register(SuitabilityCheck)
class SuitabilityCheckAdmin(ReadOnlyAdmin):
    list_display = ["party", "application", "outcome", "checked_on", "overridden_at"]
    list_filter = ["outcome"]
    exclude = ["notes", "conditions", "override_reason"]


@admin.register(Placement)
class PlacementAdmin(ReadOnlyAdmin):
    list_display = ["prisoner", "scheme", "status", "started_on", "left_on"]
    list_filter = ["status"]
    exclude = ["leaving_note"]


@admin.register(PlacementMove)
class PlacementMoveAdmin(ReadOnlyAdmin):
    list_display = ["placement", "from_status", "to_status", "on", "by"]
    exclude = ["reason"]


@admin.register(ProbationReview)
class ProbationReviewAdmin(ReadOnlyAdmin):
    list_display = ["placement", "reviewed_on", "outcome", "by"]
    exclude = ["note"]
