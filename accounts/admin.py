from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Membership, Prison, User


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
