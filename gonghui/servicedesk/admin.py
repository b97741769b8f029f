"""Admin for the service desk: configuration is editable; workflow states change only through the
pages and services (which log every transition), so they are read-only here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gonghui.core.pii import mask_mobile
from gonghui.servicedesk.models import (
    BusStop,
    BusTrip,
    DeskSettings,
    DialogueMeeting,
    DiaryEntry,
    FollowUp,
    MenuItem,
    PartnerUnit,
    Petition,
    Problem,
    ServiceOrder,
    ServiceTeam,
    ServiceTeamMember,
    StopService,
)


@admin.register(DeskSettings)
class DeskSettingsAdmin(admin.ModelAdmin):
    list_display = ("org", "dispatch_within_days", "problem_due_days", "petition_reply_days")
    raw_id_fields = ("org",)
    search_fields = ("org__name",)
    list_select_related = ("org",)


class ServiceTeamMemberInline(admin.TabularInline):
    model = ServiceTeamMember
    raw_id_fields = ("user",)
    extra = 0


@admin.register(ServiceTeam)
class ServiceTeamAdmin(admin.ModelAdmin):
    list_display = ("name", "org", "leader", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "org__name")
    raw_id_fields = ("org", "leader")
    list_select_related = ("org", "leader")
    inlines = [ServiceTeamMemberInline]


@admin.register(MenuItem)
class MenuItemAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "org", "team", "bus_eligible", "is_active")
    list_filter = ("category", "is_active", "bus_eligible", "for_workers", "for_enterprises", "for_unions")
    search_fields = ("title", "org__name")
    raw_id_fields = ("org", "team")
    list_select_related = ("org", "team")


class WorkflowStateReadOnly(admin.ModelAdmin):
    """State and timestamps of a workflow are changed by its transitions only."""

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "state", "created_at", "updated_at"]


@admin.register(ServiceOrder)
class ServiceOrderAdmin(WorkflowStateReadOnly):
    list_display = ("item", "org", "orderer_kind", "wished_date", "state", "team", "created_at")
    list_filter = ("state", "category", "orderer_kind")
    search_fields = ("item__title", "place", "org__name")
    raw_id_fields = ("org", "item", "orderer", "enterprise", "ordering_union", "team")
    list_select_related = ("item", "org", "team")
    date_hierarchy = "created_at"
    readonly_fields = ("uuid", "category", "accepted_at", "dispatched_at", "delivered_at", "rated_at")


class BusStopInline(admin.TabularInline):
    model = BusStop
    raw_id_fields = ("enterprise",)
    extra = 0


@admin.register(BusTrip)
class BusTripAdmin(admin.ModelAdmin):
    list_display = ("date", "title", "org", "vehicle", "state")
    list_filter = ("state",)
    search_fields = ("title", "org__name")
    raw_id_fields = ("org",)
    filter_horizontal = ("teams", "items")
    date_hierarchy = "date"
    inlines = [BusStopInline]


@admin.register(StopService)
class StopServiceAdmin(admin.ModelAdmin):
    list_display = ("stop", "item", "people_served", "recorded_by", "recorded_at")
    raw_id_fields = ("stop", "item", "recorded_by")


@admin.register(PartnerUnit)
class PartnerUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "department", "org", "contact_name", "is_active")
    list_filter = ("is_active", "department")
    search_fields = ("name", "org__name")
    raw_id_fields = ("org",)
    filter_horizontal = ("contacts",)


@admin.register(Problem)
class ProblemAdmin(WorkflowStateReadOnly):
    list_display = ("title", "enterprise", "category", "urgency", "state", "unit", "due_date", "created_at")
    list_filter = ("state", "category", "urgency")
    search_fields = ("title", "enterprise__name")
    raw_id_fields = ("org", "enterprise", "reporter", "unit")
    list_select_related = ("enterprise", "unit")
    date_hierarchy = "created_at"
    readonly_fields = ("uuid", "assigned_at", "answered_at", "resolved_at", "escalated_at")


@admin.register(DialogueMeeting)
class DialogueMeetingAdmin(admin.ModelAdmin):
    list_display = ("date", "title", "place", "org")
    search_fields = ("title", "place")
    raw_id_fields = ("org", "problems")
    date_hierarchy = "date"


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    raw_id_fields = ("assignee",)
    readonly_fields = ("state", "done_at")
    extra = 0


@admin.register(DiaryEntry)
class DiaryEntryAdmin(admin.ModelAdmin):
    list_display = ("visited_on", "author", "org", "enterprise", "visited")
    search_fields = ("visited", "enterprise__name", "author__name")
    raw_id_fields = ("org", "author", "enterprise")
    list_select_related = ("author", "org", "enterprise")
    date_hierarchy = "visited_on"
    inlines = [FollowUpInline]


@admin.register(Petition)
class PetitionAdmin(WorkflowStateReadOnly):
    """The petitioner's phone stays masked here: platform admins do not need it."""

    list_display = (
        "received_on",
        "subject",
        "channel",
        "org",
        "petitioner_name",
        "phone",
        "state",
        "reply_due",
    )
    list_filter = ("state", "channel")
    search_fields = ("subject", "org__name")
    raw_id_fields = ("org", "petitioner", "assignee")
    list_select_related = ("org",)
    date_hierarchy = "received_on"
    exclude = ("petitioner_phone",)
    readonly_fields = ("uuid", "phone", "reply_due", "replied_at", "closed_at")

    @admin.display(description=_("联系电话"))
    def phone(self, obj) -> str:
        return mask_mobile(obj.petitioner_phone)

    def has_add_permission(self, request):
        return False  # registered through the pages, which compute the working-day deadline
