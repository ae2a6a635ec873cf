"""Recruitment's records in the admin: read-only. Prisoners come from the prison's
extract (the import page) and leave the service through the retention task."""

from django.contrib import admin
from django.http import HttpRequest

from . import admin_applications, admin_placements  # noqa: F401
from .models import Prisoner


@admin.register(Prisoner)
class PrisonerAdmin(admin.ModelAdmin[Prisoner]):
    list_display = ["__str__", "prison", "in_prison", "left_on", "anonymised_at"]
    list_filter = ["in_prison", "prison"]
    search_fields = ["prison_number", "last_name"]
    list_select_related = ["prison"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Prisoner | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Prisoner | None = None) -> bool:
        return False
