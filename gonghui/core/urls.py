from django.urls import path

from gonghui.core import views

app_name = "core"
urlpatterns = [
    path("<uuid:job_uuid>/", views.job_detail, name="job_detail"),
]
