"""Care: hardship — home cards and modules (core.homes), imported by care/home.py."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.care.selectors import hardship as sel
from gonghui.core import homes
from gonghui.core.scoping import is_cadre

ITEMS = 5


@homes.modules
def hardship_modules(user):
    if is_cadre(user):
        yield homes.Module(
            _("困难职工帮扶"), reverse("care:hardship_list"), homes.GROUP_CARE, homes.ORDER_CARE
        )


@homes.tiles
def hardship_tiles(user):
    """A cadre: files awaiting their level, overdue first. Only the cadres who act at a level pay a query."""
    if not is_cadre(user):
        return
    waiting = list(sel.awaiting_for(user)[: ITEMS + 1])
    if not waiting:
        return
    today = timezone.localdate()
    count = len(waiting) if len(waiting) <= ITEMS else sel.awaiting_for(user).count()
    yield homes.Tile(
        "todo",
        _("困难职工档案待审批"),
        reverse("care:hardship_list") + "?state=awaiting",
        count=count,
        urgent=any(f.approval_due and f.approval_due < today for f in waiting),
        items=tuple(
            homes.Item(
                f"{f.member.name} · {f.org.name}",
                f.get_absolute_url(),
                _("%(day)s前办理") % {"day": date_format(f.approval_due, "DATE_FORMAT")}
                if f.approval_due
                else "",
                urgent=bool(f.approval_due and f.approval_due < today),
            )
            for f in waiting[:ITEMS]
        ),
        order=28,
    )
