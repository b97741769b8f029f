"""The volunteers API at /api/v1/volunteers: the same selectors and services as the pages."""

import datetime
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from gonghui.core.api import pagination, responses
from gonghui.volunteers import selectors, services

router = Router(tags=["志愿服务"])


class TaskOut(Schema):
    uuid: UUID
    title: str
    org: str
    team: str | None = None
    place: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int
    signed_up: int
    places_left: int
    state: str


class SignupOut(Schema):
    task: UUID
    state: str
    checked_in_at: datetime.datetime | None = None
    checked_out_at: datetime.datetime | None = None
    hours: Decimal | None = None
    hours_confirmed: bool
    places_left: int


class CheckinIn(Schema):
    token: str


class CheckinOut(SignupOut):
    direction: str
    message: str


class YearOut(Schema):
    year: int
    hours: Decimal
    tasks: int


class HoursTaskOut(Schema):
    task: UUID
    title: str
    date: datetime.date
    hours: Decimal


class HoursOut(Schema):
    year: int
    total: Decimal
    years: list[YearOut]
    tasks: list[HoursTaskOut]


def _task_out(task) -> dict:
    return {
        "uuid": task.uuid,
        "title": task.title,
        "org": task.org.name,
        "team": task.team.name if task.team_id else None,
        "place": task.place,
        "starts_at": task.starts_at,
        "ends_at": task.ends_at,
        "capacity": task.capacity,
        "signed_up": task.signed_up,
        "places_left": task.capacity - task.signed_up,
        "state": task.state,
    }


def _signup_out(signup, task) -> dict:
    task.refresh_from_db(fields=["signed_up"])
    return {
        "task": task.uuid,
        "state": signup.state,
        "checked_in_at": signup.checked_in_at,
        "checked_out_at": signup.checked_out_at,
        "hours": signup.hours,
        "hours_confirmed": signup.hours_confirmed,
        "places_left": task.capacity - task.signed_up,
    }


def _volunteer(request):
    volunteer = selectors.active_volunteer_for(request.auth)
    if volunteer is None:
        raise ValidationError(_("请先登记为志愿者。"))
    return volunteer


@router.get("/tasks", response=responses(list[TaskOut]), summary="可报名的志愿服务任务")
def task_list(request, page: Query[pagination(default=100, maximum=200)]):
    """Open tasks of the volunteer's county that have not started and have places left."""
    volunteer = selectors.active_volunteer_for(request.auth)
    return [_task_out(t) for t in page.slice(selectors.open_tasks_for(volunteer))]


@router.post("/tasks/{uuid}/signup", response=responses({201: SignupOut}), summary="报名志愿服务任务")
def task_signup(request, uuid: UUID):
    task = selectors.task_get_for(request.auth, uuid)
    signup = services.signup_create(task=task, volunteer=_volunteer(request), actor=request.auth)
    return Status(201, _signup_out(signup, task))


@router.post("/tasks/{uuid}/withdraw", response=responses(SignupOut), summary="退出报名")
def task_withdraw(request, uuid: UUID):
    task = selectors.task_get_for(request.auth, uuid)
    signup = selectors.signup_of(task, selectors.volunteer_for(request.auth))
    if signup is None:
        raise Http404
    signup = services.signup_withdraw(signup=signup, actor=request.auth)
    return _signup_out(signup, task)


@router.post("/checkin", response=responses(CheckinOut), summary="扫码签到或签退")
def checkin(request, payload: CheckinIn):
    """The first scan of the task's QR code checks in, the second checks out."""
    signup, direction = services.checkin_scan(token=payload.token, actor=request.auth)
    message = _("签到成功。") if direction == "in" else _("签退成功，待任务负责人确认后计入时长。")
    return {**_signup_out(signup, signup.task), "direction": direction, "message": message}


@router.get("/me/hours", response=responses(HoursOut), summary="我的志愿服务时长")
def my_hours(request, year: int | None = None):
    volunteer = selectors.volunteer_for(request.auth)
    if volunteer is None:
        raise Http404
    if year is None:
        year = timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("年度不正确。")})
    signups = list(selectors.confirmed_signups(volunteer, year))
    return {
        "year": year,
        "total": sum((s.hours for s in signups), Decimal("0")),
        "years": selectors.hours_by_year(volunteer),
        "tasks": [
            {
                "task": s.task.uuid,
                "title": s.task.title,
                "date": timezone.localtime(s.task.starts_at).date(),
                "hours": s.hours,
            }
            for s in signups
        ],
    }
