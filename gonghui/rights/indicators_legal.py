"""Rights: legal aid — indicators (core.indicators), imported by rights/indicators.py: consultations,
cases opened (by kind), cases closed and closed on time, amounts recovered, satisfaction, for any
subtree and period."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gonghui.core.indicators import register
from gonghui.rights.models.legal import Topic
from gonghui.rights.selectors.legal import FIGURES

_legal = FIGURES.family(drill="rights:legal_figures", drill_org=True)  # the org and period drilled into

INDICATORS = (
    _legal(
        "rights.legal.consultations",
        _("法律咨询"),
        _("人次"),
        order=90,
        help=_("本期登记的法律咨询（热线、阵地、网上）"),
    ),
    _legal("rights.legal.cases", _("法律援助立案"), _("件"), order=91, better=""),
    *(
        _legal(
            f"rights.legal.cases_{key}",
            format_lazy(_("立案：{kind}"), kind=label),
            _("件"),
            order=92,
            better="",
        )
        for key, label in Topic.choices
    ),
    _legal("rights.legal.closed", _("法律援助结案"), _("件"), order=93),
    _legal(
        "rights.legal.on_time_rate",
        _("按期结案率"),
        "%",
        order=94,
        kind="rate",
        help=_("本期结案的案件中，在立案后 60 个工作日内结案的比例"),
    ),
    _legal(
        "rights.legal.recovered",
        _("挽回经济损失"),
        _("元"),
        order=95,
        kind="money",
        help=_("本期结案案件挽回的金额"),
    ),
    _legal("rights.legal.recovered_wages", _("追回拖欠工资"), _("元"), order=96, kind="money"),
    _legal(
        "rights.legal.satisfaction",
        _("法律援助满意度"),
        _("分"),
        order=97,
        kind="mean",
        help=_("本期结案案件的职工评价（1–5 分）"),
    ),
    _legal("rights.legal.open", _("在办法律援助案件"), _("件"), order=98, state=True, better=""),
)
register(*INDICATORS)
