"""Tournament indicators (core.indicators): tournaments, teams and matches played, by the
tournament's org."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.indicators import Indicator, register
from gonghui.tournaments.selectors import child_figures, figures


def _compute(org, period) -> dict:
    return figures(org, period.start, period.end)


def _children(org, period) -> dict[str, dict]:
    return child_figures(org, period.start, period.end)


def _list(org, period) -> str:
    return reverse("tournaments:list")


def _indicator(key: str, name, unit, **kwargs) -> Indicator:
    return Indicator(
        key=key, name=name, unit=unit, compute=_compute, children=_children, drill=_list, **kwargs
    )


register(
    _indicator("tournaments.tournaments", _("赛事"), _("项"), help=_("本期创建的赛事"), order=70),
    _indicator("tournaments.teams", _("参赛队"), _("支"), help=_("本期报名的参赛队"), order=71),
    _indicator("tournaments.matches_played", _("已赛场次"), _("场"), help=_("本期录入结果的比赛"), order=72),
)
