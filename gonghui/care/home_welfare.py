"""Care: welfare — home cards and modules (core.homes), imported by care/home.py: a member's gifts
to sign for; a cadre's condolence requests waiting at their level."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.care.selectors import welfare as sel
from gonghui.core import homes
from gonghui.core.scoping import is_cadre

ITEMS = 5


@homes.modules
def welfare_modules(user):
    if user.is_authenticated:
        yield homes.Module(
            _("我的慰问品"), reverse("care:welfare_my_gifts"), homes.GROUP_WORKER, homes.ORDER_WORKER + 60
        )
    if is_cadre(user):
        desk = homes.ORDER_DESK + 60
        yield homes.Module(_("普惠发放"), reverse("care:welfare_batches"), homes.GROUP_DESK, desk)
        yield homes.Module(_("慰问申请"), reverse("care:welfare_requests"), homes.GROUP_DESK, desk + 1)
        yield homes.Module(_("慰问标准"), reverse("care:welfare_rules"), homes.GROUP_DESK, desk + 2)


@homes.tiles
def welfare_tiles(user):
    if not user.is_authenticated:
        return
    gifts = list(sel.my_gifts(user).filter(state="reserved", batch__state="ready")[:ITEMS])
    if gifts:
        yield homes.Tile(
            "todo",
            _("待签收的慰问品"),
            reverse("care:welfare_my_gifts"),
            count=len(gifts),
            items=tuple(
                homes.Item(g.batch.title, reverse("care:welfare_my_gifts"), g.batch.description)
                for g in gifts
            ),
            order=11,
        )
    if is_cadre(user):
        waiting = list(sel.awaiting_for(user)[:ITEMS])
        if waiting:
            yield homes.Tile(
                "todo",
                _("待我审批的慰问申请"),
                reverse("care:welfare_requests") + "?awaiting=1",
                count=len(waiting),
                items=tuple(
                    homes.Item(
                        f"{r.member.name}·{r.get_occasion_display()}",
                        r.get_absolute_url(),
                        _("%(amount)s元 · %(org)s") % {"amount": f"{r.amount:,.2f}", "org": r.org.name},
                    )
                    for r in waiting
                ),
                order=31,
            )
