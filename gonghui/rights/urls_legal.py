"""Rights: legal aid — pages (patterns added to rights/urls.py)."""

from django.urls import path

from gonghui.rights.views import legal as v

urlpatterns = [
    path("legal/", v.case_list, name="legal_cases"),
    path("legal/cases/new/", v.case_new, name="legal_case_new"),
    path("legal/cases/<uuid:uuid>/", v.case_detail, name="legal_case_detail"),
    path("legal/cases/<uuid:uuid>/lawyer/", v.case_lawyer, name="legal_case_lawyer"),
    path("legal/cases/<uuid:uuid>/stage/", v.case_stage, name="legal_case_stage"),
    path("legal/cases/<uuid:uuid>/amounts/", v.case_amounts, name="legal_case_amounts"),
    path("legal/cases/<uuid:uuid>/close/", v.case_close, name="legal_case_close"),
    path("legal/consultations/", v.consultation_list, name="legal_consultations"),
    path("legal/consultations/new/", v.consultation_new, name="legal_consultation_new"),
    path("legal/consultations/<uuid:uuid>/", v.consultation_detail, name="legal_consultation_detail"),
    path("legal/consultations/<uuid:uuid>/answer/", v.consultation_answer, name="legal_consultation_answer"),
    path("legal/consultations/<uuid:uuid>/case/", v.consultation_case, name="legal_consultation_case"),
    path("legal/lawyers/", v.lawyer_list, name="legal_lawyers"),
    path("legal/lawyers/<uuid:uuid>/", v.lawyer_edit, name="legal_lawyer_edit"),
    path("legal/figures/", v.figures, name="legal_figures"),
    path("legal/mine/", v.mine, name="legal_mine"),
    path("legal/ask/", v.ask, name="legal_ask"),
    path("legal/mine/cases/<uuid:uuid>/", v.my_case, name="legal_my_case"),
    path("legal/mine/cases/<uuid:uuid>/rate/", v.my_case_rate, name="legal_my_case_rate"),
]
