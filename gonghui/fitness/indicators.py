"""Fitness indicators (core.indicators): programmes running in the period, their participants and
the average percentage of weight lost (never weights: those are encrypted)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.indicators import register
from gonghui.fitness.selectors import FIGURES

_fitness = FIGURES.family(drill="fitness:programme_list", drill_org=True)  # the programmes counted

register(
    _fitness("fitness.programmes", _("健身项目"), _("个"), help=_("本期进行中的全员健身项目"), order=70),
    _fitness(
        "fitness.participants",
        _("健身参加人次"),
        _("人次"),
        help=_("本期进行中的健身项目的报名人数"),
        order=71,
    ),
    _fitness(
        "fitness.average_loss",
        _("平均减重比例"),
        "%",
        kind="mean",
        better="",
        help=_("有两次以上确认称重的参加人，从首次到最近一次确认体重的减重比例的平均值"),
        order=72,
    ),
)
