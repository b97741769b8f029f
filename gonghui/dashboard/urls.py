from django.urls import path

from gonghui.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.glance_home, name="home"),
    path("<uuid:uuid>/", views.glance, name="glance"),
    path("<uuid:uuid>/charts/<str:key>.svg", views.glance_chart, name="chart"),
    path("<uuid:uuid>/ranking/<str:key>.svg", views.glance_ranking, name="ranking"),
    path("<uuid:uuid>/export.xlsx", views.glance_export, name="export"),
    path("<uuid:uuid>/targets/", views.targets, name="targets"),
]
