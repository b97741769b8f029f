"""Care: welfare — indicators (core.indicators), imported by care/indicators.py: gifts handed out
(and their value) and condolences approved (and their amount), for a subtree and a period."""

from django.utils.translation import gettext_lazy as _

from gonghui.care.selectors.welfare import FIGURES
from gonghui.core.indicators import drill_page, register

_welfare = FIGURES.family(drill="care:welfare_batches", drill_org=True)  # the batches of the gifts counted

# condolences are requests (scan 1), not batches' gifts: the list of the requests counted
_requests = drill_page("care:welfare_requests")


INDICATORS = (
    _welfare(
        "care.welfare.gifts_handed_out",
        _("普惠慰问品发放"),
        _("份"),
        field="gifts_handed_out",
        help=_("本期会员签收的普惠慰问品"),
        order=140,
    ),
    _welfare(
        "care.welfare.gift_value", _("普惠慰问品价值"), _("元"), field="gift_value", kind="money", order=141
    ),
    _welfare(
        "care.welfare.condolences",
        _("慰问申请批准"),
        _("件"),
        field="condolences",
        help=_("本期审批通过的慰问申请"),
        drill=_requests,
        order=142,
    ),
    _welfare(
        "care.welfare.condolence_amount",
        _("慰问金额"),
        _("元"),
        field="condolence_amount",
        kind="money",
        help=_("本期审批通过的慰问申请金额"),
        drill=_requests,
        order=143,
    ),
)
register(*INDICATORS)
