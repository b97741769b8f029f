"""What fitness contributes to the home and the navigation (discovered by core.homes).

The home never shows body data: the person's card gives the percentage lost, the organiser's
to-do the number of weigh-ins waiting.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import homes
from gonghui.core.scoping import is_cadre
from gonghui.fitness.selectors import my_enrolments, pending_by_programme

ITEMS = 5


@homes.modules
def fitness_modules(user):
    if not user.is_authenticated:
        return
    url = reverse("fitness:programme_list")
    if is_cadre(user):  # one entry: a cadre's list holds both their subtree's and their own programmes
        yield homes.Module(_("全员健身"), url, homes.GROUP_DESK, homes.ORDER_DESK + 30)
    else:
        yield homes.Module(_("全员健身"), url, homes.GROUP_WORKER, homes.ORDER_WORKER + 30)


@homes.tiles
def fitness_tiles(user):
    if not user.is_authenticated:
        return
    enrolments = list(my_enrolments(user)[:ITEMS])
    if enrolments:
        first = enrolments[0]
        yield homes.Tile(
            "card",
            _("我的健身项目"),
            reverse("fitness:my_weigh_ins", args=[first.programme.uuid]),
            detail=(
                _("已减重 %(pct)s%%") % {"pct": f"{first.loss_percent:.1f}"}
                if first.loss_percent is not None
                else _("按时称重，提交体重")
            ),
            items=tuple(
                homes.Item(e.programme.title, reverse("fitness:my_weigh_ins", args=[e.programme.uuid]))
                for e in enrolments
            ),
            order=30,
        )
    if is_cadre(user):
        waiting = pending_by_programme(user)
        if waiting:
            yield homes.Tile(
                "todo",
                _("待确认的体重"),
                reverse("fitness:queue", args=[waiting[0][0]["uuid"]]),
                count=sum(n for _p, n in waiting),
                items=tuple(
                    homes.Item(p["title"], reverse("fitness:queue", args=[p["uuid"]]), str(n))
                    for p, n in waiting[:ITEMS]
                ),
                order=30,
            )
