import json
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from .models import AccessLog, AuditEvent, Membership, Prison, User


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
    list_display = ["name", "code", "region", "population"]
    list_filter = ["region"]
    search_fields = ["name", "code"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "prison", "role"]
    list_filter = ["role", "prison"]
    autocomplete_fields = ["prison"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


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


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyLogAdmin):
    """The audit trail: every change to a tracked record, and every sign-in."""

    list_display = ["at", "username", "action", "model", "object_id", "prison", "scheme_id"]
    list_filter = ["action", "model", "at", ("user", admin.RelatedOnlyFieldListFilter), "prison"]
    search_fields = ["=object_id", "username"]
    date_hierarchy = "at"
    list_select_related = ["prison"]
    readonly_fields = [
        "at",
        "user",
        "username",
        "prison",
        "scheme_id",
        "model",
        "object_id",
        "action",
        "changes_table",
        "address",
    ]
    exclude = ["changes"]

    @admin.display(description="Changes")
    def changes_table(self, event: AuditEvent) -> str:
        rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
            (
                (
                    column,
                    json.dumps(before, ensure_ascii=False),
                    json.dumps(after, ensure_ascii=False),
                )
                for column, (before, after) in event.changes.items()
            ),
        )
        if not rows:
            return "none"
        return format_html(
            "<table><thead><tr><th>Field</th><th>Before</th><th>After</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            rows,
        )
