"""Care: wishes — admin, imported by care/admin.py. Only the cap per org (configuration): the wishes
themselves carry workers' personal data and are handled on the union's pages."""

from django.contrib import admin

from gonghui.care.models.wishes import WishSetting
from gonghui.core.admin import GonghuiAdmin


@admin.register(WishSetting)
class WishSettingAdmin(GonghuiAdmin):
    list_display = ("org", "cap", "updated_at")
    raw_id_fields = ("org",)
    search_fields = ("org__name",)
