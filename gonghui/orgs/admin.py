"""Admin for the org tree: read and search; changes go through the pages (they keep paths and audit)."""

from django.contrib import admin

from gonghui.core.admin import ReadOnlyAdmin
from gonghui.orgs.models import Enterprise, EnterpriseContact, NewFormRoute, Org, OrgMemberTally


@admin.register(Org)
class OrgAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "parent", "formed_on", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "uscc")
    list_select_related = ("parent",)
    show_full_result_count = False


@admin.register(Enterprise)
class EnterpriseAdmin(ReadOnlyAdmin):
    list_display = ("name", "uscc", "employee_count", "industry", "org", "union", "union_formed_on")
    list_filter = ("industry", "ownership")
    search_fields = ("name", "uscc")
    list_select_related = ("org", "union")
    show_full_result_count = False


@admin.register(NewFormRoute)
class NewFormRouteAdmin(ReadOnlyAdmin):
    list_display = ("job_type", "area", "union")
    list_select_related = ("area", "union")


@admin.register(EnterpriseContact)
class EnterpriseContactAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "user", "title", "created_at")
    list_select_related = ("enterprise", "user")
    search_fields = ("enterprise__name",)


@admin.register(OrgMemberTally)
class OrgMemberTallyAdmin(ReadOnlyAdmin):
    list_display = ("org", "members", "new_form_members")
    list_select_related = ("org",)
