from django.urls import path

from gonghui.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.my_notices, name="mine"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    # cadres
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/new/", views.create, name="create"),
    path("manage/<uuid:uuid>/edit/", views.edit, name="edit"),
    path("manage/<uuid:uuid>/withdraw/", views.withdraw, name="withdraw"),
    path("manage/<uuid:uuid>/reads/", views.reads, name="reads"),
]
