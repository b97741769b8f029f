"""Care: wishes — home cards and modules (core.homes), imported by care/home.py.

The home is the busiest page: what the tiles show is kept in the user's facts (core.facts), so a
warm home asks the database nothing about wishes. The wish services make the wisher, the claimer
and the union's cadres forget theirs at every step; a cadre of a union higher up sees new wishes to
vet within FRESH seconds.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.care.models.wishes import OPEN_STATES, WISH_FLOW
from gonghui.care.selectors import wishes as selectors
from gonghui.core import facts, homes
from gonghui.core.scoping import is_cadre

ITEMS = 5
FRESH = 120


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


def _mine_and_claims(user) -> dict:
    """One query: the user's open wish and the wishes they claimed and still have to fulfil."""
    from django.db.models import Q

    from gonghui.care.models.wishes import Wish

    rows = list(
        Wish.objects.filter(Q(wisher=user, state__in=OPEN_STATES) | Q(claimer=user, state=Wish.State.CLAIMED))
        .select_related("member")
        .order_by("-created_at")[: ITEMS + 2]
    )
    mine = next((w for w in rows if w.wisher_id == user.pk), None)
    claims = [w for w in rows if w.claimer_id == user.pk and w.state == Wish.State.CLAIMED][:ITEMS]
    return {
        "mine": (mine.title, mine.get_absolute_url(), mine.state) if mine else None,
        "claims": [(w.title, w.get_absolute_url(), w.wisher_masked) for w in claims],
    }


def _todo(user) -> list:
    return [(w.title, w.get_absolute_url(), w.org.name) for w in selectors.todo_for(user)]


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
    got = facts.remembered(user, "care:wishes", lambda: _mine_and_claims(user))
    mine, claims = got["mine"], got["claims"]
    if mine is not None:
        title, url, state = mine
        waiting = state == "fulfilled"
        yield homes.Tile(
            "todo" if waiting else "card",
            _("我的心愿"),
            url,
            items=(homes.Item(title, url, WISH_FLOW.label(state)),),
            detail=_("心愿已送达，请确认是否收到") if waiting else "",
            order=40,
        )
    if claims:
        yield homes.Tile(
            "todo",
            _("我认领的心愿"),
            reverse("care:wishes_claims"),
            count=len(claims),
            detail=_("送达后请上传圆梦照片"),
            items=tuple(homes.Item(t, u, note) for t, u, note in claims),
            order=41,
        )
    if is_cadre(user):
        todo = facts.remembered(user, "care:wishes:todo", lambda: _todo(user), fresh=FRESH)
        if todo:
            yield homes.Tile(
                "todo",
                _("微心愿待审核"),
                reverse("care:wishes_manage") + "?state=submitted",
                count=len(todo),
                items=tuple(homes.Item(t, u, note) for t, u, note in todo[:ITEMS]),
                order=42,
            )
    if mine is None and not claims:
        yield homes.Tile(
            "shortcut",
            _("微心愿墙"),
            reverse("care:wishes_wall"),
            detail=_("许一个心愿，或帮别人圆梦"),
            order=45,
        )
