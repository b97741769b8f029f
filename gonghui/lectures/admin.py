from django.contrib import admin

from gonghui.lectures.models import Lecturer, LectureTour


@admin.register(Lecturer)
class LecturerAdmin(admin.ModelAdmin):
    list_display = ("name", "title", "kind", "org")
    search_fields = ("name", "title")
    raw_id_fields = ("org", "user")


@admin.register(LectureTour)
class LectureTourAdmin(admin.ModelAdmin):
    list_display = ("title", "org", "is_public", "created_at")
    search_fields = ("title",)
    raw_id_fields = ("org",)
