from django.urls import path

from gonghui.core import views

app_name = "core"
urlpatterns = [
    path("<uuid:job_uuid>/", views.job_detail, name="job_detail"),
    path("<uuid:job_uuid>/download/", views.job_download, name="job_download"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read-all/", views.notification_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
]
