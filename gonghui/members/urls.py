from django.urls import path

from gonghui.members import views

app_name = "members"
urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/status/<uuid:uuid>/", views.join_status, name="join_status"),
    path("me/", views.me, name="me"),
    path("roster/", views.roster, name="roster"),
    path("members/<uuid:uuid>/", views.member_detail, name="detail"),
]
