"""Rights: contracts — admin, imported by rights/admin.py. The steps (vote, filing, publication) are
the pages' services: here the records are read and corrected, not made."""

from django.contrib import admin

from gonghui.core.admin import GonghuiAdmin
from gonghui.rights.models import ConsultationDemand, ConsultationMeeting, ConsultationRound, Contract


class DemandInline(admin.TabularInline):
    model = ConsultationDemand
    extra = 0
    fields = ("text",)


class MeetingInline(admin.TabularInline):
    model = ConsultationMeeting
    extra = 0
    fields = ("held_on", "place", "minutes")


@admin.register(ConsultationRound)
class ConsultationRoundAdmin(GonghuiAdmin):
    list_display = ("title", "org", "started_on", "voted_on")
    raw_id_fields = ("org", "renews", "created_by")
    readonly_fields = (
        "org_path",
        "voted_on",
        "representatives_total",
        "representatives_present",
        "votes_in_favour",
    )
    inlines = [DemandInline, MeetingInline]

    def has_add_permission(self, request):
        return False  # started through the page, which drafts its contract with it


@admin.register(Contract)
class ContractAdmin(GonghuiAdmin):
    list_display = ("title", "org", "kind", "level", "state", "starts_on", "ends_on", "employees_covered")
    list_filter = ("kind", "level", "state")
    raw_id_fields = ("round", "org")
    filter_horizontal = ("enterprises",)
    readonly_fields = (
        "org_path",
        "state",
        "filing_due",
        "filed_on",
        "filed_late",
        "objection_until",
        "effective_on",
        "published_on",
    )

    def has_add_permission(self, request):
        return False
