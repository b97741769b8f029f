"""The activities API at /api/v1/activities: the same selectors and services as the pages."""

import datetime
from uuid import UUID

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from gonghui.activities import selectors, services
from gonghui.activities.models import Activity
from gonghui.core.api import pagination, responses

router = Router(tags=["活动"])


class ActivityOut(Schema):
    uuid: UUID
    kind: str
    kind_label: str
    title: str
    org: str
    place: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    registration_opens_at: datetime.datetime
    registration_closes_at: datetime.datetime
    capacity: int
    taken: int
    places_left: int
    family_max: int
    state: str


class ActivityDetailOut(ActivityOut):
    description: str
    summary: str


class RegistrationOut(Schema):
    uuid: UUID
    activity: UUID
    title: str
    state: str
    state_label: str
    places: int
    family_count: int
    waitlist_position: int | None = None
    offer_expires_at: datetime.datetime | None = None
    checked_in_at: datetime.datetime | None = None
    checkin_gate: str = ""
    checkin_code: str | None = Field(None, description="我的签到码（二维码内容），仅本人、已报名时返回")


class RegisterIn(Schema):
    family_count: int = Field(0, ge=0, le=5)
    family_note: str = Field("", max_length=200)


class KindQuery(Schema):
    kind: Activity.Kind | None = None


def _activity_out(a: Activity) -> dict:
    return {
        "uuid": a.uuid,
        "kind": a.kind,
        "kind_label": a.get_kind_display(),
        "title": a.title,
        "org": a.org.name,
        "place": a.place,
        "starts_at": a.starts_at,
        "ends_at": a.ends_at,
        "registration_opens_at": a.registration_opens_at,
        "registration_closes_at": a.registration_closes_at,
        "capacity": a.capacity,
        "taken": a.taken,
        "places_left": a.places_left,
        "family_max": a.family_max,
        "state": a.state,
    }


def _entry_out(r, user=None) -> dict:
    own = user is not None and r.user_id == user.pk
    return {
        "checked_in_at": r.checked_in_at,
        "checkin_gate": r.checkin_gate,
        "checkin_code": services.registration_code(r) if own else None,
        "uuid": r.uuid,
        "activity": r.activity.uuid,
        "title": r.activity.title,
        "state": r.state,
        "state_label": r.get_state_display(),
        "places": r.places,
        "family_count": r.family_count,
        "waitlist_position": services.waitlist_position(r),
        "offer_expires_at": r.offer_expires_at,
    }


@router.get("", response=responses(list[ActivityOut]), summary="可报名的活动")
def activity_list(request, filters: Query[KindQuery], page: Query[pagination(default=50, maximum=200)]):
    """Upcoming published activities whose audience includes me."""
    qs = selectors.upcoming_for(request.auth, kind=filters.kind or "")
    return [_activity_out(a) for a in page.slice(qs)]


@router.get("/me/registrations", response=responses(list[RegistrationOut]), summary="我的活动报名")
def my_registrations(request, page: Query[pagination(default=50, maximum=200)]):
    return [_entry_out(r, request.auth) for r in page.slice(selectors.my_registrations(request.auth))]


@router.get("/registrations/{uuid}", response=responses(RegistrationOut), summary="我的报名（含候补位次）")
def registration_detail(request, uuid: UUID):
    return _entry_out(selectors.registration_get_for(request.auth, uuid), request.auth)


@router.post("/registrations/{uuid}/withdraw", response=responses(RegistrationOut), summary="退出报名或候补")
def withdraw(request, uuid: UUID):
    entry = selectors.registration_get_for(request.auth, uuid)
    return _entry_out(services.registration_withdraw(entry=entry, actor=request.auth), request.auth)


@router.post("/registrations/{uuid}/accept", response=responses(RegistrationOut), summary="确认递补名额")
def accept(request, uuid: UUID):
    entry = selectors.registration_get_for(request.auth, uuid)
    return _entry_out(services.registration_accept(entry=entry, actor=request.auth), request.auth)


@router.get("/{uuid}", response=responses(ActivityDetailOut), summary="活动详情")
def activity_detail(request, uuid: UUID):
    a = selectors.activity_get_for(request.auth, uuid)
    return {**_activity_out(a), "description": a.description, "summary": a.summary}


@router.get("/{uuid}/registration", response=responses(RegistrationOut), summary="我对该活动的报名")
def my_registration(request, uuid: UUID):
    activity = selectors.activity_get_for(request.auth, uuid)
    entry = selectors.registration_of(request.auth, activity)
    if entry is None:
        raise Http404
    return _entry_out(entry, request.auth)


@router.post(
    "/{uuid}/register", response=responses({201: RegistrationOut}), summary="报名活动（满员进入候补）"
)
def register(request, uuid: UUID, payload: RegisterIn):
    activity = selectors.activity_get_for(request.auth, uuid)
    entry = services.registration_create(
        activity=activity,
        family_count=payload.family_count,
        family_note=payload.family_note,
        actor=request.auth,
    )
    return Status(201, _entry_out(entry, request.auth))
