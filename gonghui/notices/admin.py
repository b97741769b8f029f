from django.contrib import admin

from gonghui.core.admin import GonghuiAdmin
from gonghui.notices.models import Notice


@admin.register(Notice)
class NoticeAdmin(GonghuiAdmin):
    list_display = ("title", "org", "audience_role", "publish_at", "expire_at", "withdrawn_at", "read_count")
    list_filter = ("audience_role", "pinned")
    search_fields = ("title",)
    readonly_fields = ("org_path", "audience_size", "read_count", "created_by")
    raw_id_fields = ("org",)
