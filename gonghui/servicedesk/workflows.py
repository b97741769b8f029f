"""Service-desk state machines: orders, problems, petitions, diary follow-ups."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import can_manage
from gonghui.core.workflow import Transition, Workflow


def _desk_cadre(actor, obj) -> bool:
    """A cadre managing the org that owns the record (the federation that published the item)."""
    return can_manage(actor, obj.org)


def _orderer(actor, obj) -> bool:
    return getattr(actor, "is_authenticated", False) and obj.orderer_id == actor.pk


def _orderer_or_cadre(actor, obj) -> bool:
    return _orderer(actor, obj) or _desk_cadre(actor, obj)


def _team_leader_or_cadre(actor, obj) -> bool:
    leader = obj.team is not None and obj.team.leader_id == getattr(actor, "pk", None)
    return leader or _desk_cadre(actor, obj)


ORDER_FLOW = Workflow(
    states={
        "ordered": _("待受理"),
        "accepted": _("已受理"),
        "declined": _("不予受理"),
        "dispatched": _("已派单"),
        "delivered": _("已服务"),
        "rated": _("已评价"),
        "cancelled": _("已取消"),
    },
    transitions=[
        Transition("accept", ("ordered",), "accepted", _("受理"), may=_desk_cadre),
        Transition("decline", ("ordered",), "declined", _("不予受理"), may=_desk_cadre, note_required=True),
        Transition("dispatch", ("accepted", "dispatched"), "dispatched", _("派单"), may=_desk_cadre),
        Transition("deliver", ("dispatched",), "delivered", _("完成服务"), may=_team_leader_or_cadre),
        Transition("rate", ("delivered",), "rated", _("评价"), may=_orderer),
        Transition(
            "cancel",
            ("ordered", "accepted", "dispatched"),
            "cancelled",
            _("取消"),
            may=_orderer_or_cadre,
            note_required=True,
        ),
    ],
)


def _unit_contact_or_cadre(actor, obj) -> bool:
    unit = obj.unit
    contact = unit is not None and unit.contacts.filter(pk=getattr(actor, "pk", None)).exists()
    return contact or _desk_cadre(actor, obj)


def _reporter_or_enterprise_or_cadre(actor, obj) -> bool:
    reporter = getattr(actor, "is_authenticated", False) and obj.reporter_id == actor.pk
    from gonghui.orgs.selectors import is_enterprise_contact

    return reporter or is_enterprise_contact(actor, obj.enterprise) or _desk_cadre(actor, obj)


PROBLEM_FLOW = Workflow(
    states={
        "raised": _("待交办"),
        "assigned": _("已交办"),
        "answered": _("已答复"),
        "resolved": _("已解决"),
        "reopened": _("重新办理"),
        "closed": _("已关闭"),
    },
    transitions=[
        Transition("assign", ("raised", "reopened", "assigned"), "assigned", _("交办"), may=_desk_cadre),
        Transition("answer", ("assigned",), "answered", _("答复"), may=_unit_contact_or_cadre),
        Transition("confirm", ("answered",), "resolved", _("确认解决"), may=_reporter_or_enterprise_or_cadre),
        Transition(
            "reopen",
            ("answered",),
            "reopened",
            _("未解决，重新办理"),
            may=_reporter_or_enterprise_or_cadre,
            note_required=True,
        ),
        Transition("close", ("raised", "reopened"), "closed", _("关闭"), may=_desk_cadre, note_required=True),
    ],
)


def _assignee_or_cadre(actor, obj) -> bool:
    return (obj.assignee_id is not None and obj.assignee_id == getattr(actor, "pk", None)) or _desk_cadre(
        actor, obj
    )


PETITION_FLOW = Workflow(
    states={
        "received": _("已登记"),
        "assigned": _("办理中"),
        "replied": _("已答复"),
        "closed": _("已办结"),
    },
    transitions=[
        Transition("assign", ("received", "assigned"), "assigned", _("分派"), may=_desk_cadre),
        Transition("reply", ("assigned",), "replied", _("答复"), may=_assignee_or_cadre),
        Transition("close", ("replied",), "closed", _("办结"), may=_desk_cadre),
    ],
)


def _follow_up_owner(actor, obj) -> bool:
    return (obj.assignee_id is not None and obj.assignee_id == getattr(actor, "pk", None)) or can_manage(
        actor, obj.entry.org
    )


FOLLOW_UP_FLOW = Workflow(
    states={"open": _("跟进中"), "done": _("已完成")},
    transitions=[Transition("complete", ("open",), "done", _("完成"), may=_follow_up_owner)],
)


BUS_TRIP_FLOW = Workflow(
    states={"planned": _("计划中"), "done": _("已完成"), "cancelled": _("已取消")},
    transitions=[
        Transition("complete", ("planned",), "done", _("标记完成"), may=_desk_cadre),
        Transition("cancel", ("planned",), "cancelled", _("取消行程"), may=_desk_cadre, note_required=True),
    ],
)
