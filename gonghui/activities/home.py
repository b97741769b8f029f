"""What activities contribute to the home and the navigation (discovered by core.homes)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.activities.selectors import my_registrations, todo_for
from gonghui.core import homes
from gonghui.core.registration import ACTIVE
from gonghui.core.scoping import is_cadre

ITEMS = 5


@homes.modules
def activity_modules(user):
    w = homes.ORDER_WORKER
    yield homes.Module(_("工会活动"), reverse("activities:list"), homes.GROUP_WORKER, w + 30)
    if user.is_authenticated:
        yield homes.Module(_("我的活动报名"), reverse("activities:mine"), homes.GROUP_WORKER, w + 31)
    if is_cadre(user):
        yield homes.Module(
            _("活动管理"), reverse("activities:manage_list"), homes.GROUP_DESK, homes.ORDER_DESK + 30
        )


@homes.tiles
def activity_tiles(user):
    """A worker: their upcoming registrations, and what is open; a cadre: waitlists to watch."""
    if not user.is_authenticated:
        yield homes.Tile(
            "shortcut",
            _("工会活动"),
            homes.signup_url(reverse("activities:list")),
            detail=_("文体活动、亲子家庭日、讲座培训，在线报名"),
            order=25,
        )
        return
    entries = list(
        my_registrations(user).filter(state__in=ACTIVE, activity__starts_at__gte=timezone.now())[:ITEMS]
    )
    if entries:
        yield homes.Tile(
            "card",
            _("我的活动报名"),
            reverse("activities:mine"),
            items=tuple(
                homes.Item(
                    e.activity.title,
                    e.get_absolute_url(),
                    " · ".join(
                        (
                            date_format(timezone.localtime(e.activity.starts_at), "SHORT_DATETIME_FORMAT"),
                            str(e.get_state_display()),
                        )
                    ),
                )
                for e in entries
            ),
            order=12,
        )
    else:
        # no count: a shortcut costs no query
        yield homes.Tile(
            "shortcut",
            _("工会活动"),
            reverse("activities:list"),
            detail=_("看看有哪些活动可以报名"),
            order=25,
        )
    if is_cadre(user):
        waiting = list(todo_for(user)[:ITEMS])
        if waiting:
            yield homes.Tile(
                "todo",
                _("活动候补待处理"),
                reverse("activities:manage_list"),
                count=len(waiting),
                items=tuple(
                    homes.Item(
                        a.title,
                        reverse("activities:registrations", args=[a.uuid]),
                        _("%(n)d人候补") % {"n": a.waiting},
                    )
                    for a in waiting
                ),
                order=30,
            )
