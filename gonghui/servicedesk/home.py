"""What the service desk contributes to the home and the navigation (discovered by core.homes)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.core import facts, homes
from gonghui.core.scoping import is_cadre, scope_paths
from gonghui.orgs.selectors import is_federation_cadre, manage_paths
from gonghui.servicedesk.selectors import orders as sel
from gonghui.servicedesk.selectors import petitions as petition_sel
from gonghui.servicedesk.selectors import problems as problem_sel
from gonghui.servicedesk.selectors.bus import trips_accessible
from gonghui.servicedesk.selectors.roles import desk_roles
from gonghui.servicedesk.selectors.settings import desk_link_flags


def _m(label, name: str, group, order: int) -> homes.Module:
    return homes.Module(label, reverse(name), group, order)


@homes.modules
def desk_modules(user):
    w = homes.ORDER_WORKER
    # Anonymous visitors see the offers too: each leads to registration (accounts) and back.
    yield _m(_("服务点单"), "servicedesk:menu", homes.GROUP_WORKER, w + 10)
    yield _m(_("网上信访"), "servicedesk:petition_submit", homes.GROUP_WORKER, w + 30)
    if not user.is_authenticated:
        return
    yield _m(_("我的点单"), "servicedesk:order_mine", homes.GROUP_WORKER, w + 11)
    yield _m(_("我的信访"), "servicedesk:petition_mine", homes.GROUP_WORKER, w + 31)
    roles = desk_roles(user)
    o = homes.ORDER_WORK
    if roles.on_team:
        yield _m(_("服务队任务"), "servicedesk:team_jobs", homes.GROUP_WORK, o + 1)
        if not is_cadre(user) and facts.remembered(user, "crew", lambda: trips_accessible(user).exists()):
            yield _m(_("流动服务车"), "servicedesk:trip_list", homes.GROUP_WORK, o + 4)  # on board a trip
    if roles.unit_contact:
        yield _m(_("交办给本单位的问题"), "servicedesk:problem_inbox", homes.GROUP_WORK, o + 2)
    if roles.enterprise_contact:
        yield _m(_("企业问题反映"), "servicedesk:problem_mine", homes.GROUP_WORK, o + 3)
    if not is_cadre(user):
        return
    d = homes.ORDER_DESK
    managing = bool(manage_paths(user))
    if managing and is_federation_cadre(user, manage=True):
        yield _m(_("派单看板"), "servicedesk:board", homes.GROUP_DESK, d + 1)
        yield _m(_("服务菜单管理"), "servicedesk:menu_manage", homes.GROUP_DESK, d + 2)
        yield _m(_("服务队"), "servicedesk:team_list", homes.GROUP_DESK, d + 3)
        yield _m(_("流动服务车"), "servicedesk:trip_list", homes.GROUP_DESK, d + 4)
    if is_federation_cadre(user):
        yield _m(_("服务统计"), "servicedesk:figures_orders", homes.GROUP_DESK, d + 5)
    p = homes.ORDER_PROBLEMS
    yield _m(_("问题清单"), "servicedesk:problem_list", homes.GROUP_PROBLEMS, p + 1)
    yield _m(_("亲清茶室"), "servicedesk:meeting_list", homes.GROUP_PROBLEMS, p + 2)
    yield _m(_("责任单位"), "servicedesk:unit_list", homes.GROUP_PROBLEMS, p + 3)
    yield _m(_("问题统计"), "servicedesk:problem_figures", homes.GROUP_PROBLEMS, p + 4)
    if not scope_paths(user):
        return  # a platform superuser without a position: no diaries, follow-ups or petitions
    yield _m(_("工情日记"), "servicedesk:diary_list", homes.GROUP_PROBLEMS, p + 5)
    yield _m(_("跟进事项"), "servicedesk:followups", homes.GROUP_PROBLEMS, p + 6)
    yield _m(_("信访接待"), "servicedesk:petition_list", homes.GROUP_PROBLEMS, p + 7)
    s = homes.ORDER_SETTINGS
    links = desk_link_flags(user)
    if links["settings"]:
        yield _m(_("办理时限"), "servicedesk:settings", homes.GROUP_SETTINGS, s + 2)
    if links["calendar"]:
        yield _m(_("节假日安排"), "servicedesk:calendar", homes.GROUP_SETTINGS, s + 3)


# ---------------------------------------------------------------- tiles

ITEMS = 5


def _day(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def _tile(kind: str, title, name: str, **kw) -> homes.Tile:
    return homes.Tile(kind=kind, title=title, url=reverse(name), **kw)


@homes.tiles
def desk_offers(user):
    """What is on offer to a worker (ordering, petitions); an anonymous visitor is led to register."""
    for title, name, detail, order in (
        (_("服务点单"), "servicedesk:menu", _("法律讲座、健康义诊、技能培训、心理疏导等，送服务上门"), 10),
        (_("网上信访"), "servicedesk:petition_submit", _("反映诉求，限期答复，进度可查"), 30),
    ):
        url = reverse(name)
        yield homes.Tile(
            "shortcut",
            title,
            url if user.is_authenticated else homes.signup_url(url),
            detail=detail,
            order=order,
        )


@homes.tiles
def my_desk_tiles(user):
    """A person's own orders, petitions and (as an enterprise contact or reporter) problems."""
    if not user.is_authenticated:
        return
    orders = sel.my_order_counts(user)
    if orders["to_rate"]:
        rows = sel.my_orders_to_rate(user)[:ITEMS]
        yield _tile(
            "todo",
            _("待评价的点单"),
            "servicedesk:order_mine",
            count=orders["to_rate"],
            items=tuple(homes.Item(str(o.item), o.get_absolute_url(), _day(o.service_date)) for o in rows),
            order=20,
        )
    if orders["total"]:
        yield _tile(
            "card",
            _("我的点单"),
            "servicedesk:order_mine",
            detail=_("办理中 %(n)s 单，共 %(total)s 单") % {"n": orders["open"], "total": orders["total"]},
            order=20,
        )
    petitions = petition_sel.my_petition_counts(user)
    if petitions["total"]:
        yield _tile(
            "card",
            _("我的信访"),
            "servicedesk:petition_mine",
            detail=_("办理中 %(n)s 件，共 %(total)s 件")
            % {"n": petitions["open"], "total": petitions["total"]},
            order=30,
        )
    roles = desk_roles(user)
    problems = problem_sel.my_problem_counts(user) if roles.enterprise_contact else None
    if problems is None:
        return
    if problems["to_confirm"]:
        rows = problem_sel.problems_to_confirm(user)[:ITEMS]
        yield _tile(
            "todo",
            _("待确认的问题答复"),
            "servicedesk:problem_mine",
            count=problems["to_confirm"],
            items=tuple(
                homes.Item(p.title, p.get_absolute_url(), p.enterprise.name if p.enterprise else "")
                for p in rows
            ),
            order=25,
        )
    yield _tile(
        "card",
        _("企业问题反映"),
        "servicedesk:problem_mine",
        detail=_("办理中 %(n)s 个问题") % {"n": problems["open"]},
        order=25,
    )


@homes.tiles
def work_tiles(user):
    """A service team's jobs with dates and places; a partner unit's problems, overdue first."""
    if not user.is_authenticated:
        return
    roles = desk_roles(user)
    today = timezone.localdate()
    if roles.on_team:
        jobs = sel.team_jobs(user)
        rows = list(jobs[:ITEMS])
        count = jobs.count() if len(rows) == ITEMS else len(rows)
        yield _tile(
            "todo",
            _("服务队任务"),
            "servicedesk:team_jobs",
            count=count,
            detail=_("已派单、待服务的任务，按服务日期") if count else _("暂无待服务的任务"),
            items=tuple(
                homes.Item(
                    str(o.item),
                    o.get_absolute_url(),
                    " · ".join(x for x in (_day(o.service_date), o.service_place or o.place) if x),
                    urgent=bool(o.service_date and o.service_date < today),
                )
                for o in rows
            ),
            urgent=any(o.service_date and o.service_date < today for o in rows),
            order=5,
        )
    if roles.unit_contact:
        problems = problem_sel.unit_inbox_overdue_first(user, today=today)
        rows = list(problems[:ITEMS])
        count = problems.count() if len(rows) == ITEMS else len(rows)
        yield _tile(
            "todo",
            _("交办给本单位的问题"),
            "servicedesk:problem_inbox",
            count=count,
            detail=_("按办理期限，逾期的在前") if count else _("暂无待答复的问题"),
            items=tuple(
                homes.Item(
                    p.title,
                    p.get_absolute_url(),
                    (_("逾期 · 期限 %(d)s") if p.overdue_now else _("期限 %(d)s")) % {"d": _day(p.due_date)}
                    if p.due_date
                    else "",
                    urgent=p.overdue_now,
                )
                for p in rows
            ),
            urgent=any(p.overdue_now for p in rows),
            order=5,
        )


@homes.tiles
def cadre_desk_tiles(user):
    """A cadre's to-dos on the desk: orders to accept and deliver, overdue; problems; petitions."""
    if not is_cadre(user):
        return
    if is_federation_cadre(user, manage=True):
        orders = sel.desk_order_counts(user)
        board = reverse("servicedesk:board")
        if orders["overdue"]:
            yield homes.Tile(
                "todo",
                _("逾期点单"),
                f"{board}?state=overdue",
                count=orders["overdue"],
                urgent=True,
                order=20,
            )
        if orders["to_accept"]:
            yield homes.Tile(
                "todo", _("待受理点单"), f"{board}?state=ordered", count=orders["to_accept"], order=21
            )
        if orders["to_dispatch"]:
            yield homes.Tile(
                "todo", _("待派单点单"), f"{board}?state=accepted", count=orders["to_dispatch"], order=22
            )
        if orders["to_deliver"]:
            yield homes.Tile(
                "todo", _("待服务点单"), f"{board}?state=dispatched", count=orders["to_deliver"], order=23
            )
    problems = problem_sel.cadre_problem_counts(user)
    plist = reverse("servicedesk:problem_list")
    if problems["overdue"]:
        yield homes.Tile(
            "todo", _("逾期问题"), f"{plist}?overdue=1", count=problems["overdue"], urgent=True, order=30
        )
    if problems["to_assign"]:
        yield homes.Tile(
            "todo", _("待交办问题"), f"{plist}?state=raised", count=problems["to_assign"], order=31
        )
    petitions = petition_sel.cadre_petition_counts(user)
    pet = reverse("servicedesk:petition_list")
    if petitions["overdue"]:
        yield homes.Tile(
            "todo", _("逾期未答复信访"), f"{pet}?overdue=1", count=petitions["overdue"], urgent=True, order=40
        )
    if petitions["open"]:
        yield homes.Tile("todo", _("办理中信访"), pet, count=petitions["open"], order=41)
