"""What the dashboard contributes to a federation cadre's home (core.homes): a tile with a few key
figures of their top org, year to date, linking to the glance; and the glance's navigation entry."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import homes, indicators
from gonghui.core.scoping import is_cadre
from gonghui.dashboard.selectors import default_period, top_orgs
from gonghui.dashboard.templatetags.glance_tags import figure
from gonghui.orgs.models import MEMBER_KINDS

# The figures the tile shows: cheap ones (the member tally, one aggregate of problems).
TILE_KEYS = ("members.members", "members.new_members", "orgs.formation_rate", "servicedesk.problems_overdue")


def federation_orgs(user) -> list:
    """The user's top orgs that are federations (county, township, street, park), not unions."""
    if not is_cadre(user):
        return []
    return [org for org in top_orgs(user) if org.kind not in MEMBER_KINDS]


@homes.tiles
def glance_tiles(user):
    orgs = federation_orgs(user)
    if not orgs:
        return []
    org = orgs[0]
    period = default_period()
    values = indicators.figures(org, period, keys=TILE_KEYS)
    items = []
    overdue = False
    for key in TILE_KEYS:
        ind = indicators.get(key)
        shown = ind.display(values.get(key))
        urgent = ind.better == indicators.LOWER and bool(shown)
        overdue = overdue or urgent
        items.append(
            homes.Item(
                label=str(ind.name),
                note=figure(shown, ind),
                url=ind.drill(org, period) if ind.drill else "",
                urgent=urgent,
            )
        )
    return [
        homes.Tile(
            kind="card",
            title=_("%(org)s工作概览") % {"org": org.name},
            url=reverse("dashboard:glance", args=[org.uuid]),
            detail=_("%(year)d年1月1日至今") % {"year": period.end.year},
            items=tuple(items),
            urgent=overdue,
            order=10,
        )
    ]


@homes.modules
def glance_modules(user):
    if not is_cadre(user):
        return []
    return [homes.Module(label=_("工作概览"), url=reverse("dashboard:home"), group=_("统计"), order=10)]
