"""Admin for membership: read-only and masked. Personal data is opened, logged, on the cadre pages."""

from django.contrib import admin

from gonghui.members.models import DataRequest, JoinApplication, Member, TransferRequest
from gonghui.orgs.admin import ReadOnlyAdmin


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ("member_no", "name", "id_number_masked", "org", "status", "joined_on", "source")
    list_filter = ("status", "source", "job_type")
    search_fields = ("member_no",)
    list_select_related = ("org",)
    exclude = ("id_number_encrypted", "id_number_hash", "mobile")
    readonly_fields = ("member_no", "id_number_masked", "org_path")
    show_full_result_count = False


@admin.register(JoinApplication)
class JoinApplicationAdmin(ReadOnlyAdmin):
    list_display = ("name", "id_number_masked", "org", "state", "created_at")
    list_filter = ("state",)
    list_select_related = ("org",)
    exclude = ("id_number_encrypted", "id_number_hash", "mobile")
    readonly_fields = ("id_number_masked",)


@admin.register(TransferRequest)
class TransferRequestAdmin(ReadOnlyAdmin):
    list_display = ("member", "from_org", "to_org", "state", "created_at")
    list_filter = ("state",)
    list_select_related = ("member", "from_org", "to_org")


@admin.register(DataRequest)
class DataRequestAdmin(ReadOnlyAdmin):
    list_display = ("member", "kind", "state", "created_at")
    list_filter = ("kind", "state")
    list_select_related = ("member",)
