from django.contrib import admin

from gonghui.volunteers.models import (
    Alliance,
    Signup,
    TeamMembership,
    Volunteer,
    VolunteerTask,
    VolunteerTeam,
)


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin):
    list_display = ("user", "org", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("user", "member", "org")
    search_fields = ("user__name",)


class MembershipInline(admin.TabularInline):
    model = TeamMembership
    raw_id_fields = ("volunteer",)
    extra = 0


@admin.register(VolunteerTeam)
class VolunteerTeamAdmin(admin.ModelAdmin):
    list_display = ("name", "org", "leader", "alliance")
    raw_id_fields = ("org", "leader", "alliance")
    search_fields = ("name",)
    inlines = [MembershipInline]


@admin.register(Alliance)
class AllianceAdmin(admin.ModelAdmin):
    list_display = ("name", "org")
    raw_id_fields = ("org",)
    search_fields = ("name",)


@admin.register(VolunteerTask)
class VolunteerTaskAdmin(admin.ModelAdmin):
    list_display = ("title", "org", "starts_at", "capacity", "signed_up", "state")
    list_filter = ("state",)
    raw_id_fields = ("org", "team", "order", "trip", "leader")
    readonly_fields = ("signed_up",)
    search_fields = ("title",)


@admin.register(Signup)
class SignupAdmin(admin.ModelAdmin):
    list_display = ("task", "volunteer", "state", "checked_in_at", "checked_out_at", "hours", "confirmed_at")
    list_filter = ("state",)
    raw_id_fields = ("task", "volunteer", "confirmed_by")
    readonly_fields = ("hours", "confirmed_by", "confirmed_at")
