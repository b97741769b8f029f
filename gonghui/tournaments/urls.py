from django.urls import path

from gonghui.tournaments import views

app_name = "tournaments"
urlpatterns = [
    path("", views.tournament_list, name="list"),
    path("new/", views.tournament_create, name="create"),
    path("me/next/", views.my_next, name="my_next"),
    path("<uuid:uuid>/", views.tournament_detail, name="detail"),
    path("<uuid:uuid>/schedule/", views.schedule, name="schedule"),
    path("<uuid:uuid>/standings/", views.standings, name="standings"),
    path("<uuid:uuid>/bracket/", views.bracket, name="bracket"),
    # the organiser
    path("<uuid:uuid>/manage/", views.tournament_manage, name="manage"),
    path("<uuid:uuid>/divisions/add/", views.division_add, name="division_add"),
    path("<uuid:uuid>/courts/add/", views.court_add, name="court_add"),
    path("<uuid:uuid>/slots/add/", views.slots_add, name="slots_add"),
    path("<uuid:uuid>/schedule/generate/", views.schedule_generate, name="schedule_generate"),
    path("divisions/<uuid:uuid>/draw/", views.division_draw, name="division_draw"),
    path("divisions/<uuid:uuid>/swiss-next/", views.swiss_next, name="swiss_next"),
    path("divisions/<uuid:uuid>/register/", views.team_register, name="team_register"),
    path("matches/<uuid:uuid>/", views.match_detail, name="match"),
    path("matches/<uuid:uuid>/result/", views.match_result, name="match_result"),
    path("matches/<uuid:uuid>/move/", views.match_move, name="match_move"),
]
