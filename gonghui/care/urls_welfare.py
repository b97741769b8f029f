"""Care: welfare — pages (patterns added to care/urls.py)."""

from django.urls import path

from gonghui.care.views import welfare as views

urlpatterns: list = [
    path("welfare/rules/", views.rule_list, name="welfare_rules"),
    path("welfare/rules/new/", views.rule_create, name="welfare_rule_create"),
    path("welfare/rules/<int:pk>/edit/", views.rule_edit, name="welfare_rule_edit"),
    path("welfare/rules/<int:pk>/delete/", views.rule_delete, name="welfare_rule_delete"),
    path("welfare/batches/", views.batch_list, name="welfare_batches"),
    path("welfare/batches/new/", views.batch_create, name="welfare_batch_create"),
    path("welfare/batches/<uuid:uuid>/", views.batch_detail, name="welfare_batch_detail"),
    path("welfare/batches/<uuid:uuid>/compute/", views.batch_compute, name="welfare_batch_compute"),
    path("welfare/batches/<uuid:uuid>/close/", views.batch_close, name="welfare_batch_close"),
    path("welfare/batches/<uuid:uuid>/point/", views.batch_point, name="welfare_batch_point"),
    path(
        "welfare/batches/<uuid:uuid>/point/rotate/",
        views.batch_point_rotate,
        name="welfare_batch_point_rotate",
    ),
    path("welfare/batches/<uuid:uuid>/export/", views.batch_export, name="welfare_batch_export"),
    path("welfare/gifts/", views.my_gifts, name="welfare_my_gifts"),
    path("welfare/gifts/<uuid:uuid>/sign/", views.gift_sign, name="welfare_gift_sign"),
    path(
        "welfare/batches/<uuid:uuid>/confirm/<uuid:member_uuid>/",
        views.gift_confirm,
        name="welfare_gift_confirm",
    ),
    path("welfare/sign/<str:token>/", views.scan, name="welfare_scan"),
    path("welfare/requests/", views.request_list, name="welfare_requests"),
    path("welfare/requests/mine/", views.my_requests, name="welfare_my_requests"),
    path("welfare/requests/new/", views.request_create, name="welfare_request_create"),
    path("welfare/requests/<uuid:uuid>/", views.request_detail, name="welfare_request_detail"),
    path("welfare/requests/<uuid:uuid>/<str:action>/", views.request_action, name="welfare_request_action"),
]
