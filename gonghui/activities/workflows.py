"""The activity's state machine (core.workflow): published → ended / cancelled."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import can_manage
from gonghui.core.workflow import Transition, Workflow


def _organiser(actor, activity) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and can_manage(actor, activity.org))


ACTIVITY_FLOW = Workflow(
    states={"published": _("报名中"), "cancelled": _("已取消")},
    transitions=[
        Transition("cancel", ("published",), "cancelled", _("取消活动"), may=_organiser, note_required=True),
    ],
)
