"""Care: honors — admin, imported by care/admin.py. Ceremonies only: honourees are recorded on
the pages (their retirement goes through the members' service)."""

from django.contrib import admin

from gonghui.care.models.honors import RetirementCeremony
from gonghui.core.admin import GonghuiAdmin


@admin.register(RetirementCeremony)
class RetirementCeremonyAdmin(GonghuiAdmin):
    list_display = ("title", "org", "held_on", "place")
    list_select_related = ("org",)
    raw_id_fields = ("org", "created_by")
    search_fields = ("title",)
