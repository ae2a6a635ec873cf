from django.contrib import admin

from .models import Scheme


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin[Scheme]):
    list_display = ["name", "prison", "scheme_type", "status"]
    list_filter = ["status", "scheme_type", "prison"]
    search_fields = ["name"]
    readonly_fields = ["version", "created_at", "updated_at"]
