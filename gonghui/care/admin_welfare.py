"""Care: welfare — admin, imported by care/admin.py. Rules may be configured here; batches and
condolence requests are read here only (their steps go through the services: the approval chain,
the batch job). Gifts hold members' sign-offs and are read on the batch's page."""

from django.contrib import admin

from gonghui.care.models.welfare import CondolenceRequest, CondolenceRule, WelfareBatch
from gonghui.core.admin import GonghuiAdmin


@admin.register(CondolenceRule)
class CondolenceRuleAdmin(GonghuiAdmin):
    list_display = ("org", "occasion", "cap_per_occasion", "cap_per_year", "times_per_year", "allow_cash")
    list_filter = ("occasion",)
    list_select_related = ("org",)
    raw_id_fields = ("org",)
    readonly_fields = ("org_path",)
    search_fields = ("org__name",)


class _ReadOnly(GonghuiAdmin):
    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.concrete_fields]


@admin.register(WelfareBatch)
class WelfareBatchAdmin(_ReadOnly):
    list_display = ("title", "org", "occasion", "value", "form", "date", "state")
    list_filter = ("occasion", "state")
    list_select_related = ("org",)
    search_fields = ("title",)


@admin.register(CondolenceRequest)
class CondolenceRequestAdmin(_ReadOnly):
    list_display = ("member", "org", "occasion", "amount", "form", "state", "created_at")
    list_filter = ("occasion", "state")
    list_select_related = ("org", "member")
    search_fields = ("member__member_no",)
