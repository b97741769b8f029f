from django.urls import path

from gonghui.members.views import cards, identities, join, lifecycle, me, roster

app_name = "members"
urlpatterns = [
    # joining (views/join.py)
    path("join/", join.join, name="join"),
    path("join/status/", join.join_status_lookup, name="join_status_lookup"),
    path("join/status/<uuid:uuid>/", join.join_status, name="join_status"),
    path("applications/", join.application_list, name="application_list"),
    path("applications/<uuid:uuid>/", join.application_detail, name="application_detail"),
    path("applications/<uuid:uuid>/approve/", join.application_approve, name="application_approve"),
    path("applications/<uuid:uuid>/reject/", join.application_reject, name="application_reject"),
    # cards (views/cards.py): the card of the logged-in member, and the public verification page
    path("me/card/", cards.my_card, name="card"),
    path("verify/<str:token>/", cards.verify, name="verify"),
    # the member's own page (views/me.py)
    path("me/", me.me, name="me"),
    path("me/correction/", me.correction_request, name="correction_request"),
    path("me/my-data/", me.data_access_request, name="data_access_request"),
    path("me/transfer/", lifecycle.transfer_request_by_member, name="transfer_request_by_member"),
    # membership lifecycle, cadre side (views/lifecycle.py)
    path("members/<uuid:uuid>/", lifecycle.member_detail, name="detail"),
    path("members/<uuid:uuid>/id-number/", lifecycle.member_reveal_id, name="reveal_id"),
    path("members/<uuid:uuid>/transfer/", lifecycle.transfer_request, name="transfer_request"),
    path("members/<uuid:uuid>/leave/", lifecycle.member_leave, name="leave"),
    path("members/<uuid:uuid>/retire/", lifecycle.member_retire, name="retire"),
    path("members/<uuid:uuid>/rejoin/", lifecycle.member_rejoin, name="rejoin"),
    path("transfers/", lifecycle.transfer_list, name="transfer_list"),
    path("transfers/<uuid:uuid>/", lifecycle.transfer_detail, name="transfer_detail"),
    path("transfers/<uuid:uuid>/<str:action>/", lifecycle.transfer_decide, name="transfer_decide"),
    path("data-requests/", me.data_request_list, name="data_request_list"),
    path("data-requests/<uuid:uuid>/<str:action>/", me.data_request_decide, name="data_request_decide"),
    # suspected duplicate memberships found by `gonghui check-identities` (views/identities.py)
    path("duplicates/", identities.duplicate_list, name="duplicate_list"),
    path("duplicates/<uuid:uuid>/", identities.duplicate_detail, name="duplicate_detail"),
    # roster, import and export (views/roster.py)
    path("roster/", roster.roster, name="roster"),
    path("roster/export.xlsx", roster.roster_export, name="roster_export"),
    path("roster/import/", roster.roster_import, name="roster_import"),
    path("roster/import/template.xlsx", roster.roster_template, name="roster_template"),
]
