"""Care: women — admin, imported by care/admin.py. Only the places (configuration); care records
hold personal and health data and stay on the union's pages."""

from django.contrib import admin

from gonghui.care.models.women import WomenCarePlace
from gonghui.core.admin import GonghuiAdmin


@admin.register(WomenCarePlace)
class WomenCarePlaceAdmin(GonghuiAdmin):
    list_display = ("name", "kind", "org", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "address")
    raw_id_fields = ("org",)
    readonly_fields = ("created_by",)
