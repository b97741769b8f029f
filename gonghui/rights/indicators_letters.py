"""Rights: supervision letters — indicators (core.indicators), imported by rights/indicators.py:
letters issued by kind, replied on time and rectified, for any subtree and period (by issue date)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.indicators import register
from gonghui.rights.selectors.letters import FIGURES

_letters = FIGURES.family(drill="rights:letter_figures", drill_org=True)  # the org and period drilled into

INDICATORS = (
    _letters("rights.letters.letters", _("发出一函两书"), _("份"), order=110, better=""),
    _letters("rights.letters.letters_reminder", _("提示函"), _("份"), order=111, better=""),
    _letters("rights.letters.letters_opinion", _("意见书"), _("份"), order=112, better=""),
    _letters("rights.letters.letters_recommendation", _("建议书"), _("份"), order=113, better=""),
    _letters(
        "rights.letters.on_time_rate",
        _("函件按期回复率"),
        "%",
        order=114,
        kind="rate",
        help=_("已送达的提示函、意见书中按期书面回复的比例"),
    ),
    _letters(
        "rights.letters.rectified_rate",
        _("函件整改率"),
        "%",
        order=115,
        kind="rate",
        help=_("已送达的提示函、意见书中经工会核实已整改的比例"),
    ),
)
register(*INDICATORS)
