"""Rights: collective consultation and contracts — pages (patterns added to rights/urls.py)."""

from django.urls import path

from gonghui.rights.views import contracts as v

urlpatterns = [
    path("contracts/", v.contract_list, name="contracts_list"),
    path("contracts/new/", v.round_new, name="contracts_new"),
    path("contracts/mine/", v.mine, name="contracts_mine"),
    path("contracts/figures/", v.figures, name="contracts_figures"),
    path("contracts/<uuid:uuid>/", v.round_detail, name="contracts_round"),
    path("contracts/<uuid:uuid>/edit/", v.round_edit, name="contracts_edit"),
    path("contracts/<uuid:uuid>/demand/", v.demand_add, name="contracts_demand"),
    path("contracts/<uuid:uuid>/meeting/", v.meeting_add, name="contracts_meeting"),
    path("contracts/<uuid:uuid>/vote/", v.vote, name="contracts_vote"),
    path("contracts/<uuid:uuid>/file/", v.file, name="contracts_file"),
    path("contracts/<uuid:uuid>/objection/", v.objection, name="contracts_objection"),
    path("contracts/<uuid:uuid>/publish/", v.publish, name="contracts_publish"),
    path("contracts/<uuid:uuid>/renew/", v.renew, name="contracts_renew"),
]
