"""The membership state machines (declared once; services fire them)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import can_manage
from gonghui.core.workflow import Transition, Workflow


def _cadre_of_org(actor, obj) -> bool:
    return can_manage(actor, obj.org)


def _applicant(actor, obj) -> bool:
    return actor is not None and actor.is_authenticated and obj.applicant_id == actor.pk


JOIN_FLOW = Workflow(
    states={
        "submitted": _("待审核"),
        "approved": _("已通过"),
        "rejected": _("未通过"),
        "withdrawn": _("已撤回"),
    },
    transitions=[
        Transition("approve", ("submitted",), "approved", _("通过"), may=_cadre_of_org),
        Transition(
            "reject", ("submitted",), "rejected", _("不予通过"), may=_cadre_of_org, note_required=True
        ),
        Transition("withdraw", ("submitted",), "withdrawn", _("撤回"), may=_applicant),
    ],
)


def _receiving_cadre(actor, obj) -> bool:
    return can_manage(actor, obj.to_org)


def _member_or_sending_cadre(actor, obj) -> bool:
    own = actor is not None and actor.is_authenticated and obj.member.user_id == actor.pk
    return own or can_manage(actor, obj.from_org)


TRANSFER_FLOW = Workflow(
    states={
        "requested": _("待接收"),
        "approved": _("已转入"),
        "rejected": _("不予接收"),
        "cancelled": _("已取消"),
    },
    transitions=[
        Transition("approve", ("requested",), "approved", _("同意接收"), may=_receiving_cadre),
        Transition(
            "reject", ("requested",), "rejected", _("不予接收"), may=_receiving_cadre, note_required=True
        ),
        Transition("cancel", ("requested",), "cancelled", _("取消转会"), may=_member_or_sending_cadre),
    ],
)


def _member_cadre(actor, obj) -> bool:
    return can_manage(actor, obj.member.org)


DATA_REQUEST_FLOW = Workflow(
    states={"open": _("待处理"), "done": _("已办结"), "declined": _("不予更正")},
    transitions=[
        Transition("complete", ("open",), "done", _("办结"), may=_member_cadre),
        Transition("decline", ("open",), "declined", _("不予更正"), may=_member_cadre, note_required=True),
    ],
)
