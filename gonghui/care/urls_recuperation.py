"""Care: recuperation — pages (patterns added to care/urls.py)."""

from django.urls import path

from gonghui.care.views import recuperation as views

urlpatterns: list = [
    path("recuperation/", views.programme_list, name="recuperation_list"),
    path("recuperation/mine/", views.my_applications, name="recuperation_mine"),
    path("recuperation/manage/", views.manage_list, name="recuperation_manage"),
    path("recuperation/new/", views.programme_create, name="recuperation_create"),
    path("recuperation/<uuid:uuid>/", views.programme_detail, name="recuperation_detail"),
    path("recuperation/<uuid:uuid>/apply/", views.apply, name="recuperation_apply"),
    path("recuperation/<uuid:uuid>/applications/", views.applications, name="recuperation_applications"),
    path("recuperation/<uuid:uuid>/draw/", views.draw, name="recuperation_draw"),
    path("recuperation/<uuid:uuid>/cancel/", views.cancel, name="recuperation_cancel"),
    path("recuperation/trips/<uuid:uuid>/roster/", views.roster, name="recuperation_roster"),
    path(
        "recuperation/trips/<uuid:uuid>/roster.xlsx", views.roster_export, name="recuperation_roster_export"
    ),
    path("recuperation/applications/<uuid:uuid>/", views.application_detail, name="recuperation_application"),
    path("recuperation/applications/<uuid:uuid>/withdraw/", views.withdraw, name="recuperation_withdraw"),
    path("recuperation/applications/<uuid:uuid>/accept/", views.accept, name="recuperation_accept"),
    path("recuperation/applications/<uuid:uuid>/priority/", views.priority, name="recuperation_priority"),
]
