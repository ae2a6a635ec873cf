"""The administrator's view of schemes: the record's details, never its lifecycle.

A scheme's status, launch date and version change only through the services (the
lifecycle and the governor's decision), so the admin shows them read-only.
"""

from django.contrib import admin
from django.http import HttpRequest

from .models import Action, Scheme, SchemeTransition


class TransitionInline(admin.TabularInline[SchemeTransition, Scheme]):
    model = SchemeTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "at", "reason"]

    def has_add_permission(self, request: HttpRequest, obj: Scheme | None = None) -> bool:
        return False


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin[Scheme]):
    list_display = ["name", "prison", "scheme_type", "status"]
    list_filter = ["status", "scheme_type", "prison"]
    search_fields = ["name"]
    readonly_fields = ["status", "launched_on", "version", "created_by", "created_at", "updated_at"]
    inlines = [TransitionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A scheme is created with its plan by scheme_create (the "Create a scheme" page).
        return False


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin[Action]):
    list_display = ["description", "scheme", "owned_by", "due_date", "status"]
    list_filter = ["status", "source"]
    readonly_fields = ["version", "created_by", "created_at", "updated_at"]
