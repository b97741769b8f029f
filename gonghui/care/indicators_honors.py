"""Care: honors — indicators (core.indicators), imported by care/indicators.py: retirement
ceremonies held and members honoured, for any subtree and period (by the ceremony's date)."""

from django.utils.translation import gettext_lazy as _

from gonghui.care.selectors.honors import FIGURES
from gonghui.core.indicators import register

# the ceremonies counted (scan 0): the members honoured are those of the same ceremonies
_honors = FIGURES.family(drill="care:honors_list", drill_org=True)

INDICATORS = (
    _honors("care.honors.ceremonies", _("荣退仪式"), _("场"), field="ceremonies", order=150),
    _honors(
        "care.honors.honoured",
        _("荣退会员"),
        _("人"),
        field="honoured",
        help=_("本期荣退仪式表彰的退休会员"),
        order=151,
    ),
)
register(*INDICATORS)
