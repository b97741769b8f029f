"""Volunteer state machines: tasks (recruiting → ended / cancelled) and sign-ups (signed up ⇄
withdrawn), with who may fire each transition and the transition log (core.workflow)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import can_manage
from gonghui.core.workflow import Transition, Workflow


def _task_manager(actor, task) -> bool:
    """The task's leader, or a cadre managing its org (volunteers.selectors.may_manage_task)."""
    return bool(
        getattr(actor, "is_authenticated", False)
        and (task.leader_id == actor.pk or can_manage(actor, task.org))
    )


def _the_volunteer(actor, signup) -> bool:
    return getattr(actor, "is_authenticated", False) and signup.volunteer.user_id == actor.pk


def _the_volunteer_or_their_cadre(actor, signup) -> bool:
    """The volunteer, or a cadre managing the volunteer's org (withdrawing them when they leave)."""
    return _the_volunteer(actor, signup) or can_manage(actor, signup.volunteer.org)


TASK_FLOW = Workflow(
    states={"open": _("招募中"), "closed": _("已结束"), "cancelled": _("已取消")},
    transitions=[
        Transition("close", ("open",), "closed", _("结束招募"), may=_task_manager),
        Transition("cancel", ("open", "closed"), "cancelled", _("取消任务"), may=_task_manager),
    ],
)

SIGNUP_FLOW = Workflow(
    states={"signed_up": _("已报名"), "withdrawn": _("已退出")},
    transitions=[
        Transition("withdraw", ("signed_up",), "withdrawn", _("退出报名"), may=_the_volunteer_or_their_cadre),
        Transition("sign_up_again", ("withdrawn",), "signed_up", _("重新报名"), may=_the_volunteer),
    ],
)
