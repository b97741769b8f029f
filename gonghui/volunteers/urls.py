from django.urls import path

from gonghui.volunteers import views

app_name = "volunteers"
urlpatterns = [
    path("", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("me/", views.profile, name="profile"),
    path("me/leave/", views.leave, name="leave"),
    path("me/hours/", views.my_hours, name="my_hours"),
    path("me/hours/<int:year>/certificate/", views.my_certificate, name="my_certificate"),
    # cadres: the register of volunteers and their certificates
    path("people/", views.volunteer_list, name="volunteer_list"),
    path("people/<uuid:uuid>/certificate/<int:year>/", views.certificate, name="certificate"),
    path("certificates/verify/<str:token>/", views.certificate_verify, name="certificate_verify"),
    # teams and alliances
    path("teams/", views.team_list, name="team_list"),
    path("teams/new/", views.team_create, name="team_create"),
    path("teams/<uuid:uuid>/", views.team_detail, name="team_detail"),
    path("teams/<uuid:uuid>/join/", views.team_join, name="team_join"),
    path("teams/<uuid:uuid>/leader/", views.team_leader, name="team_leader"),
    path(
        "teams/<uuid:uuid>/members/<uuid:volunteer_uuid>/remove/",
        views.team_member_remove,
        name="team_member_remove",
    ),
    path("alliances/", views.alliance_list, name="alliance_list"),
    path("alliances/new/", views.alliance_create, name="alliance_create"),
    path("alliances/<int:pk>/", views.alliance_detail, name="alliance_detail"),
    path("alliances/<int:pk>/teams/add/", views.alliance_team_add, name="alliance_team_add"),
    path(
        "alliances/<int:pk>/teams/<uuid:team_uuid>/remove/",
        views.alliance_team_remove,
        name="alliance_team_remove",
    ),
    # tasks, sign-up, check-in and hours
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/manage/", views.task_manage_list, name="task_manage_list"),
    path("tasks/new/", views.task_create, name="task_create"),
    path("tasks/<uuid:uuid>/", views.task_detail, name="task_detail"),
    path("tasks/<uuid:uuid>/signup/", views.task_signup, name="task_signup"),
    path("tasks/<uuid:uuid>/withdraw/", views.task_withdraw, name="task_withdraw"),
    path("tasks/<uuid:uuid>/close/", views.task_close, name="task_close"),
    path("tasks/<uuid:uuid>/cancel/", views.task_cancel, name="task_cancel"),
    path("tasks/<uuid:uuid>/rotate-code/", views.task_rotate_code, name="task_rotate_code"),
    path("tasks/<uuid:uuid>/scan/", views.task_scan, name="task_scan"),
    path("tasks/<uuid:uuid>/scan/batch/", views.task_scan_batch, name="task_scan_batch"),
    path("tasks/<uuid:uuid>/signups/<int:pk>/hours/", views.hours_confirm, name="hours_confirm"),
    path("checkin/<uuid:task_uuid>/<str:token>/", views.checkin, name="checkin"),
]
