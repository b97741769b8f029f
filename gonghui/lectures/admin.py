from django.contrib import admin

from gonghui.core.admin import GonghuiAdmin
from gonghui.lectures.models import Lecturer, LectureTour


@admin.register(Lecturer)
class LecturerAdmin(GonghuiAdmin):
    list_display = ("name", "title", "kind", "org")
    search_fields = ("name", "title")
    raw_id_fields = ("org", "user")


@admin.register(LectureTour)
class LectureTourAdmin(GonghuiAdmin):
    list_display = ("title", "org", "is_public", "created_at")
    search_fields = ("title",)
    raw_id_fields = ("org",)
