"""Admin for the service desk's configuration: menus, teams, responsible units, deadlines, the bus
and the holiday calendar. Orders, problems, diaries, meetings and petitions are not here: they hold
workers' and petitioners' personal data and decisions, which a platform admin does not need and
which change only through the pages and services (DESIGN.md: platform admin).

The base class (core.admin.GonghuiAdmin) keeps org and workflow state read-only and audits changes.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gonghui.core.admin import GonghuiAdmin
from gonghui.core.models import CalendarDay
from gonghui.servicedesk.models import (
    BusStop,
    BusTrip,
    DeskSettings,
    MenuItem,
    PartnerUnit,
    ServiceTeam,
    ServiceTeamMember,
)
from gonghui.servicedesk.services.settings import calendar_day_remove, calendar_day_set

WEEKDAYS = [_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日")]


@admin.register(CalendarDay)
class CalendarDayAdmin(GonghuiAdmin):
    """Saves and deletes go through the calendar services, which audit them."""

    audited_by_service = True
    list_display = ("date", "weekday", "is_working_day", "name")
    list_filter = ("is_working_day", ("date", admin.DateFieldListFilter))
    search_fields = ("name",)
    date_hierarchy = "date"
    ordering = ("-date",)
    actions = None

    @admin.display(description=_("星期"))
    def weekday(self, obj) -> str:
        return str(WEEKDAYS[obj.date.weekday()])

    def save_model(self, request, obj, form, change):
        if change and "date" in form.changed_data:
            calendar_day_remove(date=form.initial["date"], actor=request.user)
        saved = calendar_day_set(
            date=obj.date, is_working_day=obj.is_working_day, name=obj.name, actor=request.user
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        try:
            calendar_day_remove(date=obj.date, actor=request.user)
        except ValidationError:
            pass  # already gone


@admin.register(DeskSettings)
class DeskSettingsAdmin(GonghuiAdmin):
    list_display = ("org", "dispatch_within_days", "problem_due_days", "petition_reply_days")
    raw_id_fields = ("org",)
    search_fields = ("org__name",)
    list_select_related = ("org",)


class ServiceTeamMemberInline(admin.TabularInline):
    model = ServiceTeamMember
    raw_id_fields = ("user",)
    extra = 0


@admin.register(ServiceTeam)
class ServiceTeamAdmin(GonghuiAdmin):
    list_display = ("name", "org", "leader", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "org__name")
    raw_id_fields = ("org", "leader")
    list_select_related = ("org", "leader")
    inlines = [ServiceTeamMemberInline]


@admin.register(MenuItem)
class MenuItemAdmin(GonghuiAdmin):
    list_display = ("title", "category", "org", "team", "bus_eligible", "is_active")
    list_filter = ("category", "is_active", "bus_eligible", "for_workers", "for_enterprises", "for_unions")
    search_fields = ("title", "org__name")
    raw_id_fields = ("org", "team")
    list_select_related = ("org", "team")


class BusStopInline(admin.TabularInline):
    model = BusStop
    raw_id_fields = ("enterprise",)
    extra = 0


@admin.register(BusTrip)
class BusTripAdmin(GonghuiAdmin):
    list_display = ("date", "title", "org", "vehicle", "state")
    list_filter = ("state",)
    search_fields = ("title", "org__name")
    raw_id_fields = ("org",)
    filter_horizontal = ("teams", "items")
    date_hierarchy = "date"
    inlines = [BusStopInline]


@admin.register(PartnerUnit)
class PartnerUnitAdmin(GonghuiAdmin):
    list_display = ("name", "department", "org", "contact_name", "is_active")
    list_filter = ("is_active", "department")
    search_fields = ("name", "org__name")
    raw_id_fields = ("org", "contacts")
