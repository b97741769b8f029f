"""Fitness indicators (core.indicators): programmes running in the period, their participants and
the average percentage of weight lost (never weights: those are encrypted)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.indicators import Indicator, register
from gonghui.fitness.selectors import figures, figures_by_child


def _list(org, period) -> str:
    return reverse("fitness:programme_list")


def _indicator(key: str, name, unit, **kwargs) -> Indicator:
    return Indicator(
        key=key, name=name, unit=unit, compute=figures, children=figures_by_child, drill=_list, **kwargs
    )


register(
    _indicator("fitness.programmes", _("健身项目"), _("个"), help=_("本期进行中的全员健身项目"), order=70),
    _indicator(
        "fitness.participants",
        _("健身参加人次"),
        _("人次"),
        help=_("本期进行中的健身项目的报名人数"),
        order=71,
    ),
    _indicator(
        "fitness.average_loss",
        _("平均减重比例"),
        "%",
        kind="mean",
        better="",
        help=_("有两次以上确认称重的参加人，从首次到最近一次确认体重的减重比例的平均值"),
        order=72,
    ),
)
