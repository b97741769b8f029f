"""What the service desk contributes to the home and the navigation (discovered by core.homes)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import homes
from gonghui.core.scoping import is_cadre, scope_paths
from gonghui.orgs.selectors import is_federation_cadre, manage_paths
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
    if roles.unit_contact:
        yield _m(_("交办给本单位的问题"), "servicedesk:problem_inbox", homes.GROUP_WORK, o + 2)
    if roles.enterprise_contact:
        yield _m(_("企业问题反映"), "servicedesk:problem_mine", homes.GROUP_WORK, o + 3)
    if not is_cadre(user):
        return
    d = homes.ORDER_DESK
    managing = bool(manage_paths(user))
    if managing and is_federation_cadre(user, manage=True):
        yield _m(_("点单调度台"), "servicedesk:board", homes.GROUP_DESK, d + 1)
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
