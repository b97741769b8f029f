from django.urls import path

from gonghui.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.org_list, name="list"),
    path("<uuid:uuid>/", views.org_detail, name="detail"),
]
