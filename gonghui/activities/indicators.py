"""Activity indicators (core.indicators): activities held, registrations, person-times, family
members and attendance, for any subtree and period (by the activity's org and start)."""

from django.utils.translation import gettext_lazy as _

from gonghui.activities.selectors import figures, figures_by_child
from gonghui.core.indicators import Period, by_bounds, register, year_to_date

_activities = by_bounds(figures, figures_by_child, drill="activities:manage_list")


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
    import datetime

    from gonghui.orgs.selectors import manageable_orgs

    period = year_to_date()
    try:
        start = datetime.date.fromisoformat(request.GET.get("start", ""))
        end = datetime.date.fromisoformat(request.GET.get("end", ""))
        if start <= end:
            period = Period(start, end)
    except ValueError:
        pass
    from gonghui.core.scoping import scope_paths

    roots = set(scope_paths(request.user))
    orgs = [o for o in manageable_orgs(request.user) if o.path in roots] or list(
        manageable_orgs(request.user)[:1]
    )
    rows = [(org, figures(org, *period.bounds())) for org in orgs[:10]]
    return {"rows": rows, "period": period, "indicators": INDICATORS}
