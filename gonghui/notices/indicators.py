"""Notice indicators (core.indicators): notices published in the period and their read rate."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.indicators import Indicator, register
from gonghui.notices.selectors import figures, figures_by_child


def _figures(org, period) -> dict:
    return figures(org, *period.bounds())


def _by_child(org, period) -> dict[str, dict]:
    return figures_by_child(org, *period.bounds())


def _list(org, period) -> str:
    return reverse("notices:manage_list")


register(
    Indicator(
        key="notices.published",
        name=_("发布公告"),
        unit=_("条"),
        compute=_figures,
        children=_by_child,
        drill=_list,
        help=_("本期发布（未撤回）的通知公告"),
        order=80,
    ),
    Indicator(
        key="notices.read_rate",
        name=_("公告阅读率"),
        unit="%",
        compute=_figures,
        children=_by_child,
        kind="rate",
        drill=_list,
        help=_("本期公告的已读人数÷面向人数"),
        order=81,
    ),
)
