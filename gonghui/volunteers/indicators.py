"""Volunteer indicators (core.indicators): confirmed service hours, by the task's org."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.indicators import register
from gonghui.volunteers.selectors import FIGURES

register(
    FIGURES.family(drill="volunteers:task_list")(
        "volunteers.hours",
        _("志愿服务时长"),
        _("小时"),
        kind="amount",
        help=_("本期开始的志愿服务任务中已确认的时长"),
        order=60,
    ),
)
