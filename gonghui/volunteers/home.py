"""What volunteering contributes to the home and the navigation (discovered by core.homes)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import homes
from gonghui.core.scoping import is_cadre
from gonghui.volunteers.models import Volunteer, VolunteerTask, VolunteerTeam
from gonghui.volunteers.selectors import volunteer_for


def my_volunteer(user) -> Volunteer | None:
    """The user's volunteer record (any status), asked once per request by tiles and modules."""
    return homes.memo(user, "volunteer", lambda: volunteer_for(user))


def leads_tasks(user) -> bool:
    """A volunteer team's leader or a task's leader: who runs tasks without a position."""
    return homes.memo(
        user,
        "leads_tasks",
        lambda: (
            VolunteerTask.objects.filter(leader=user).exists()
            or VolunteerTeam.objects.filter(leader__user=user).exists()
        ),
    )


def _m(label, name: str, group, order: int) -> homes.Module:
    return homes.Module(label, reverse(name), group, order)


@homes.modules
def volunteer_modules(user):
    w = homes.ORDER_WORKER
    volunteer = my_volunteer(user) if user.is_authenticated else None
    yield _m(_("志愿服务"), "volunteers:home", homes.GROUP_WORKER, w + 20)
    if volunteer is not None and volunteer.status == Volunteer.Status.ACTIVE:
        yield _m(_("志愿任务报名"), "volunteers:task_list", homes.GROUP_WORKER, w + 21)
    if volunteer is not None:
        yield _m(_("我的志愿时长"), "volunteers:my_hours", homes.GROUP_WORKER, w + 22)
    if not is_cadre(user):
        if volunteer is not None and leads_tasks(user):
            yield _m(
                _("我带队的志愿任务"), "volunteers:task_manage_list", homes.GROUP_WORK, homes.ORDER_WORK + 5
            )
        return
    v = homes.ORDER_VOLUNTEERS
    yield _m(_("志愿者"), "volunteers:volunteer_list", homes.GROUP_VOLUNTEERS, v + 1)
    yield _m(_("志愿服务队"), "volunteers:team_list", homes.GROUP_VOLUNTEERS, v + 2)
    yield _m(_("志愿服务联盟"), "volunteers:alliance_list", homes.GROUP_VOLUNTEERS, v + 3)
    yield _m(_("志愿任务管理"), "volunteers:task_manage_list", homes.GROUP_VOLUNTEERS, v + 4)
