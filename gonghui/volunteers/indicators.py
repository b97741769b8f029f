"""Volunteer indicators (core.indicators): confirmed service hours, by the task's org."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.indicators import Indicator, register
from gonghui.volunteers.selectors import hours_totals, hours_totals_by_child


def _hours(org, period) -> dict:
    return hours_totals(org, period.start, period.end)


def _hours_by_child(org, period) -> dict[str, dict]:
    return hours_totals_by_child(org, period.start, period.end)


def _tasks(org, period) -> str:
    return reverse("volunteers:task_list")


register(
    Indicator(
        key="volunteers.hours",
        name=_("志愿服务时长"),
        unit=_("小时"),
        compute=_hours,
        children=_hours_by_child,
        kind="amount",
        drill=_tasks,
        help=_("本期开始的志愿服务任务中已确认的时长"),
        order=60,
    ),
)
