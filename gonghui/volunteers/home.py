"""What volunteering contributes to the home and the navigation (discovered by core.homes)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.core import facts, homes
from gonghui.core.scoping import is_cadre
from gonghui.volunteers.models import Volunteer, VolunteerTask, VolunteerTeam
from gonghui.volunteers.selectors import open_tasks_for, upcoming_signups, volunteer_for, year_total


def my_volunteer(user) -> Volunteer | None:
    """The user's volunteer record (any status), asked once per request by tiles and modules."""
    return homes.memo(user, "volunteer", lambda: volunteer_for(user))


def leads_tasks(user) -> bool:
    """A volunteer team's leader or a task's leader: who runs tasks without a position."""
    return facts.remembered(  # volunteers' apps.py follows tasks and teams
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


# ---------------------------------------------------------------- tiles

ITEMS = 5


@homes.tiles
def volunteer_tiles(user):
    """A volunteer: hours this year and upcoming sign-ups; anyone else: volunteering on offer."""
    volunteer = my_volunteer(user) if user.is_authenticated else None
    active = volunteer is not None and volunteer.status == Volunteer.Status.ACTIVE
    if not active:
        yield homes.Tile(
            "shortcut",
            _("志愿服务"),
            reverse("volunteers:home")
            if user.is_authenticated
            else homes.signup_url(reverse("volunteers:home")),
            detail=_("成为志愿者，报名服务任务，记录志愿时长"),
            order=20,
        )
        return
    year = timezone.localdate().year
    hours = year_total(volunteer, year)
    signups = list(upcoming_signups(volunteer)[:ITEMS])
    yield homes.Tile(
        "card",
        _("我的志愿服务"),
        reverse("volunteers:my_hours"),
        detail=_("%(year)s年已确认 %(hours)s 小时") % {"year": year, "hours": hours},
        items=tuple(
            homes.Item(
                s.task.title,
                reverse("volunteers:task_detail", args=[s.task.uuid]),
                " · ".join(
                    (date_format(timezone.localtime(s.task.starts_at), _("n月j日 H:i")), s.task.place)
                ),
            )
            for s in signups
        ),
        order=10,
    )
    open_count = open_tasks_for(volunteer).count()
    yield homes.Tile(
        "shortcut",
        _("可报名的志愿任务"),
        reverse("volunteers:task_list"),
        count=open_count,
        order=11,
    )
