"""Monitoring's records in the admin: read-only (recorded through the monitoring pages,
whose services keep the monthly summaries and the audit trail right)."""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from .models import ActivityEntry, ActivityMonth, ConfidentialityIncident, Debrief, RiskEntry


class ReadOnlyAdmin(admin.ModelAdmin[Model]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(ActivityEntry)
class ActivityEntryAdmin(ReadOnlyAdmin):
    list_display = ["scheme", "occurred_at", "location", "duration_minutes", "people_reached"]
    date_hierarchy = "occurred_at"


@admin.register(ActivityMonth)
class ActivityMonthAdmin(ReadOnlyAdmin):
    list_display = ["scheme", "month", "entries", "people_reached", "minutes", "night_entries"]


@admin.register(Debrief)
class DebriefAdmin(ReadOnlyAdmin):
    list_display = ["scheme", "peer_supporter_id", "held_on"]


@admin.register(RiskEntry)
class RiskEntryAdmin(ReadOnlyAdmin):
    list_display = ["title", "scheme", "category", "likelihood", "impact", "status", "review_on"]
    list_filter = ["category", "status"]


@admin.register(ConfidentialityIncident)
class ConfidentialityIncidentAdmin(ReadOnlyAdmin):
    list_display = ["risk", "occurred_on"]
