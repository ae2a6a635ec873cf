"""Plans in the admin: read-only. A plan changes through the planning pages and
services (which check who is acting and lock the plan), never here."""

from django.contrib import admin
from django.http import HttpRequest

from .models import Plan, PlanDecision


class PlanDecisionInline(admin.TabularInline[PlanDecision, Plan]):
    model = PlanDecision
    extra = 0
    can_delete = False
    readonly_fields = ["decision", "reason", "decided_by", "decided_at"]

    def has_add_permission(self, request: HttpRequest, obj: Plan | None = None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin[Plan]):
    list_display = ["scheme", "approval", "submitted_at"]
    list_filter = ["approval"]
    inlines = [PlanDecisionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Plan | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Plan | None = None) -> bool:
        return False
