from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from .models import AccessLog, Membership, Prison, User


class MembershipInline(admin.TabularInline[Membership, Membership]):
    model = Membership
    extra = 1
    autocomplete_fields = ["prison"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]


@admin.register(Prison)
class PrisonAdmin(admin.ModelAdmin[Prison]):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "prison", "role"]
    list_filter = ["role", "prison"]
    autocomplete_fields = ["prison"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


class ReadOnlyLogAdmin(admin.ModelAdmin[Any]):
    """A log is written by the service, never by hand: the admin may only read it."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "username", "what", "model", "object_id", "prison"]
    list_filter = ["model", "at", "prison"]
    search_fields = ["object_id", "username"]
    date_hierarchy = "at"
    list_select_related = ["prison"]
