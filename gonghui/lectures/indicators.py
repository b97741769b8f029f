"""Lecture indicators (core.indicators): stops held and audience person-times, by the tour's org."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.indicators import Indicator, register
from gonghui.lectures.selectors import figures, figures_by_child


def _figures(org, period) -> dict:
    return figures(org, *period.bounds())


def _by_child(org, period) -> dict[str, dict]:
    return figures_by_child(org, *period.bounds())


def _tours(org, period) -> str:
    return reverse("lectures:tour_list")


register(
    Indicator(
        key="lectures.stops",
        name=_("宣讲场次"),
        unit=_("场"),
        compute=_figures,
        children=_by_child,
        drill=_tours,
        help=_("本期已宣讲（登记了听众人数）的场次"),
        order=85,
    ),
    Indicator(
        key="lectures.person_times",
        name=_("宣讲听众"),
        unit=_("人次"),
        compute=_figures,
        children=_by_child,
        drill=_tours,
        help=_("本期已宣讲场次的听众人数之和"),
        order=86,
    ),
)
