"""Admin for volunteer teams, alliances and tasks (configuration). Volunteers, team rosters and
sign-ups are people's records: they are managed on the pages, by the cadres whose scope they are in."""

from django.contrib import admin

from gonghui.core.admin import GonghuiAdmin
from gonghui.volunteers.models import Alliance, VolunteerTask, VolunteerTeam


@admin.register(VolunteerTeam)
class VolunteerTeamAdmin(GonghuiAdmin):
    list_display = ("name", "org", "leader", "alliance")
    list_select_related = ("org", "leader__user", "alliance")
    raw_id_fields = ("org", "leader", "alliance")
    search_fields = ("name",)


@admin.register(Alliance)
class AllianceAdmin(GonghuiAdmin):
    list_display = ("name", "org")
    list_select_related = ("org",)
    raw_id_fields = ("org",)
    search_fields = ("name",)


@admin.register(VolunteerTask)
class VolunteerTaskAdmin(GonghuiAdmin):
    list_display = ("title", "org", "starts_at", "capacity", "signed_up", "state")
    list_filter = ("state",)
    list_select_related = ("org",)
    raw_id_fields = ("org", "team", "order", "trip", "leader")
    readonly_fields = ("signed_up",)
    search_fields = ("title",)
