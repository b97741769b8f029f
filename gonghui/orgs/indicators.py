"""The org tree's indicators (core.indicators): union formation, from orgs.stats."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.indicators import LOWER, Indicator, register
from gonghui.orgs.stats import period_child_figures, period_figures


def org_page(org, period) -> str:
    """The org's figures and drill-down page for the period."""
    query = urlencode({"start": period.start.isoformat(), "end": period.end.isoformat()})
    return f"{reverse('orgs:detail', args=[org.uuid])}?{query}"


def _indicator(key: str, name, unit, **kwargs) -> Indicator:
    return Indicator(
        key=key,
        name=name,
        unit=unit,
        compute=period_figures,
        children=period_child_figures,
        drill=org_page,
        **kwargs,
    )


register(
    _indicator(
        "orgs.formation_rate",
        _("建会率（25人以上企业）"),
        "%",
        kind="rate",
        state=True,
        help=_("25人以上企业中已建会的家数÷25人以上企业家数"),
        order=10,
    ),
    _indicator(
        "orgs.enterprises_25_without_union",
        _("25人以上未建会企业"),
        _("家"),
        better=LOWER,
        state=True,
        order=11,
    ),
    _indicator("orgs.unions_formed", _("新建工会"), _("个"), order=12),
)
