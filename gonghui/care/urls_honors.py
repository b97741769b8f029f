"""Care: honors — pages (patterns added to care/urls.py)."""

from django.urls import path

from gonghui.care.views import honors as views

urlpatterns: list = [
    path("honors/", views.ceremony_list, name="honors_list"),
    path("honors/mine/", views.my_certificates, name="honors_mine"),
    path("honors/new/", views.ceremony_create, name="honors_create"),
    path("honors/template/", views.certificate_template, name="honors_template"),
    path("honors/template/download/", views.certificate_template_download, name="honors_template_download"),
    path("honors/<uuid:uuid>/", views.ceremony_detail, name="honors_detail"),
    path("honors/<uuid:uuid>/add/", views.honouree_add, name="honors_add"),
    path("honors/certificates/<uuid:uuid>/", views.certificate, name="honors_certificate"),
]
