"""What membership contributes to the home and the navigation (discovered by core.homes)."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.core import homes
from gonghui.core.scoping import is_cadre
from gonghui.members.selectors.identities import duplicate_open_count_for
from gonghui.members.selectors.join import applications_of_person, workbench_todo_for
from gonghui.members.selectors.lifecycle import member_for_user
from gonghui.members.workflows import JOIN_FLOW
from gonghui.orgs.selectors import manage_paths

MY_APPLICATIONS = 5


def my_member(user):
    """The user's membership record (any status), asked once per request by tiles and modules."""
    return homes.memo(user, "member", lambda: member_for_user(user))


def _day(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def _m(label, name: str, group, order: int) -> homes.Module:
    return homes.Module(label, reverse(name), group, order)


@homes.modules
def member_modules(user):
    member = my_member(user) if user.is_authenticated else None
    w = homes.ORDER_WORKER
    if member is not None and member.is_member:
        yield _m(_("电子会员证"), "members:card", homes.GROUP_WORKER, w + 1)
    if member is not None:
        yield _m(_("我的会籍"), "members:me", homes.GROUP_WORKER, w + 2)
    elif not is_cadre(user):  # a cadre without a membership record is not asked to join on every page
        yield _m(_("一键入会"), "members:join", homes.GROUP_WORKER, w + 1)
        yield _m(_("查询入会进度"), "members:join_status_lookup", homes.GROUP_WORKER, w + 2)
    if not is_cadre(user):
        return
    o = homes.ORDER_ORGS
    yield _m(_("会员名册"), "members:roster", homes.GROUP_ORGS, o + 3)
    if manage_paths(user):
        yield _m(_("导入名册"), "members:roster_import", homes.GROUP_ORGS, o + 4)
    yield _m(_("入会申请"), "members:application_list", homes.GROUP_ORGS, o + 5)
    yield _m(_("转会"), "members:transfer_list", homes.GROUP_ORGS, o + 6)
    yield _m(_("个人信息请求"), "members:data_request_list", homes.GROUP_ORGS, o + 7)
    yield _m(_("疑似重复会籍"), "members:duplicate_list", homes.GROUP_ORGS, o + 8)


# ---------------------------------------------------------------- tiles


@homes.tiles
def membership_tiles(user):
    """A member: their card. Anyone else: joining, and their own applications with their state."""
    member = my_member(user) if user.is_authenticated else None
    if member is not None:
        if member.is_member:
            yield homes.Tile(
                "card",
                _("电子会员证"),
                reverse("members:card"),
                detail=f"{member.name} · {member.member_no}",
                items=(
                    homes.Item(
                        member.org.name,
                        reverse("members:me"),
                        _("入会日期 %(d)s") % {"d": _day(member.joined_on)},
                    ),
                ),
                order=1,
            )
        else:
            yield homes.Tile(
                "card",
                _("我的会籍"),
                reverse("members:me"),
                detail=f"{member.get_status_display()} · {member.member_no}",
                order=1,
            )
        return
    if not user.is_authenticated or is_cadre(user):
        return  # a visitor's home opens with the join pitch itself; a cadre is not asked to join
    applications = list(applications_of_person(user)[:MY_APPLICATIONS])
    pending = any(a.state == "submitted" for a in applications)
    yield homes.Tile(
        "card",
        _("一键入会"),
        reverse("members:join"),
        detail=_("您的入会申请正在审核中。")
        if pending
        else _("外卖骑手、网约车司机、货车司机、快递员等新就业形态劳动者同样可以入会。"),
        order=1,
    )
    if applications:
        yield homes.Tile(
            "card",
            _("我的入会申请"),
            reverse("members:join_status", args=[applications[0].uuid]),
            items=tuple(
                homes.Item(
                    a.org.name,
                    reverse("members:join_status", args=[a.uuid]),
                    f"{JOIN_FLOW.label(a.state)} · {_day(a.created_at)}",
                )
                for a in applications
            ),
            order=2,
        )


@homes.tiles
def cadre_member_tiles(user):
    """A cadre's to-dos: join applications and transfers in scope (oldest first), duplicates."""
    if not is_cadre(user):
        return
    todo = workbench_todo_for(user)
    joins, transfers = todo["joins"], todo["transfers"]
    if joins["count"]:
        yield homes.Tile(
            "todo",
            _("待审核入会申请"),
            reverse("members:application_list") + "?state=submitted",
            count=joins["count"],
            items=tuple(
                homes.Item(
                    a.name,
                    reverse("members:application_detail", args=[a.uuid]),
                    f"{a.org.name} · {_day(a.created_at)}",
                )
                for a in joins["oldest"]
            ),
            order=10,
        )
    if transfers["count"]:
        yield homes.Tile(
            "todo",
            _("待接收转会"),
            reverse("members:transfer_list"),
            count=transfers["count"],
            items=tuple(
                homes.Item(
                    t.member.name,
                    reverse("members:transfer_detail", args=[t.uuid]),
                    f"{t.from_org.name} → {t.to_org.name}",
                )
                for t in transfers["oldest"]
            ),
            order=11,
        )
    duplicates = duplicate_open_count_for(user)
    if duplicates:
        yield homes.Tile(
            "todo", _("疑似重复会籍"), reverse("members:duplicate_list"), count=duplicates, order=12
        )
