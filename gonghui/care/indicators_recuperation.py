"""Care: recuperation — indicators (core.indicators), imported by care/indicators.py: applications
made, places of the trips starting, people sent, for any subtree and period."""

from django.utils.translation import gettext_lazy as _

from gonghui.care.selectors.recuperation import FIGURES
from gonghui.core.indicators import register

# the programmes of the applications counted (scan 0, applications and people sent): the places come
# from trips (scan 1), the programmes of the main figure are shown for all three
_recuperation = FIGURES.family(drill="care:recuperation_manage", drill_org=True)


def _indicator(name: str, label, unit, order: int, help_text):
    return _recuperation(f"care.recuperation.{name}", label, unit, field=name, help=help_text, order=order)


INDICATORS = (
    _indicator("applications", _("疗休养申请"), _("人次"), 140, _("本期提交的疗休养申请")),
    _indicator("places", _("疗休养名额"), _("个"), 141, _("本期出发的各批次名额之和")),
    _indicator("sent", _("疗休养人数"), _("人"), 142, _("本期已出发批次中入选的职工")),
)
register(*INDICATORS)
