"""Admin for tournaments (configuration). Teams, rosters and results are managed on the pages, by
the organiser."""

from django.contrib import admin

from gonghui.core.admin import GonghuiAdmin
from gonghui.tournaments.models import Tournament


@admin.register(Tournament)
class TournamentAdmin(GonghuiAdmin):
    list_display = ("name", "sport", "org", "created_at")
    list_select_related = ("org",)
    search_fields = ("name",)
    raw_id_fields = ("org", "created_by")
