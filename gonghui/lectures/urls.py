from django.urls import path

from gonghui.lectures import views

app_name = "lectures"
urlpatterns = [
    path("", views.tour_list, name="tour_list"),
    path("new/", views.tour_create, name="tour_create"),
    path("<uuid:uuid>/", views.tour_detail, name="tour_detail"),
    path("<uuid:uuid>/stops/new/", views.stop_add, name="stop_add"),
    path("<uuid:uuid>/stops/<int:pk>/record/", views.stop_record, name="stop_record"),
    path("<uuid:uuid>/stops/<int:pk>/cancel/", views.stop_cancel, name="stop_cancel"),
    path("schedule/<uuid:uuid>/", views.tour_public, name="tour_public"),
    path("lecturers/", views.lecturer_list, name="lecturer_list"),
    path("lecturers/new/", views.lecturer_create, name="lecturer_create"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/<uuid:uuid>/schedule/", views.request_schedule, name="request_schedule"),
]
