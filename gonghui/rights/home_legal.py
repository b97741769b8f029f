"""Rights: legal aid — home cards and modules (core.homes), imported by rights/home.py."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.core import homes, workdays
from gonghui.core.scoping import is_cadre
from gonghui.rights.models.legal import CASE_FLOW, Topic
from gonghui.rights.selectors import legal as sel

ITEMS = 5


@homes.modules
def legal_modules(user):
    if user.is_authenticated:
        yield homes.Module(
            _("法律援助"), reverse("rights:legal_mine"), homes.GROUP_WORKER, homes.ORDER_WORKER + 60
        )
    if is_cadre(user):
        yield homes.Module(
            _("法律援助案件"), reverse("rights:legal_cases"), homes.GROUP_PROBLEMS, homes.ORDER_PROBLEMS + 40
        )


def _note(state_label: str, action: str, due) -> str:
    parts = [state_label]
    if due:
        parts.append(
            _("下一步：%(action)s（%(day)s）")
            % {"action": action or "—", "day": date_format(due, "DATE_FORMAT")}
        )
    return " · ".join(parts)


@homes.tiles
def legal_tiles(user):
    """A worker: their open cases (stage and next date); a cadre: cases due soon or overdue, overdue first."""
    if not user.is_authenticated:
        return
    mine = sel.open_cases_card(user)
    if mine:
        yield homes.Tile(
            "card",
            _("我的法律援助案件"),
            reverse("rights:legal_mine"),
            items=tuple(
                homes.Item(
                    f"{Topic(topic).label} · {employer}",
                    reverse("rights:legal_my_case", args=[uuid]),
                    _note(CASE_FLOW.label(state), action, due),
                )
                for uuid, topic, employer, state, action, due in mine
            ),
            order=22,
        )
    if not is_cadre(user):
        return
    count, due = sel.due_card(user, limit=ITEMS)
    if not count:
        return
    today = timezone.localdate()
    flags = [workdays.is_overdue(next_due, org=path, today=today) for *_rest, next_due, path in due]
    yield homes.Tile(
        "todo",
        _("法律援助案件临期或超期"),
        reverse("rights:legal_cases"),
        count=count,
        urgent=any(flags),
        items=tuple(
            homes.Item(
                f"{number} · {name}",
                reverse("rights:legal_case_detail", args=[uuid]),
                (_("已超期") + " · " if late else "") + _note(CASE_FLOW.label(state), action, next_due),
                urgent=late,
            )
            for (uuid, number, name, state, action, next_due, _path), late in zip(due, flags, strict=True)
        ),
        order=29,
    )
