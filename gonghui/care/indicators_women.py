"""Care: women — indicators (core.indicators), imported by care/indicators.py: care records and
the women workers they reached, for any subtree and period (by the record's date)."""

from django.utils.translation import gettext_lazy as _

from gonghui.care.selectors.women import FIGURES
from gonghui.core.indicators import register

_women = FIGURES.family(drill="care:women_records")

INDICATORS = (
    _women("care.women.records", _("女职工关爱记录"), _("条"), field="records", order=130),
    _women(
        "care.women.reached",
        _("关爱覆盖女职工"),
        _("人次"),
        field="reached",
        order=131,
        help=_("孕产期慰问、三八节活动、健康体检等覆盖的女职工人次"),
    ),
    _women("care.women.health_checks", _("女职工健康体检"), _("次"), field="kind_health", order=132),
)
register(*INDICATORS)
