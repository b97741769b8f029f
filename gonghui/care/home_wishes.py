"""Care: wishes — home cards and modules (core.homes), imported by care/home.py."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.care.models.wishes import OPEN_STATES
from gonghui.care.selectors import wishes as selectors
from gonghui.core import homes
from gonghui.core.scoping import is_cadre

ITEMS = 5


@homes.modules
def wish_modules(user):
    w = homes.ORDER_WORKER
    yield homes.Module(_("微心愿墙"), reverse("care:wishes_wall"), homes.GROUP_WORKER, w + 40)
    if user.is_authenticated:
        yield homes.Module(_("我的心愿"), reverse("care:wishes_mine"), homes.GROUP_WORKER, w + 41)
        yield homes.Module(_("我认领的心愿"), reverse("care:wishes_claims"), homes.GROUP_WORKER, w + 42)
    if is_cadre(user):
        yield homes.Module(
            _("微心愿管理"), reverse("care:wishes_manage"), homes.GROUP_DESK, homes.ORDER_DESK + 40
        )


@homes.tiles
def wish_tiles(user):
    """A worker: their open wish; a donor: claims to fulfil; a cadre: wishes to vet."""
    if not user.is_authenticated:
        yield homes.Tile(
            "shortcut",
            _("微心愿墙"),
            homes.signup_url(reverse("care:wishes_wall")),
            detail=_("帮一线职工实现一个小心愿，注册后即可认领"),
            order=40,
        )
        return
    wish = selectors.mine(user).filter(state__in=OPEN_STATES).first()
    if wish is not None:
        yield homes.Tile(
            "todo" if wish.state == "fulfilled" else "card",
            _("我的心愿"),
            wish.get_absolute_url(),
            items=(homes.Item(wish.title, wish.get_absolute_url(), str(wish.get_state_display())),),
            detail=_("心愿已送达，请确认是否收到") if wish.state == "fulfilled" else "",
            order=40,
        )
    claims = list(selectors.claims_of(user).filter(state="claimed")[:ITEMS])
    if claims:
        yield homes.Tile(
            "todo",
            _("我认领的心愿"),
            reverse("care:wishes_claims"),
            count=len(claims),
            detail=_("送达后请上传圆梦照片"),
            items=tuple(homes.Item(c.title, c.get_absolute_url(), c.wisher_masked) for c in claims),
            order=41,
        )
    if is_cadre(user):
        todo = selectors.todo_for(user)
        if todo:
            yield homes.Tile(
                "todo",
                _("微心愿待审核"),
                reverse("care:wishes_manage") + "?state=submitted",
                count=len(todo),
                items=tuple(homes.Item(w.title, w.get_absolute_url(), w.org.name) for w in todo[:ITEMS]),
                order=42,
            )
    if wish is None and not claims:
        yield homes.Tile(
            "shortcut",
            _("微心愿墙"),
            reverse("care:wishes_wall"),
            detail=_("许一个心愿，或帮别人圆梦"),
            order=45,
        )
