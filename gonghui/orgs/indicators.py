"""The org tree's indicators (core.indicators): union formation, from orgs.stats."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.indicators import LOWER, family, register
from gonghui.orgs.stats import period_child_figures, period_figures, period_figures_together


def org_page(org, period) -> str:
    """The org's figures and drill-down page for the period."""
    query = urlencode({"start": period.start.isoformat(), "end": period.end.isoformat()})
    return f"{reverse('orgs:detail', args=[org.uuid])}?{query}"


# The tree's and the members' figures come from orgs.stats together (members/indicators.py too).
STATS = family(
    compute=period_figures, children=period_child_figures, together=period_figures_together, drill=org_page
)


register(
    STATS(
        "orgs.formation_rate",
        _("建会率（25人以上企业）"),
        "%",
        kind="rate",
        state=True,
        help=_("25人以上企业中已建会的家数÷25人以上企业家数"),
        order=10,
    ),
    STATS(
        "orgs.enterprises_25_without_union",
        _("25人以上未建会企业"),
        _("家"),
        better=LOWER,
        state=True,
        order=11,
    ),
    STATS("orgs.unions_formed", _("新建工会"), _("个"), order=12),
)
