"""What membership contributes to the home and the navigation (discovered by core.homes)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import homes
from gonghui.core.scoping import is_cadre
from gonghui.members.selectors.lifecycle import member_for_user
from gonghui.members.views.workbench import cadre_workbench, worker_home
from gonghui.orgs.selectors import manage_paths

homes.register("worker", worker_home)
homes.register("cadre", cadre_workbench)


def my_member(user):
    """The user's membership record (any status), asked once per request by tiles and modules."""
    return homes.memo(user, "member", lambda: member_for_user(user))


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
    else:
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
