"""Care: women — pages (patterns added to care/urls.py)."""

from django.urls import path

from gonghui.care.views import women as views

urlpatterns: list = [
    path("women/", views.records, name="women_records"),
    path("women/new/", views.record_create, name="women_record_create"),
    path("women/figures/", views.figures, name="women_figures"),
    path("women/places/", views.places, name="women_places"),
    path("women/places/open/", views.places_open, name="women_places_open"),
    path("women/places/new/", views.place_create, name="women_place_create"),
    path("women/places/<uuid:uuid>/toggle/", views.place_toggle, name="women_place_toggle"),
    path("women/<uuid:uuid>/", views.record_detail, name="women_record"),
    path("women/<uuid:uuid>/reveal/", views.record_reveal, name="women_record_reveal"),
]
