"""Rights: supervision letters — pages."""

from django.urls import path

from gonghui.rights.views import letters as v

urlpatterns = [
    path("letters/", v.letter_list, name="letter_list"),
    path("letters/new/", v.letter_new, name="letter_new"),
    path("letters/settings/", v.letter_settings, name="letter_settings"),
    path("letters/figures/", v.letter_figures, name="letter_figures"),
    path("letters/<uuid:uuid>/", v.letter_detail, name="letter_detail"),
    path("letters/<uuid:uuid>/edit/", v.letter_edit, name="letter_edit"),
    path("letters/<uuid:uuid>/issue/", v.letter_issue, name="letter_issue"),
    path("letters/<uuid:uuid>/serve/", v.letter_serve, name="letter_serve"),
    path("letters/<uuid:uuid>/reply/", v.letter_reply, name="letter_reply"),
    path("letters/<uuid:uuid>/verify/", v.letter_verify, name="letter_verify"),
    path("letters/<uuid:uuid>/close/", v.letter_close, name="letter_close"),
    path("letters/<uuid:uuid>/escalate/", v.letter_escalate, name="letter_escalate"),
    path("letters/<uuid:uuid>/document.docx", v.letter_docx, name="letter_docx"),
    path("letters/<uuid:uuid>/print/", v.letter_print, name="letter_print"),
    path("letters/<uuid:uuid>/evidence/", v.letter_evidence, name="letter_evidence"),
]
