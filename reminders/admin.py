"""Read-only views of what was recorded and sent: reminders and emails are made by the
daily run and by events, never by hand."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Email, Reminder, ReminderPreference


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["title", "user", "kind", "due", "done_on"]
    list_filter = ["kind", "done_on"]


@admin.register(Email)
class EmailAdmin(ReadOnlyAdmin):
    list_display = ["subject", "user", "kind", "created_at", "sent_at"]
    list_filter = ["kind"]
    exclude = ["body"]  # names schemes and actions: read it in the person's own list


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(ReadOnlyAdmin):
    list_display = ["user", "frequency", "updated_at"]
