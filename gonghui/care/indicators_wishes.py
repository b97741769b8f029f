"""Care: wishes — indicators (core.indicators), imported by care/indicators.py: wishes posted,
wishes fulfilled and their amount, for any subtree and period (by the wisher's union)."""

from django.utils.translation import gettext_lazy as _

from gonghui.care.selectors.wishes import FIGURES
from gonghui.core.indicators import register

# the wishes counted: one scan, so the list holds those posted or fulfilled in the period (either window)
_wishes = FIGURES.family(drill="care:wishes_manage", drill_org=True)

INDICATORS = (
    _wishes(
        "care.wishes.posted",
        _("发布微心愿"),
        _("个"),
        field="posted",
        order=120,
        help=_("本期职工提交的心愿"),
    ),
    _wishes(
        "care.wishes.fulfilled",
        _("实现微心愿"),
        _("个"),
        field="fulfilled",
        order=121,
        help=_("本期送达（含已确认）的心愿"),
    ),
    _wishes(
        "care.wishes.amount",
        _("微心愿圆梦金额"),
        _("元"),
        field="amount",
        kind="money",
        order=122,
        help=_("本期实现的心愿的预计金额合计"),
    ),
)
register(*INDICATORS)
