"""Lecture indicators (core.indicators): stops held and audience person-times, by the tour's org."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.indicators import register
from gonghui.lectures.selectors import FIGURES

_lectures = FIGURES.family(drill="lectures:tour_list", drill_org=True)  # the tours of the stops counted

register(
    _lectures(
        "lectures.stops", _("宣讲场次"), _("场"), help=_("本期已宣讲（登记了听众人数）的场次"), order=85
    ),
    _lectures(
        "lectures.person_times", _("宣讲听众"), _("人次"), help=_("本期已宣讲场次的听众人数之和"), order=86
    ),
)
