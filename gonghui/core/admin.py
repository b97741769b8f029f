"""Admin for the core tables: the holiday calendar is editable; logs and jobs are read-only."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import AuditEntry, CalendarDay, Job, Notification, PersonalDataAccess, TransitionLog

WEEKDAYS = [_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日")]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Saves and deletes go through the calendar services, which audit them."""

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
        from gonghui.servicedesk.services.settings import calendar_day_remove, calendar_day_set

        if change and "date" in form.changed_data:
            calendar_day_remove(date=form.initial["date"], actor=request.user)
        saved = calendar_day_set(
            date=obj.date, is_working_day=obj.is_working_day, name=obj.name, actor=request.user
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        from gonghui.servicedesk.services.settings import calendar_day_remove

        try:
            calendar_day_remove(date=obj.date, actor=request.user)
        except ValidationError:
            pass  # already gone


class ReadOnlyAdmin(admin.ModelAdmin):
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "title", "read_at")
    list_filter = (("read_at", admin.EmptyFieldListFilter),)
    search_fields = ("title", "recipient__phone", "recipient__name")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "kind",
        "state",
        "stage",
        "done",
        "total",
        "org",
        "created_by",
        "finished_at",
    )
    list_filter = ("state", "kind")
    list_select_related = ("org", "created_by")
    date_hierarchy = "created_at"


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "action", "content_type", "object_id", "org", "actor")
    list_filter = ("action", "content_type")
    search_fields = ("action", "actor__phone", "actor__name")
    list_select_related = ("content_type", "org", "actor")
    date_hierarchy = "at"


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "content_type", "object_id", "transition", "from_state", "to_state", "actor")
    list_filter = ("content_type", "transition", "to_state")
    search_fields = ("actor__phone", "actor__name", "note")
    list_select_related = ("content_type", "actor")
    date_hierarchy = "at"


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "content_type", "object_id", "org", "subject_count", "purpose")
    list_filter = ("action", "content_type")
    search_fields = ("actor__phone", "actor__name", "purpose")
    list_select_related = ("actor", "content_type", "org")
    date_hierarchy = "at"
