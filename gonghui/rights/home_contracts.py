"""Rights: contracts — home cards and modules (core.homes), imported by rights/home.py."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.core import homes
from gonghui.core.scoping import is_cadre
from gonghui.rights.models.contracts import ContractState
from gonghui.rights.selectors import contracts as sel

ITEMS = 5
CAP = 50  # rows read for the tiles; beyond it the counts are counted


@homes.modules
def contract_modules(user):
    if is_cadre(user):
        yield homes.Module(
            _("集体合同"), reverse("rights:contracts_list"), homes.GROUP_DESK, homes.ORDER_DESK + 60
        )
    elif getattr(user, "is_authenticated", False):
        yield homes.Module(
            _("我单位的集体合同"),
            reverse("rights:contracts_mine"),
            homes.GROUP_WORKER,
            homes.ORDER_WORKER + 60,
        )


def _tile(title: str, url: str, rows: list, note, *, urgent, order: int, count) -> homes.Tile:
    return homes.Tile(
        "todo",
        title,
        url,
        count=count,
        urgent=any(urgent(c) for c in rows),
        items=tuple(
            homes.Item(f"{c.title} · {c.org.name}", c.get_absolute_url(), note(c), urgent=urgent(c))
            for c in rows[:ITEMS]
        ),
        order=order,
    )


@homes.tiles
def contract_tiles(user):
    """A cadre: contracts ending within three months, and voted contracts still to be filed. One query
    (both kinds at once); a count query only for a cadre with more than a page of them."""
    if not is_cadre(user):
        return
    today = timezone.localdate()
    rows = list(sel.home_contracts_for(user)[:CAP])
    expiring = [c for c in rows if c.state == ContractState.IN_FORCE]
    due = [c for c in rows if c.state == ContractState.VOTED]
    if expiring:
        yield _tile(
            _("集体合同即将到期"),
            reverse("rights:contracts_list") + "?state=expiring",
            expiring,
            lambda c: _("%(day)s到期") % {"day": date_format(c.ends_on, "DATE_FORMAT")},
            urgent=lambda c: (c.ends_on - today).days <= 30,
            order=40,
            count=len(expiring) if len(rows) < CAP else sel.expiring_for(user).count(),
        )
    if due:
        yield _tile(
            _("集体合同待报送"),
            reverse("rights:contracts_list") + "?state=filing",
            due,
            lambda c: _("%(day)s前报送") % {"day": date_format(c.filing_due, "DATE_FORMAT")},
            urgent=lambda c: c.filing_due < today,
            order=41,
            count=len(due) if len(rows) < CAP else sel.filings_due_for(user).count(),
        )
