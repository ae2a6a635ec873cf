"""Review meetings in the admin: read-only (recorded through the maintenance pages)."""

from django.contrib import admin
from django.http import HttpRequest

from .models import ReviewMeeting


@admin.register(ReviewMeeting)
class ReviewMeetingAdmin(admin.ModelAdmin[ReviewMeeting]):
    list_display = ["scheme", "held_on", "recorded_by"]
    date_hierarchy = "held_on"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ReviewMeeting | None = None) -> bool:
        return False
