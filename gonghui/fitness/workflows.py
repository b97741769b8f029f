"""The weigh-in state machine: a member submits, an organiser confirms or rejects with a reason
(core.workflow keeps the transition log). Only confirmed weigh-ins count in a contest."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import can_manage
from gonghui.core.workflow import Transition, Workflow


def _organiser(actor, weigh_in) -> bool:
    """A cadre who manages the programme's org (chair or staff of it or of an ancestor)."""
    return getattr(actor, "is_authenticated", False) and can_manage(actor, weigh_in.enrolment.programme.org)


WEIGH_IN_FLOW = Workflow(
    states={"submitted": _("待确认"), "confirmed": _("已确认"), "rejected": _("已退回")},
    transitions=[
        Transition("confirm", ("submitted",), "confirmed", _("确认"), may=_organiser),
        Transition("reject", ("submitted",), "rejected", _("退回"), may=_organiser, note_required=True),
    ],
)
