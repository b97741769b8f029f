"""Care: recuperation — home cards and modules (core.homes), imported by care/home.py."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.care.models.recuperation import COUNTING
from gonghui.care.selectors.recuperation import my_applications, open_for, to_draw_for
from gonghui.core import homes
from gonghui.core.scoping import is_cadre

ITEMS = 5


@homes.modules
def recuperation_modules(user):
    if user.is_authenticated:
        yield homes.Module(
            _("疗休养"), reverse("care:recuperation_list"), homes.GROUP_WORKER, homes.ORDER_WORKER + 50
        )
    if is_cadre(user):
        yield homes.Module(
            _("疗休养管理"), reverse("care:recuperation_manage"), homes.GROUP_DESK, homes.ORDER_DESK + 50
        )


@homes.tiles
def recuperation_tiles(user):
    """A member: their application this year, or the programmes open to them; a cadre: the
    programmes whose window has closed and that wait for the draw."""
    if not user.is_authenticated:
        return
    mine = my_applications(user).filter(state__in=COUNTING).first()
    if mine is not None:
        yield homes.Tile(
            "card",
            _("我的疗休养"),
            mine.get_absolute_url(),
            detail=f"{mine.programme.title} · {mine.get_state_display()}",
            order=40,
        )
    else:
        programmes = list(open_for(user)[:ITEMS])
        if programmes:
            yield homes.Tile(
                "card",
                _("疗休养报名中"),
                reverse("care:recuperation_list"),
                count=len(programmes),
                items=tuple(
                    homes.Item(
                        p.title,
                        p.get_absolute_url(),
                        _("%(d)s截止")
                        % {"d": date_format(timezone.localtime(p.closes_at), "SHORT_DATETIME_FORMAT")},
                    )
                    for p in programmes
                ),
                order=40,
            )
    if is_cadre(user):
        due = list(to_draw_for(user)[:ITEMS])
        if due:
            yield homes.Tile(
                "todo",
                _("疗休养待抽签分配"),
                reverse("care:recuperation_manage"),
                count=len(due),
                items=tuple(
                    homes.Item(p.title, reverse("care:recuperation_applications", args=[p.uuid]), p.org.name)
                    for p in due
                ),
                order=40,
            )
