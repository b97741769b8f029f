"""What notices contribute to the home and the navigation (discovered by core.homes)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import homes
from gonghui.core.scoping import is_cadre
from gonghui.notices.selectors import my_notices, unread_count

ITEMS = 3


@homes.modules
def notice_modules(user):
    if not user.is_authenticated:
        return
    # the unread count as the entry's badge: the same cached count as the tile, no further query
    count = unread_count(user)
    label = _("通知公告（%(n)s条未读）") % {"n": count} if count else _("通知公告")
    yield homes.Module(label, reverse("notices:mine"), homes.GROUP_WORKER, homes.ORDER_WORKER + 5)
    if is_cadre(user):
        yield homes.Module(
            _("公告管理"), reverse("notices:manage_list"), homes.GROUP_DESK, homes.ORDER_DESK + 50
        )


@homes.tiles
def notice_tiles(user):
    """Unread notices: a count (cached per user) and the first few unread titles."""
    if not user.is_authenticated:
        return
    count = unread_count(user)
    items = ()
    if count:
        items = tuple(
            homes.Item(n.title, n.get_absolute_url(), n.org.name)
            for n in my_notices(user)[:ITEMS]
            if not n.is_read
        )
    yield homes.Tile(
        "card",
        _("通知公告"),
        reverse("notices:mine"),
        count=count,
        detail=_("%(n)s 条未读") % {"n": count} if count else _("没有未读公告"),
        items=items,
        urgent=False,
        order=5,
    )
