"""Volunteer indicators (core.indicators): confirmed service hours, by the task's org."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.indicators import register
from gonghui.volunteers.selectors import FIGURES

register(
    # The cadre's task list (task_list is the volunteers' open, not yet started tasks: a counted
    # task has started, so it is never there); it shows the tasks of the counted sign-ups.
    FIGURES.family(drill="volunteers:task_manage_list", drill_org=True)(
        "volunteers.hours",
        _("志愿服务时长"),
        _("小时"),
        kind="amount",
        help=_("本期开始的志愿服务任务中已确认的时长"),
        order=60,
    ),
)
