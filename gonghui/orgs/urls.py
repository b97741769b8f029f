from django.urls import path

from gonghui.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.org_list, name="list"),
    path("search/", views.org_search, name="search"),
    path("<uuid:uuid>/", views.org_detail, name="detail"),
    path("<uuid:uuid>/new/", views.org_create, name="create"),
    path("<uuid:uuid>/edit/", views.org_edit, name="edit"),
    path("<uuid:uuid>/pipeline.xlsx", views.pipeline_export, name="pipeline_export"),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("enterprises/search/", views.enterprise_search, name="enterprise_search"),
    path("enterprises/<uuid:uuid>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<uuid:uuid>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("enterprises/<uuid:uuid>/formation/", views.enterprise_formation, name="enterprise_formation"),
    path("routes/", views.route_list, name="routes"),
    path("routes/<int:pk>/delete/", views.route_delete, name="route_delete"),
]
