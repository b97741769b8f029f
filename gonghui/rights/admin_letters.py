"""Rights: supervision letters — admin, imported by rights/admin.py."""

from django.contrib import admin

from gonghui.core.admin import GonghuiAdmin
from gonghui.rights.models import LetterSettings, SupervisionLetter


@admin.register(LetterSettings)
class LetterSettingsAdmin(GonghuiAdmin):
    list_display = ("org", "organ_code", "reply_days", "authority")
    raw_id_fields = ("org",)


@admin.register(SupervisionLetter)
class SupervisionLetterAdmin(GonghuiAdmin):
    list_display = ("number", "kind", "title", "addressee", "org", "state", "reply_due")
    list_filter = ("kind", "state", "problem")
    search_fields = ("number", "title", "addressee")
    raw_id_fields = ("org", "enterprise", "parent", "created_by")
    readonly_fields = ("number", "number_year", "number_seq", "reply_due", "overdue_noted_at")

    def has_add_permission(self, request):
        return False  # drafted and numbered through the letter pages
