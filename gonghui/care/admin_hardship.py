"""Care: hardship — admin, imported by care/admin.py. Health and bank data are never shown here."""

from django.contrib import admin

from gonghui.care.models import Assistance, HardshipFile, PovertyLine
from gonghui.core.admin import GonghuiAdmin


@admin.register(PovertyLine)
class PovertyLineAdmin(GonghuiAdmin):
    list_display = ("org", "year", "minimum_living", "updated_at")
    list_filter = ("year",)
    raw_id_fields = ("org",)
    readonly_fields = ("set_by",)


@admin.register(HardshipFile)
class HardshipFileAdmin(GonghuiAdmin):
    list_display = ("member", "org", "hardship_class", "state", "approval_due", "exited_on")
    list_filter = ("hardship_class", "state")
    raw_id_fields = ("org", "member", "approval_org", "submitted_by", "created_by")
    exclude = ("health_encrypted", "bank_account_encrypted")
    readonly_fields = (
        "org_path",
        "state",
        "approval_org",
        "approval_path",
        "approval_due",
        "submitted_at",
        "submitted_by",
        "decided_at",
        "per_capita_income",
        "hardship_class",
        "line_year",
        "line_amount",
        "bank_account_masked",
    )

    def has_add_permission(self, request):
        return False  # a file is made by its union's cadre, through the approval chain


@admin.register(Assistance)
class AssistanceAdmin(GonghuiAdmin):
    list_display = ("file", "org", "kind", "need", "amount", "given_on")
    list_filter = ("kind",)
    raw_id_fields = ("file", "org", "created_by")
    readonly_fields = ("org_path", "file_path", "need_key")

    def has_add_permission(self, request):
        return False  # given through the page, which checks the one-need rule
