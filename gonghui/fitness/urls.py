from django.urls import path

from gonghui.fitness import views

app_name = "fitness"
urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("new/", views.programme_create, name="programme_create"),
    path("<uuid:uuid>/", views.programme_detail, name="programme_detail"),
    path("<uuid:uuid>/enrol/", views.enrol, name="enrol"),
    path("<uuid:uuid>/me/", views.my_weigh_ins, name="my_weigh_ins"),
    path("<uuid:uuid>/me/weigh-in/", views.weigh_in_submit, name="weigh_in_submit"),
    path("<uuid:uuid>/leaderboard/", views.leaderboard, name="leaderboard"),
    # organisers
    path("<uuid:uuid>/manage/", views.manage, name="manage"),
    path("<uuid:uuid>/contests/new/", views.contest_create, name="contest_create"),
    path("<uuid:uuid>/teams/new/", views.team_create, name="team_create"),
    path("<uuid:uuid>/teams/assign/", views.team_assign, name="team_assign"),
    path("<uuid:uuid>/queue/", views.queue, name="queue"),
    path("<uuid:uuid>/queue/record/", views.weigh_in_record, name="weigh_in_record"),
    path(
        "<uuid:uuid>/weigh-ins/<uuid:weigh_in_uuid>/<str:action>/",
        views.weigh_in_decide,
        name="weigh_in_decide",
    ),
    path("<uuid:uuid>/people/<uuid:enrolment_uuid>/", views.participant, name="participant"),
]
