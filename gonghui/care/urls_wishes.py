"""Care: wishes — pages (patterns added to care/urls.py)."""

from django.urls import path

from gonghui.care.views import wishes as views

urlpatterns: list = [
    path("wishes/", views.wall, name="wishes_wall"),
    path("wishes/new/", views.create, name="wishes_create"),
    path("wishes/mine/", views.mine, name="wishes_mine"),
    path("wishes/claims/", views.claims, name="wishes_claims"),
    path("wishes/manage/", views.manage, name="wishes_manage"),
    path("wishes/manage/figures/", views.figures, name="wishes_figures"),
    path("wishes/manage/cap/", views.cap, name="wishes_cap"),
    path("wishes/<uuid:uuid>/", views.detail, name="wishes_detail"),
    path("wishes/<uuid:uuid>/publish/", views.publish, name="wishes_publish"),
    path("wishes/<uuid:uuid>/refuse/", views.refuse, name="wishes_refuse"),
    path("wishes/<uuid:uuid>/withdraw/", views.withdraw, name="wishes_withdraw"),
    path("wishes/<uuid:uuid>/claim/", views.claim, name="wishes_claim"),
    path("wishes/<uuid:uuid>/release/", views.release, name="wishes_release"),
    path("wishes/<uuid:uuid>/fulfil/", views.fulfil, name="wishes_fulfil"),
    path("wishes/<uuid:uuid>/confirm/", views.confirm, name="wishes_confirm"),
    path("wishes/<uuid:uuid>/not-received/", views.not_received, name="wishes_not_received"),
    path("wishes/<uuid:uuid>/photo/", views.photo, name="wishes_photo"),
]
