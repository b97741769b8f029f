"""What lecture tours contribute to the home and the navigation (discovered by core.homes)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.core import homes
from gonghui.core.scoping import is_cadre
from gonghui.lectures.selectors import lecture_requests_for, upcoming_stops_for_lecturer

ITEMS = 5


@homes.modules
def lecture_modules(user):
    if not is_cadre(user):
        return
    d = homes.ORDER_DESK
    yield homes.Module(_("宣讲活动"), reverse("lectures:tour_list"), homes.GROUP_DESK, d + 60)
    yield homes.Module(_("宣讲员库"), reverse("lectures:lecturer_list"), homes.GROUP_DESK, d + 61)


@homes.tiles
def lecture_tiles(user):
    """A lecturer with an account: their upcoming stops; a cadre: lecture requests to schedule."""
    if not user.is_authenticated:
        return
    stops = list(upcoming_stops_for_lecturer(user)[:ITEMS])
    if stops:
        yield homes.Tile(
            "card",
            _("我的宣讲日程"),
            stops[0].tour.get_absolute_url()
            if is_cadre(user)
            else reverse("lectures:tour_public", args=[stops[0].tour.uuid]),
            count=len(stops),
            items=tuple(
                homes.Item(
                    s.tour.title,
                    reverse("lectures:tour_public", args=[s.tour.uuid]),
                    " · ".join((date_format(timezone.localtime(s.starts_at), _("n月j日 H:i")), s.place)),
                )
                for s in stops
            ),
            order=15,
        )
    if is_cadre(user):
        waiting = lecture_requests_for(user).count()
        if waiting:
            yield homes.Tile(
                "todo",
                _("待安排的宣讲需求"),
                reverse("lectures:request_list"),
                count=waiting,
                detail=_("企业通过服务菜单点单的宣讲，请排入宣讲日程"),
                order=40,
            )
