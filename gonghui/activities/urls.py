from django.urls import path

from gonghui.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("mine/", views.my_registrations, name="mine"),
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/figures/", views.figures, name="figures"),
    path("new/", views.activity_create, name="create"),
    path("<uuid:uuid>/", views.activity_detail, name="detail"),
    path("<uuid:uuid>/calendar.ics", views.ics, name="ics"),
    path("<uuid:uuid>/register/", views.register, name="register"),
    path("<uuid:uuid>/edit/", views.activity_edit, name="edit"),
    path("<uuid:uuid>/cancel/", views.activity_cancel, name="cancel"),
    path("<uuid:uuid>/registrations/", views.registrations, name="registrations"),
    path("<uuid:uuid>/summary/", views.summary, name="summary"),
    path("<uuid:uuid>/photos/", views.photo_upload, name="photo_upload"),
    path("<uuid:uuid>/scan/", views.scan, name="scan"),
    path("<uuid:uuid>/scan/batch/", views.scan_batch, name="scan_batch"),
    path("<uuid:uuid>/photos/<int:pk>/", views.photo, name="photo"),
    path("registrations/<uuid:uuid>/", views.registration_detail, name="registration"),
    path("registrations/<uuid:uuid>/withdraw/", views.withdraw, name="withdraw"),
    path("registrations/<uuid:uuid>/accept/", views.accept, name="accept"),
]
