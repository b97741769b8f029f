"""Rights: contracts — indicators (core.indicators), imported by rights/indicators.py: coverage of
collective contracts in force now (enterprises, employees) and those ending in the next three months."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.indicators import register
from gonghui.rights.selectors.contracts import FIGURES

_contracts = FIGURES.family(
    drill="rights:contracts_figures", drill_org=True
)  # the org and period drilled into

INDICATORS = (
    _contracts(
        "rights.contracts.enterprises_covered",
        _("集体合同覆盖企业"),
        _("家"),
        order=120,
        state=True,
        help=_("生效中的集体合同（含区域性、行业性合同）覆盖的企业数"),
    ),
    _contracts(
        "rights.contracts.employees_covered",
        _("集体合同覆盖职工"),
        _("人"),
        order=121,
        state=True,
        help=_("生效中的集体合同覆盖的职工人数"),
    ),
    _contracts("rights.contracts.contracts_in_force", _("生效中的集体合同"), _("份"), order=122, state=True),
    _contracts(
        "rights.contracts.expiring",
        _("三个月内到期的集体合同"),
        _("份"),
        order=123,
        state=True,
        better="",
        help=_("生效中、三个月内到期的集体合同，应启动续签协商"),
    ),
)
register(*INDICATORS)
