"""Rights: legal aid — admin, imported by rights/admin.py. Cases move only through the pages (the
workflow, the conflict check, the stage log), so the admin reads them and corrects small things."""

from django.contrib import admin

from gonghui.core.admin import GonghuiAdmin
from gonghui.rights.models import Consultation, Lawyer, LegalCase


@admin.register(Lawyer)
class LawyerAdmin(GonghuiAdmin):
    list_display = ("name", "firm", "kind", "org", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "firm")
    raw_id_fields = ("org", "advises")
    readonly_fields = ("org_path",)

    def has_add_permission(self, request):
        return False  # added on the lawyers' page, which checks the conflicts with open cases


@admin.register(Consultation)
class ConsultationAdmin(GonghuiAdmin):
    list_display = ("worker_name", "topic", "channel", "org", "created_at")
    list_filter = ("channel", "topic")
    raw_id_fields = ("org", "member", "worker_user", "enterprise", "answered_by", "created_by")
    readonly_fields = ("org_path", "worker_phone", "answered_at")

    def has_add_permission(self, request):
        return False


@admin.register(LegalCase)
class LegalCaseAdmin(GonghuiAdmin):
    list_display = ("number", "worker_name", "topic", "state", "org", "next_due", "amount_recovered")
    list_filter = ("state", "topic")
    search_fields = ("number",)
    raw_id_fields = ("org", "consultation", "member", "worker_user", "enterprise", "lawyer", "created_by")
    readonly_fields = (
        "org_path",
        "state",
        "worker_phone",
        "lawyer",
        "close_due",
        "closed_on",
        "outcome",
        "amount_claimed",
        "amount_recovered",
        "satisfaction",
        "rated_at",
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
