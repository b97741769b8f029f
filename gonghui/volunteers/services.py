"""Volunteer operations: registration, teams, alliances, tasks, sign-up, check-in/out, hours.

Every function takes the acting user, runs in one transaction and raises ValidationError with a
Chinese message when a rule is broken (PermissionDenied when the actor may not do it).
"""

import datetime
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, checkin, facts, registration
from gonghui.core.notifications import notify
from gonghui.core.scoping import can_manage, in_subtree
from gonghui.orgs.models import MEMBER_KINDS, Org
from gonghui.volunteers.models import (
    Alliance,
    Signup,
    TeamMembership,
    Volunteer,
    VolunteerTask,
    VolunteerTeam,
    _checkin_secret,
)
from gonghui.volunteers.selectors import county_path, is_team_leader, may_manage_task
from gonghui.volunteers.workflows import SIGNUP_FLOW, TASK_FLOW

# The check-in window: scanning opens this long before the start; check-out closes this long after the end.
CHECKIN_EARLY = datetime.timedelta(minutes=30)
CHECKOUT_LATE = datetime.timedelta(hours=2)
# core.checkin scopes: the task's own code (volunteers scan it) and each volunteer's code (the leader scans it).
TASK_CODE_SCOPE = "volunteers.task"
SIGNUP_CODE_SCOPE = "volunteers.signup"
HALF_HOUR = Decimal("0.5")


# ---------------------------------------------------------------- volunteers


@transaction.atomic
def volunteer_register(
    *, user, org: Org, skills: str = "", availability: str = "", consent: bool, member=None, actor
) -> Volunteer:
    """Register `user` as a volunteer serving under `org` (a member: their union; else an area org)."""
    if not consent:
        raise ValidationError({"consent": _("请阅读并同意个人信息处理说明后再提交。")})
    if member is not None and member.is_member:
        org = member.org
    elif org is None or org.kind in MEMBER_KINDS or not org.is_active:
        raise ValidationError({"org": _("请从列表中选择服务所在的区域工会。")})
    else:
        member = None
    existing = Volunteer.objects.select_for_update().filter(user=user).first()
    if existing is not None and existing.status == Volunteer.Status.ACTIVE:
        raise ValidationError(_("您已登记为志愿者，无需重复登记。"))
    fields = {
        "org": org,
        "org_path": org.path,
        "member": member,
        "skills": skills.strip(),
        "availability": availability.strip(),
        "status": Volunteer.Status.ACTIVE,
    }
    if existing is not None:
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save(update_fields=[*fields, "updated_at"])
        volunteer = existing
    else:
        try:
            with transaction.atomic():
                volunteer = Volunteer.objects.create(user=user, **fields)
        except IntegrityError:
            raise ValidationError(_("您已登记为志愿者，无需重复登记。")) from None
    audit.record(
        volunteer,
        action="volunteer_register",
        actor=actor,
        changes={"consent": [None, timezone.now().isoformat()], "org": [None, org.name]},
    )
    return volunteer


@transaction.atomic
def volunteer_update(*, volunteer: Volunteer, skills: str, availability: str, actor) -> Volunteer:
    if actor.pk != volunteer.user_id and not can_manage(actor, volunteer.org):
        raise PermissionDenied
    before = audit.snapshot(volunteer, ["skills", "availability"])
    volunteer.skills, volunteer.availability = skills.strip(), availability.strip()
    volunteer.save(update_fields=["skills", "availability", "updated_at"])
    audit.record(volunteer, action="volunteer_update", actor=actor, changes=audit.diff(before, volunteer))
    return volunteer


@transaction.atomic
def volunteer_leave(*, volunteer: Volunteer, actor) -> Volunteer:
    """Leave (已退出): sign-ups for tasks that have not started are withdrawn, freeing the places."""
    if actor.pk != volunteer.user_id and not can_manage(actor, volunteer.org):
        raise PermissionDenied
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.status != Volunteer.Status.ACTIVE:
        raise ValidationError(_("您已退出志愿者队伍。"))
    now = timezone.now()
    pending = Signup.objects.filter(
        volunteer=volunteer, state=Signup.State.SIGNED_UP, task__starts_at__gt=now, checked_in_at__isnull=True
    )
    for signup in pending.select_related("task"):
        signup_withdraw(signup=signup, actor=actor)
    volunteer.status = Volunteer.Status.INACTIVE
    volunteer.save(update_fields=["status", "updated_at"])
    audit.record(volunteer, action="volunteer_leave", actor=actor, changes={"status": ["active", "inactive"]})
    return volunteer


# ---------------------------------------------------------------- teams and alliances


def _require_team_manager(team: VolunteerTeam, actor) -> None:
    if not (is_team_leader(actor, team) or can_manage(actor, team.org)):
        raise PermissionDenied


@transaction.atomic
def team_create(
    *, org: Org, name: str, description: str = "", leader: Volunteer | None, actor
) -> VolunteerTeam:
    if not can_manage(actor, org):
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请填写队伍名称。")})
    if VolunteerTeam.objects.filter(org=org, name=name).exists():
        raise ValidationError({"name": _("该组织已有同名的志愿服务队。")})
    if leader is not None and leader.status != Volunteer.Status.ACTIVE:
        raise ValidationError({"leader": _("队长必须是在册志愿者。")})
    try:
        with transaction.atomic():
            team = VolunteerTeam.objects.create(
                org=org, org_path=org.path, name=name, description=description.strip(), leader=leader
            )
    except IntegrityError:
        raise ValidationError({"name": _("该组织已有同名的志愿服务队。")}) from None
    if leader is not None:
        TeamMembership.objects.create(team=team, volunteer=leader)
    audit.record(team, action="team_create", actor=actor, changes={"name": [None, name]})
    return team


@transaction.atomic
def team_set_leader(*, team: VolunteerTeam, leader: Volunteer, actor) -> VolunteerTeam:
    if not can_manage(actor, team.org):
        raise PermissionDenied
    if leader.status != Volunteer.Status.ACTIVE:
        raise ValidationError({"leader": _("队长必须是在册志愿者。")})
    before = audit.snapshot(team, ["leader"])
    if team.leader_id:  # the old leader's navigation loses the team's tasks
        facts.forget(Volunteer.objects.filter(pk=team.leader_id).values_list("user_id", flat=True).first())
    team.leader = leader
    team.save(update_fields=["leader"])
    TeamMembership.objects.get_or_create(team=team, volunteer=leader)
    audit.record(team, action="team_leader", actor=actor, changes=audit.diff(before, team))
    return team


@transaction.atomic
def team_join(*, team: VolunteerTeam, volunteer: Volunteer, actor) -> TeamMembership:
    """Any active volunteer may join a team of their county."""
    if actor.pk != volunteer.user_id:
        raise PermissionDenied
    if volunteer.status != Volunteer.Status.ACTIVE:
        raise ValidationError(_("您已退出志愿者队伍，请先重新登记。"))
    home = county_path(volunteer.org)
    if not in_subtree(team.org_path, home):
        raise ValidationError(_("只能加入本县（市、区）的志愿服务队。"))
    membership, created = TeamMembership.objects.get_or_create(team=team, volunteer=volunteer)
    if not created:
        raise ValidationError(_("您已是该队队员。"))
    return membership


@transaction.atomic
def team_member_remove(*, team: VolunteerTeam, volunteer: Volunteer, actor) -> None:
    """A volunteer leaves a team, or its leader or a cadre removes them."""
    if actor.pk != volunteer.user_id:
        _require_team_manager(team, actor)
    deleted, _rows = TeamMembership.objects.filter(team=team, volunteer=volunteer).delete()
    if not deleted:
        raise ValidationError(_("该志愿者不是本队队员。"))
    if team.leader_id == volunteer.pk:
        team.leader = None
        team.save(update_fields=["leader"])
    audit.record(team, action="team_member_remove", actor=actor, changes={"member": [str(volunteer), None]})


@transaction.atomic
def alliance_create(*, org: Org, name: str, description: str = "", actor) -> Alliance:
    """Federation and area-union cadres group teams of their subtree into an alliance (联盟)."""
    if not can_manage(actor, org):
        raise PermissionDenied
    if org.kind in MEMBER_KINDS:
        raise ValidationError({"org": _("志愿服务联盟由总工会或区域工会组建，请选择总工会或区域工会。")})
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请填写联盟名称。")})
    if Alliance.objects.filter(org=org, name=name).exists():
        raise ValidationError({"name": _("该组织已有同名的志愿服务联盟。")})
    alliance = Alliance.objects.create(org=org, org_path=org.path, name=name, description=description.strip())
    audit.record(alliance, action="alliance_create", actor=actor, changes={"name": [None, name]})
    return alliance


@transaction.atomic
def alliance_team_add(*, alliance: Alliance, team: VolunteerTeam, actor) -> VolunteerTeam:
    if not can_manage(actor, alliance.org):
        raise PermissionDenied
    if not in_subtree(team.org_path, alliance.org_path):
        raise ValidationError({"team": _("只能吸纳本联盟所属组织辖区内的志愿服务队。")})
    if team.alliance_id == alliance.pk:
        raise ValidationError({"team": _("该队已在本联盟中。")})
    before = audit.snapshot(team, ["alliance"])
    team.alliance = alliance
    team.save(update_fields=["alliance"])
    audit.record(team, action="alliance_join", actor=actor, changes=audit.diff(before, team))
    return team


@transaction.atomic
def alliance_team_remove(*, alliance: Alliance, team: VolunteerTeam, actor) -> VolunteerTeam:
    if not can_manage(actor, alliance.org):
        raise PermissionDenied
    if team.alliance_id != alliance.pk:
        raise ValidationError(_("该队不在本联盟中。"))
    team.alliance = None
    team.save(update_fields=["alliance"])
    audit.record(team, action="alliance_leave", actor=actor, changes={"alliance": [alliance.name, None]})
    return team


# ---------------------------------------------------------------- tasks


@transaction.atomic
def task_create(
    *,
    org: Org,
    title: str,
    description: str = "",
    place: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    leader,
    team: VolunteerTeam | None = None,
    order=None,
    trip=None,
    actor,
) -> VolunteerTask:
    """A task of `org`: ad hoc, from a dispatched service order, or from a service-bus trip."""
    if not (can_manage(actor, org) or (team is not None and is_team_leader(actor, team))):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if team is not None and team.org_id != org.pk and not in_subtree(team.org_path, org.path):
        errors["team"] = _("请选择本组织的志愿服务队。")
    if order is not None:
        if order.state != "dispatched":
            errors["order"] = _("只有已派单的服务点单才能发布志愿服务任务。")
        elif order.org_id != org.pk:
            errors["order"] = _("点单不属于本组织。")
    if trip is not None:
        if trip.state != trip.State.PLANNED:
            errors["trip"] = _("只有计划中的流动服务车行程才能发布志愿服务任务。")
        elif trip.org_id != org.pk:
            errors["trip"] = _("行程不属于本组织。")
    if not title.strip():
        errors["title"] = _("请填写任务名称。")
    if not place.strip():
        errors["place"] = _("请填写服务地点。")
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("结束时间必须晚于开始时间。")
    if capacity is None or capacity < 1:
        errors["capacity"] = _("招募人数至少为1人。")
    if leader is None or not leader.is_active:
        errors["leader"] = _("请指定任务负责人。")
    if errors:
        raise ValidationError(errors)
    task = VolunteerTask.objects.create(
        org=org,
        org_path=org.path,
        title=title.strip(),
        description=description.strip(),
        team=team,
        order=order,
        trip=trip,
        place=place.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        leader=leader,
    )
    audit.record(task, action="task_create", actor=actor, changes={"title": [None, task.title]})
    if leader.pk != actor.pk:
        notify(
            recipients=[leader],
            title=_("您被指定为志愿服务任务负责人：%(t)s") % {"t": task.title},
            url=task.get_absolute_url(),
            actor=actor,
        )
    return task


def _locked_task(task: VolunteerTask) -> VolunteerTask:
    return VolunteerTask.objects.select_for_update().get(pk=task.pk)


@transaction.atomic
def task_close(*, task: VolunteerTask, actor) -> VolunteerTask:
    """Stop recruiting (已结束): sign-ups close; check-in, check-out and hours go on."""
    if not may_manage_task(actor, task):
        raise PermissionDenied
    locked = _locked_task(task)
    if locked.state != VolunteerTask.State.OPEN:
        raise ValidationError(_("任务当前不在招募中。"))
    TASK_FLOW.fire(locked, "close", actor=actor)
    audit.record(locked, action="task_close", actor=actor, changes={"state": ["open", "closed"]})
    task.state = locked.state
    return locked


@transaction.atomic
def task_cancel(*, task: VolunteerTask, actor) -> VolunteerTask:
    if not may_manage_task(actor, task):
        raise PermissionDenied
    locked = _locked_task(task)
    if locked.state == VolunteerTask.State.CANCELLED:
        raise ValidationError(_("任务已取消。"))
    if Signup.objects.filter(task=locked, confirmed_at__isnull=False).exists():
        raise ValidationError(_("已有确认的服务时长，不能取消任务。"))
    before = locked.state
    TASK_FLOW.fire(locked, "cancel", actor=actor)
    users = [
        s.volunteer.user
        for s in locked.signups.filter(state=Signup.State.SIGNED_UP).select_related("volunteer__user")
    ]
    notify(
        recipients=users,
        title=_("志愿服务任务已取消：%(t)s") % {"t": locked.title},
        url=locked.get_absolute_url(),
        actor=actor,
    )
    audit.record(locked, action="task_cancel", actor=actor, changes={"state": [before, "cancelled"]})
    task.state = locked.state
    return locked


@transaction.atomic
def task_rotate_code(*, task: VolunteerTask, actor) -> VolunteerTask:
    """A new check-in QR code: codes printed or shared before stop working."""
    if not may_manage_task(actor, task):
        raise PermissionDenied
    task.checkin_secret = _checkin_secret()
    task.save(update_fields=["checkin_secret", "updated_at"])
    audit.record(task, action="task_rotate_code", actor=actor)
    return task


# ---------------------------------------------------------------- sign-up


@transaction.atomic
def signup_create(*, task: VolunteerTask, volunteer: Volunteer, actor) -> Signup:
    """Sign up for a place. The task row is locked, so concurrent sign-ups never exceed capacity."""
    if actor.pk != volunteer.user_id:
        raise PermissionDenied
    if volunteer.status != Volunteer.Status.ACTIVE:
        raise ValidationError(_("您已退出志愿者队伍，请先重新登记。"))
    locked = _locked_task(task)
    if locked.state != VolunteerTask.State.OPEN:
        raise ValidationError(_("该任务已停止招募。"))
    if locked.starts_at <= timezone.now():
        raise ValidationError(_("任务已经开始，不能再报名。"))
    if not in_subtree(locked.org_path, county_path(volunteer.org)):
        raise ValidationError(_("只能报名本县（市、区）的志愿服务任务。"))
    signup = Signup.objects.select_for_update().filter(task=locked, volunteer=volunteer).first()
    if signup is not None and signup.state == Signup.State.SIGNED_UP:
        raise ValidationError(_("您已报名该任务。"))
    try:
        with transaction.atomic():
            # core.registration: one conditional UPDATE under the task's lock (no waitlist here)
            if not registration.take(locked, 1, field="signed_up"):
                raise ValidationError(_("名额已满。"))
            if signup is None:
                signup = Signup.objects.create(task=locked, volunteer=volunteer)
            else:
                signup.withdrawn_at = None
                SIGNUP_FLOW.fire(signup, "sign_up_again", actor=actor, extra_fields=["withdrawn_at"])
    except IntegrityError:
        # the capacity CheckConstraint, or a second tab inserting the same sign-up
        raise ValidationError(_("名额已满。")) from None
    task.signed_up = locked.signed_up
    return signup


@transaction.atomic
def signup_withdraw(*, signup: Signup, actor) -> Signup:
    """Withdraw before the task starts (the volunteer, or their cadre when they leave); the place
    goes back to the pool."""
    if not SIGNUP_FLOW.transitions["withdraw"].may(actor, signup):
        raise PermissionDenied
    locked = _locked_task(signup.task)
    signup = Signup.objects.select_for_update().get(pk=signup.pk)
    if signup.state != Signup.State.SIGNED_UP:
        raise ValidationError(_("您已退出该任务。"))
    if locked.starts_at <= timezone.now():
        raise ValidationError(_("任务已经开始，不能退出报名。"))
    if signup.checked_in_at is not None:
        # Checked in early (the window opens before the start): they are on site, keep their place.
        raise ValidationError(_("您已签到，不能退出报名。"))
    signup.withdrawn_at = timezone.now()
    SIGNUP_FLOW.fire(signup, "withdraw", actor=actor, extra_fields=["withdrawn_at"])
    registration.release(locked, 1, field="signed_up")
    return signup


# ---------------------------------------------------------------- check-in and hours


def checkin_window(task: VolunteerTask) -> checkin.CheckinWindow:
    return checkin.CheckinWindow(
        starts_at=task.starts_at, ends_at=task.ends_at, early=CHECKIN_EARLY, late=CHECKOUT_LATE
    )


def _task_code_key(task: VolunteerTask) -> bytes:
    return checkin.event_key(scope=TASK_CODE_SCOPE, event_id=task.pk, secret=task.checkin_secret)


def checkin_token(task: VolunteerTask) -> str:
    """The code in the task's QR (volunteers scan it): the task's id, signed with its current secret."""
    return checkin.make_token(_task_code_key(task), task.pk)


def task_for_token(token: str) -> VolunteerTask:
    """The task a check-in token belongs to; ValidationError when forged or replaced."""
    invalid = ValidationError(_("签到二维码无效或已更换，请扫描现场的最新二维码。"))
    ref = checkin.token_ref(token)
    task = VolunteerTask.objects.filter(pk=ref).select_related("org").first() if ref is not None else None
    if task is None:
        raise invalid
    try:
        checkin.read_token(_task_code_key(task), token)
    except checkin.InvalidToken:
        raise invalid from None
    return task


def _propose_hours(result: checkin.ScanResult) -> None:
    """After a check-out: the hours the leader will confirm, from the time on site."""
    if result.direction == checkin.OUT:
        signup = result.record
        signup.hours = proposed_hours(signup.task, signup.checked_in_at, signup.checked_out_at)
        signup.save(update_fields=["hours"])


def signup_desk(task: VolunteerTask) -> checkin.ScanDesk:
    """The task as the leader's scanner sees it: volunteers' own codes, one check-in at any gate."""
    return checkin.ScanDesk(
        scope=SIGNUP_CODE_SCOPE,
        event_id=task.pk,
        secret=task.checkin_secret,
        window=checkin_window(task),
        records=Signup.objects.filter(task=task, state=Signup.State.SIGNED_UP)
        .exclude(task__state=VolunteerTask.State.CANCELLED)
        .select_related("task"),
        after=_propose_hours,
    )


def signup_code(signup: Signup) -> str:
    """The code on the volunteer's phone that the task leader scans."""
    return signup_desk(signup.task).token_for(signup)


def checkin_batch(*, task: VolunteerTask, actor, scans: list[dict], now=None) -> list[dict]:
    """The leader's scanner sends its (possibly offline) queue; each scan answered ok/already/invalid."""
    if not may_manage_task(actor, task):
        raise PermissionDenied
    return signup_desk(task).batch(scans, now=now)


def proposed_hours(task: VolunteerTask, checked_in_at, checked_out_at) -> Decimal:
    """Time on site within the task window, rounded down to half an hour."""
    start, end = max(checked_in_at, task.starts_at), min(checked_out_at, task.ends_at)
    if end <= start:
        return Decimal("0.0")
    hours = Decimal((end - start).total_seconds()) / Decimal(3600)
    return ((hours / HALF_HOUR).to_integral_value(rounding=ROUND_DOWN) * HALF_HOUR).quantize(Decimal("0.1"))


def window_hours(task: VolunteerTask) -> Decimal:
    return Decimal((task.ends_at - task.starts_at).total_seconds()) / Decimal(3600)


@transaction.atomic
def checkin_scan(*, token: str, actor, now: datetime.datetime | None = None) -> tuple[Signup, str]:
    """The volunteer scans the task's code: the first scan checks in, the second checks out.

    Returns (sign-up, "in" or "out"); the time rules and the one-check-in rule are core.checkin's.
    """
    task = task_for_token(token)
    now = now or timezone.now()
    volunteer = Volunteer.objects.filter(user=actor).first()
    signup = None
    if volunteer is not None:
        signup = (
            Signup.objects.select_for_update()
            .filter(task=task, volunteer=volunteer, state=Signup.State.SIGNED_UP)
            .first()
        )
    if signup is None:
        raise ValidationError(_("您没有报名该任务，不能签到。"))
    if task.state == VolunteerTask.State.CANCELLED:
        raise ValidationError(_("该任务已取消。"))
    window = checkin_window(task)
    gate = _("本人扫码")
    if signup.checked_in_at is None:
        result = checkin.attendance_check_in(record=signup, gate=gate, window=window, now=now)
        if result.reason == checkin.NOT_OPEN:
            raise ValidationError(
                _("签到尚未开始：任务开始前%(m)d分钟起可以签到（%(t)s）。")
                % {
                    "m": CHECKIN_EARLY.seconds // 60,
                    "t": formats.time_format(timezone.localtime(window.opens)),
                }
            )
        if result.reason == checkin.ENDED:
            raise ValidationError(_("任务已经结束，不能再签到，请联系任务负责人登记时长。"))
        return signup, "in"
    if signup.checked_out_at is not None:
        raise ValidationError(_("您已签退，无需重复扫码。"))
    result = checkin.attendance_check_out(record=signup, gate=gate, window=window, now=now)
    if result.reason == checkin.CHECKOUT_CLOSED:
        raise ValidationError(
            _("签退时间已过（任务结束后%(h)d小时内），请联系任务负责人登记时长。")
            % {"h": CHECKOUT_LATE.seconds // 3600}
        )
    if result.ok:
        _propose_hours(result)
    return signup, "out"


@transaction.atomic
def hours_confirm(*, signup: Signup, actor, hours: Decimal | None = None) -> Signup:
    """The task leader (or a cadre over the task's org) confirms or adjusts the hours; only then they count."""
    task = signup.task
    if not may_manage_task(actor, task):
        raise PermissionDenied
    signup = (
        Signup.objects.select_for_update().select_related("volunteer__user", "task__org").get(pk=signup.pk)
    )
    task = signup.task
    if signup.volunteer.user_id == actor.pk:
        # A leader who also served has their own hours confirmed by a cadre (or another leader).
        raise ValidationError(_("不能确认自己的服务时长，请由组织任务的工会工作人员确认。"))
    if signup.state != Signup.State.SIGNED_UP:
        raise ValidationError(_("该志愿者已退出任务。"))
    if task.state == VolunteerTask.State.CANCELLED:
        raise ValidationError(_("任务已取消，不能确认时长。"))
    if task.starts_at > timezone.now():
        raise ValidationError(_("任务尚未开始，不能确认时长。"))
    if hours is None:
        if signup.hours is None:
            raise ValidationError({"hours": _("该志愿者没有签退记录，请填写服务时长。")})
        hours = signup.hours
    hours = Decimal(hours)
    if hours < 0 or hours > window_hours(task):
        raise ValidationError(
            {
                "hours": _("服务时长应在0至%(max)s小时之间。")
                % {"max": window_hours(task).quantize(Decimal("0.1")).normalize()}
            }
        )
    if hours % HALF_HOUR:
        raise ValidationError({"hours": _("服务时长以0.5小时为单位。")})
    before = {"hours": signup.hours, "confirmed": signup.confirmed_at is not None}
    signup.hours = hours.quantize(Decimal("0.1"))
    signup.confirmed_by, signup.confirmed_at = actor, timezone.now()
    signup.save(update_fields=["hours", "confirmed_by", "confirmed_at"])
    audit.record(
        signup,
        action="hours_confirm",
        actor=actor,
        org=task.org,
        changes={
            "hours": [audit._plain(before["hours"]) if before["confirmed"] else None, str(signup.hours)]
        },
    )
    notify(
        recipients=[signup.volunteer.user],
        title=_("志愿服务时长已确认：%(t)s %(h)s小时") % {"t": task.title, "h": signup.hours},
        url=reverse("volunteers:my_hours"),
        actor=actor,
    )
    return signup
