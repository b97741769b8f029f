from django.contrib import admin

from gonghui.tournaments.models import Division, Tournament


class DivisionInline(admin.TabularInline):
    model = Division
    extra = 0


@admin.register(Tournament)
class TournamentAdmin(admin.ModelAdmin):
    list_display = ("name", "sport", "org", "created_at")
    search_fields = ("name",)
    raw_id_fields = ("org", "created_by")
    inlines = [DivisionInline]
