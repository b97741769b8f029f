"""Rights: supervision letters — home cards and modules (core.homes), imported by rights/home.py."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.core import homes
from gonghui.core.scoping import is_cadre
from gonghui.rights.selectors import letters as sel

ITEMS = 5
GROUP_RIGHTS = homes.GROUP_PROBLEMS  # rights work sits with the problems and petitions


@homes.modules
def letter_modules(user):
    if is_cadre(user):
        yield homes.Module(
            _("一函两书"), reverse("rights:letter_list"), GROUP_RIGHTS, homes.ORDER_PROBLEMS + 40
        )


@homes.tiles
def letter_tiles(user):
    """A cadre: served letters waiting for the employer's reply, the overdue first."""
    if not is_cadre(user):
        return
    waiting = list(sel.awaiting_reply_for(user)[: ITEMS + 1])
    if not waiting:
        return
    today = timezone.localdate()
    yield homes.Tile(
        "todo",
        _("函件待用人单位回复"),
        reverse("rights:letter_list") + "?state=open",
        count=len(waiting) if len(waiting) <= ITEMS else sel.awaiting_reply_for(user).count(),
        urgent=any(x.reply_due and x.reply_due < today for x in waiting),
        items=tuple(
            homes.Item(
                f"{x.number} · {x.addressee}",
                x.get_absolute_url(),
                _("%(day)s前回复") % {"day": date_format(x.reply_due, "DATE_FORMAT")} if x.reply_due else "",
                urgent=bool(x.reply_due and x.reply_due < today),
            )
            for x in waiting[:ITEMS]
        ),
        order=33,
    )
