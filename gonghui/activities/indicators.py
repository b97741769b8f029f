"""Activity indicators (core.indicators): activities held, registrations, person-times, family
members and attendance, for any subtree and period (by the activity's org and start)."""

from django.utils.translation import gettext_lazy as _

from gonghui.activities.selectors import FIGURES, figures
from gonghui.core.indicators import period_from_query, register

_activities = FIGURES.family(drill="activities:manage_list", drill_org=True)  # the activities counted


def _indicator(key, name, unit, order, help_text=""):
    return _activities(key, name, unit, help=help_text, order=order)


INDICATORS = (
    _indicator("activities.activities", _("举办活动"), _("场"), 70, _("本期开始、未取消的活动")),
    _indicator("activities.registrations", _("活动报名"), _("人"), 71, _("已报名（不含候补）的职工人数")),
    _indicator("activities.people", _("活动参与人次"), _("人次"), 72, _("已报名职工及其家属的人次")),
    _indicator("activities.family", _("参与家属"), _("人次"), 73),
    _indicator("activities.attended", _("活动签到人次"), _("人次"), 74, _("扫码签到的职工及家属人次")),
)
register(*INDICATORS)


def figures_page_context(request) -> dict:
    """The cadre's figures page: each of their subtrees, the period chosen (year to date by default)."""
    from gonghui.orgs.selectors import figures_roots

    period = period_from_query(request.GET)
    orgs = figures_roots(request.user, request.GET)
    rows = [(org, figures(org, *period.bounds())) for org in orgs]
    return {"rows": rows, "period": period, "indicators": INDICATORS}
