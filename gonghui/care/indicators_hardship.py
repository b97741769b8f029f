"""Care: hardship — indicators (core.indicators), imported by care/indicators.py: households on
file by class (at the period's end), new files, exits, and aid given, for any subtree and period."""

from django.utils.translation import gettext_lazy as _

from gonghui.care.selectors.hardship import FIGURES
from gonghui.core.indicators import register

_hardship = FIGURES.family(drill="care:hardship_figures", drill_org=True)  # the org and period drilled into

INDICATORS = (
    _hardship(
        "care.hardship.households",
        _("在档困难职工"),
        _("户"),
        order=80,
        state=True,
        better="",
        help=_("期末在档的困难职工户数"),
    ),
    _hardship("care.hardship.households_deep", _("深度困难职工"), _("户"), order=81, state=True, better=""),
    _hardship(
        "care.hardship.households_relative", _("相对困难职工"), _("户"), order=82, state=True, better=""
    ),
    _hardship("care.hardship.households_sudden", _("意外致困职工"), _("户"), order=83, state=True, better=""),
    _hardship("care.hardship.new_files", _("新建困难职工档案"), _("户"), order=84, better=""),
    _hardship(
        "care.hardship.exits", _("退出困难职工档案"), _("户"), order=85, help=_("本期按规则或决定退出的户数")
    ),
    _hardship(
        "care.hardship.aid_amount",
        _("帮扶金额"),
        _("元"),
        order=86,
        kind="money",
        help=_("本期给予在档困难职工的帮扶金额"),
    ),
    _hardship("care.hardship.aid_count", _("帮扶人次"), _("次"), order=87),
)
register(*INDICATORS)
