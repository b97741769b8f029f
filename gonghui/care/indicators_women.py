"""Care: women — indicators (core.indicators), imported by care/indicators.py: care records and
the women workers they reached, for any subtree and period (by the record's date)."""

from django.utils.translation import gettext_lazy as _

from gonghui.care.models.women import WomenCareRecord
from gonghui.care.selectors.women import FIGURES
from gonghui.core.indicators import register

_women = FIGURES.family(drill="care:women_records", drill_org=True)  # the records counted

_records = _women("care.women.records", _("女职工关爱记录"), _("条"), field="records", order=130)


def _health_checks(org, period) -> str:
    # the list's kind filter narrows the records counted to the health checks this figure counts
    return _records.drill(org, period) + "&kind=" + WomenCareRecord.Kind.HEALTH_CHECK


INDICATORS = (
    _records,
    _women(
        "care.women.reached",
        _("关爱覆盖女职工"),
        _("人次"),
        field="reached",
        order=131,
        help=_("孕产期慰问、三八节活动、健康体检等覆盖的女职工人次"),
    ),
    _women(
        "care.women.health_checks",
        _("女职工健康体检"),
        _("次"),
        field="kind_health",
        drill=_health_checks,
        order=132,
    ),
)
register(*INDICATORS)
