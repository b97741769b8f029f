"""Reads and access for volunteers: who sees which team, task and hours.

Cadres see their subtree (`visible_to`); a volunteer sees the teams and tasks of their county
(the nearest federation above the org they registered under) and their own sign-ups; a task's
leader sees that task. Anything else is 404; seeing without the right to change is 403.
"""

import datetime
import uuid as uuid_module
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone

from gonghui.core.indicators import Scan, Source, Window
from gonghui.core.scoping import can_manage, can_view, in_subtree, is_cadre, subtree_q
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import federation_above
from gonghui.servicedesk.selectors.bus import trip_get_for
from gonghui.servicedesk.selectors.orders import order_get_for
from gonghui.volunteers.models import (
    Alliance,
    Signup,
    TeamMembership,
    Volunteer,
    VolunteerTask,
    VolunteerTeam,
)
from gonghui.volunteers.workflows import TASK_FLOW

CONFIRMED = Q(confirmed_at__isnull=False, state=Signup.State.SIGNED_UP)


def _uuid(value) -> uuid_module.UUID:
    try:
        return value if isinstance(value, uuid_module.UUID) else uuid_module.UUID(str(value))
    except ValueError:
        raise Http404 from None


def county_path(org: Org) -> str:
    """Path of the federation of `org` (orgs.selectors.federation_above): a volunteer's county."""
    return federation_above(org).path


def reporting_areas(user) -> list[str]:
    """servicedesk.reporters rule: an active volunteer may report problems anywhere in their county
    (volunteers roam across it on bus trips and visits; another county is not theirs)."""
    volunteer = active_volunteer_for(user)
    return [county_path(volunteer.org)] if volunteer is not None else []


def volunteer_for(user) -> Volunteer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Volunteer.objects.select_related("org", "member").filter(user=user).first()


def active_volunteer_for(user) -> Volunteer | None:
    volunteer = volunteer_for(user)
    return volunteer if volunteer is not None and volunteer.status == Volunteer.Status.ACTIVE else None


def member_of(user):
    """The person's membership record when they hold membership (a volunteer member serves their union)."""
    from gonghui.members.selectors.lifecycle import member_for_user

    member = member_for_user(user)
    return member if member is not None and member.is_member else None


def is_team_leader(user, team: VolunteerTeam) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and team.leader_id is not None
        and team.leader.user_id == user.pk
    )


def may_manage_task(user, task: VolunteerTask) -> bool:
    """The task's leader or a cadre over its org: who may fire TASK_FLOW's transitions."""
    return TASK_FLOW.transitions["close"].may(user, task)


# ---------------------------------------------------------------- teams and alliances


def teams_for(user, volunteer: Volunteer | None = None):
    """Teams a user may open: the cadre's subtree, plus (for a volunteer) the teams of their county."""
    q = Q(pk__in=VolunteerTeam.objects.visible_to(user).values("pk")) if is_cadre(user) else Q(pk__in=[])
    if volunteer is not None and volunteer.status == Volunteer.Status.ACTIVE:
        q |= subtree_q(county_path(volunteer.org), "org_path")
    if volunteer is not None:
        q |= Q(memberships__volunteer=volunteer)
    return (
        VolunteerTeam.objects.filter(q)
        .distinct()
        .select_related("org", "leader__user", "alliance")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("org_path", "name")
    )


def team_get_for(user, uuid, *, write: bool = False) -> VolunteerTeam:
    team = (
        VolunteerTeam.objects.select_related("org", "leader__user", "alliance")
        .filter(uuid=_uuid(uuid))
        .first()
    )
    if team is None:
        raise Http404
    volunteer = volunteer_for(user)
    member = volunteer is not None and TeamMembership.objects.filter(team=team, volunteer=volunteer).exists()
    home = (
        volunteer is not None
        and volunteer.status == Volunteer.Status.ACTIVE
        and in_subtree(team.org_path, county_path(volunteer.org))
    )
    if not (can_view(user, team.org) or member or home):
        raise Http404
    if write and not (is_team_leader(user, team) or can_manage(user, team.org)):
        raise PermissionDenied
    return team


def team_members(team: VolunteerTeam, year: int):
    """Members with their confirmed hours in `year`: on this team's tasks and in all. One query."""
    start, end = year_range(year)
    in_year = Q(
        signups__confirmed_at__isnull=False,
        signups__state=Signup.State.SIGNED_UP,
        signups__task__starts_at__gte=start,
        signups__task__starts_at__lt=end,
    )
    return (
        Volunteer.objects.filter(memberships__team=team)
        .select_related("user")
        .annotate(
            total_hours=Sum("signups__hours", filter=in_year),
            team_hours=Sum("signups__hours", filter=in_year & Q(signups__task__team=team)),
        )
        .order_by("user__name", "pk")
    )


def team_hours(team: VolunteerTeam, year: int) -> Decimal:
    start, end = year_range(year)
    return Signup.objects.filter(
        CONFIRMED, task__team=team, task__starts_at__gte=start, task__starts_at__lt=end
    ).aggregate(t=Sum("hours"))["t"] or Decimal("0")


def alliances_for(user):
    return (
        Alliance.objects.visible_to(user)
        .select_related("org")
        .annotate(team_count=Count("teams"))
        .order_by("org_path", "name")
    )


def alliance_get_for(user, pk: int, *, write: bool = False) -> Alliance:
    alliance = Alliance.objects.visible_to(user).select_related("org").filter(pk=pk).first()
    if alliance is None:
        raise Http404
    if write and not can_manage(user, alliance.org):
        raise PermissionDenied
    return alliance


def alliance_teams(alliance: Alliance, year: int):
    start, end = year_range(year)
    hours = Q(
        tasks__signups__confirmed_at__isnull=False,
        tasks__signups__state=Signup.State.SIGNED_UP,
        tasks__starts_at__gte=start,
        tasks__starts_at__lt=end,
    )
    return (
        alliance.teams.select_related("org")
        .annotate(hours=Sum("tasks__signups__hours", filter=hours))
        .order_by("org_path", "name")
    )


def alliance_candidate_teams(alliance: Alliance):
    return (
        VolunteerTeam.objects.filter(subtree_q(alliance.org_path, "org_path"))
        .exclude(alliance=alliance)
        .select_related("org")
        .order_by("org_path", "name")
    )


# ---------------------------------------------------------------- tasks


def open_tasks_for(volunteer: Volunteer | None, *, now: datetime.datetime | None = None):
    """Open tasks of the volunteer's county that have not started and have places left."""
    if volunteer is None or volunteer.status != Volunteer.Status.ACTIVE:
        return VolunteerTask.objects.none()
    now = now or timezone.now()
    from django.db.models import F

    return (
        VolunteerTask.objects.filter(
            subtree_q(county_path(volunteer.org), "org_path"),
            state=VolunteerTask.State.OPEN,
            starts_at__gt=now,
            signed_up__lt=F("capacity"),
        )
        .select_related("org", "team")
        .order_by("starts_at", "pk")
    )


def managed_tasks_for(user, *, drilled=None):
    """Tasks a cadre sees in their subtree, and those the user leads; `drilled`
    (orgs.selectors.drilled): only the tasks whose hours a glance tile added up."""
    qs = VolunteerTask.objects.filter(leader=user)
    if is_cadre(user):
        qs = qs | VolunteerTask.objects.visible_to(user)
    if drilled is not None:
        # FIGURES has one scan (confirmed sign-ups, by the task's org and start): their tasks
        qs = qs.filter(pk__in=drilled.counted(FIGURES).values("task"))
    return qs.select_related("org", "team", "leader").order_by("-starts_at", "-pk")


def task_get_for(user, uuid, *, write: bool = False) -> VolunteerTask:
    task = (
        VolunteerTask.objects.select_related("org", "team__leader", "leader", "order", "trip")
        .filter(uuid=_uuid(uuid))
        .first()
    )
    if task is None:
        raise Http404
    if not (may_manage_task(user, task) or can_view(user, task.org)):
        volunteer = volunteer_for(user)
        signed = volunteer is not None and Signup.objects.filter(task=task, volunteer=volunteer).exists()
        home = (
            volunteer is not None
            and volunteer.status == Volunteer.Status.ACTIVE
            and in_subtree(task.org_path, county_path(volunteer.org))
        )
        if not (signed or home):
            raise Http404
    if write and not may_manage_task(user, task):
        raise PermissionDenied
    return task


def task_signups(task: VolunteerTask):
    return task.signups.select_related("volunteer__user", "confirmed_by").order_by("state", "signed_at", "pk")


def signup_of(task: VolunteerTask, volunteer: Volunteer | None) -> Signup | None:
    if volunteer is None:
        return None
    return Signup.objects.filter(task=task, volunteer=volunteer).first()


def signup_get_for(user, task: VolunteerTask, pk: int) -> Signup:
    """A sign-up of a task the user manages (the caller has checked `write`)."""
    signup = task.signups.select_related("volunteer__user", "task__org").filter(pk=pk).first()
    if signup is None:
        raise Http404
    return signup


def orders_for_task(user, uuid):
    """A service order in the user's scope (the desk's selector), to turn into a task."""
    order = order_get_for(user, _uuid(uuid))
    if not can_view(user, order.org):  # its orderer or team see it, but only a cadre makes tasks
        raise Http404
    return order


def trip_for_task(user, uuid):
    """A bus trip in the user's scope (the desk's selector), to turn into a task."""
    trip = trip_get_for(user, _uuid(uuid))
    if not can_view(user, trip.org):  # the crew see it, but only a cadre makes tasks
        raise Http404
    return trip


# ---------------------------------------------------------------- hours


def year_range(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The year as [1 January, next 1 January) in local time: an index range on the start time."""
    tz = timezone.get_current_timezone()
    return (datetime.datetime(year, 1, 1, tzinfo=tz), datetime.datetime(year + 1, 1, 1, tzinfo=tz))


def hours_by_year(volunteer: Volunteer) -> list[dict]:
    """Confirmed hours per year (newest first): [{"year", "hours", "tasks"}]. One query."""
    from django.db.models.functions import ExtractYear

    rows = (
        Signup.objects.filter(CONFIRMED, volunteer=volunteer)
        .annotate(year=ExtractYear("task__starts_at"))
        .values("year")
        .annotate(hours=Sum("hours"), tasks=Count("pk"))
        .order_by("-year")
    )
    return list(rows)


def confirmed_signups(volunteer: Volunteer, year: int):
    start, end = year_range(year)
    return (
        Signup.objects.filter(
            CONFIRMED, volunteer=volunteer, task__starts_at__gte=start, task__starts_at__lt=end
        )
        .select_related("task__org")
        .order_by("task__starts_at", "pk")
    )


def pending_signups(volunteer: Volunteer):
    """Sign-ups whose hours are not confirmed yet (shown, but not counted)."""
    return (
        Signup.objects.filter(volunteer=volunteer, state=Signup.State.SIGNED_UP, confirmed_at__isnull=True)
        .select_related("task")
        .order_by("task__starts_at", "pk")
    )


def year_total(volunteer: Volunteer, year: int) -> Decimal:
    start, end = year_range(year)
    return Signup.objects.filter(
        CONFIRMED, volunteer=volunteer, task__starts_at__gte=start, task__starts_at__lt=end
    ).aggregate(t=Sum("hours"))["t"] or Decimal("0")


def volunteer_get_for_certificate(user, uuid) -> Volunteer:
    """A volunteer whose certificate a cadre may issue: in the cadre's subtree (404), chair or staff (403)."""
    volunteer = (
        Volunteer.objects.visible_to(user).select_related("user", "org").filter(uuid=_uuid(uuid)).first()
    )
    if volunteer is None:
        raise Http404
    if volunteer.user_id != user.pk and not can_manage(user, volunteer.org):
        raise PermissionDenied
    return volunteer


def volunteers_for(user, *, search: str = ""):
    """Volunteers registered in a cadre's subtree (the cadre's volunteer register)."""
    qs = Volunteer.objects.visible_to(user) if is_cadre(user) else Volunteer.objects.none()
    if search:
        qs = qs.filter(Q(user__name__startswith=search) | Q(skills__contains=search))
    return qs.select_related("user", "org").order_by("org_path", "pk")


def upcoming_signups(volunteer: Volunteer, *, now: datetime.datetime | None = None):
    """The volunteer's sign-ups for tasks not over yet, soonest first (their home and the home page)."""
    return (
        Signup.objects.filter(
            volunteer=volunteer, state=Signup.State.SIGNED_UP, task__ends_at__gte=now or timezone.now()
        )
        .select_related("task")
        .order_by("task__starts_at", "pk")
    )


# ---------------------------------------------------------------- figures (volunteers/indicators.py)


def _clean(row: dict) -> dict:
    return {"hours": row.get("hours") or Decimal("0")}


# Confirmed volunteer hours of a subtree's tasks (by the task's org) that started in a period.
FIGURES = Source(
    Scan(
        Signup.objects.filter(CONFIRMED),
        "task__org_path",
        (Window({"hours": Sum("hours")}, lambda lo, hi: Q(task__starts_at__gte=lo, task__starts_at__lt=hi)),),
    ),
    clean=_clean,
)
