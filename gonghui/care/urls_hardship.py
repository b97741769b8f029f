"""Care: hardship files and assistance — pages."""

from django.urls import path

from gonghui.care.views import hardship as v

urlpatterns = [
    path("hardship/", v.file_list, name="hardship_list"),
    path("hardship/new/", v.file_new, name="hardship_new"),
    path("hardship/mine/", v.mine, name="hardship_mine"),
    path("hardship/lines/", v.lines, name="hardship_lines"),
    path("hardship/figures/", v.figures, name="hardship_figures"),
    path("hardship/<uuid:uuid>/", v.file_detail, name="hardship_detail"),
    path("hardship/<uuid:uuid>/edit/", v.file_edit, name="hardship_edit"),
    path("hardship/<uuid:uuid>/private/", v.file_private, name="hardship_private"),
    path("hardship/<uuid:uuid>/act/", v.file_act, name="hardship_act"),
    path("hardship/<uuid:uuid>/household/", v.household_add, name="hardship_household_add"),
    path(
        "hardship/<uuid:uuid>/household/<int:pk>/remove/",
        v.household_remove,
        name="hardship_household_remove",
    ),
    path("hardship/<uuid:uuid>/assistance/", v.assistance_add, name="hardship_assistance_add"),
    path("hardship/<uuid:uuid>/income/", v.income_add, name="hardship_income_add"),
    path("hardship/<uuid:uuid>/review/", v.file_review, name="hardship_review"),
    path("hardship/<uuid:uuid>/exit/", v.file_exit, name="hardship_exit"),
]
