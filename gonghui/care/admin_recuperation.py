"""Care: recuperation — admin, imported by care/admin.py. Programmes are configuration; the
applications are people's records, handled on the pages by the cadres whose scope they are in."""

from django.contrib import admin

from gonghui.care.models.recuperation import RecuperationProgramme, RecuperationTrip
from gonghui.core.admin import GonghuiAdmin


class TripInline(admin.TabularInline):
    model = RecuperationTrip
    extra = 0
    readonly_fields = ("taken",)


@admin.register(RecuperationProgramme)
class RecuperationProgrammeAdmin(GonghuiAdmin):
    list_display = ("title", "org", "year", "closes_at", "state")
    list_filter = ("state", "year")
    list_select_related = ("org",)
    raw_id_fields = ("org", "created_by", "drawn_by")
    readonly_fields = ("seed", "seed_source", "drawn_at", "drawn_by", "state")
    search_fields = ("title",)
    inlines = [TripInline]
