"""Care: recuperation — API routes (mounted by care/api.py at /api/v1/care/recuperation): the same
selectors and services as the member's pages."""

import datetime
from decimal import Decimal
from uuid import UUID

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from gonghui.care.models.recuperation import RecuperationTrip
from gonghui.care.selectors import recuperation as selectors
from gonghui.care.services import recuperation as services
from gonghui.core.api import pagination, responses

router = Router(tags=["疗休养"])


class TripOut(Schema):
    uuid: UUID
    starts_on: datetime.date
    ends_on: datetime.date
    days: int
    capacity: int
    taken: int


class RecuperationProgrammeOut(Schema):
    uuid: UUID
    title: str
    org: str
    destination: str
    price_cap: Decimal = Field(description="每人每天费用上限（元）")
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    priority_groups: list[str]
    state: str
    seed: str = Field("", description="抽签种子（抽签后公布）")
    trips: list[TripOut]


class ApplicationOut(Schema):
    uuid: UUID
    programme: UUID
    title: str
    trip: UUID
    number: int
    state: str
    state_label: str
    priority: list[str]
    rank: int | None = None
    waitlist_position: int | None = None
    offer_expires_at: datetime.datetime | None = None


class ApplyIn(Schema):
    trip: UUID
    declared: list[str] = Field(default_factory=list, max_length=3, description="front_line / model_worker")


def _programme_out(p) -> dict:
    return {
        "uuid": p.uuid,
        "title": p.title,
        "org": p.org.name,
        "destination": p.destination,
        "price_cap": p.price_cap,
        "opens_at": p.opens_at,
        "closes_at": p.closes_at,
        "priority_groups": p.priority_groups,
        "state": p.state,
        "seed": p.seed,
        "trips": [
            {
                "uuid": t.uuid,
                "starts_on": t.starts_on,
                "ends_on": t.ends_on,
                "days": t.days,
                "capacity": t.capacity,
                "taken": t.taken,
            }
            for t in p.trips.all()
        ],
    }


def _entry_out(e) -> dict:
    return {
        "uuid": e.uuid,
        "programme": e.programme.uuid,
        "title": e.programme.title,
        "trip": e.trip.uuid,
        "number": e.number,
        "state": e.state,
        "state_label": e.get_state_display(),
        "priority": e.priority,
        "rank": e.rank,
        "waitlist_position": services.waitlist_position(e),
        "offer_expires_at": e.offer_expires_at,
    }


@router.get("", response=responses(list[RecuperationProgrammeOut]), summary="正在接受申请的疗休养项目")
def programme_list(request, page: Query[pagination(default=50, maximum=200)]):
    return [_programme_out(p) for p in page.slice(selectors.open_for(request.auth))]


@router.get("/me/applications", response=responses(list[ApplicationOut]), summary="我的疗休养申请")
def my_applications(request, page: Query[pagination(default=50, maximum=200)]):
    return [_entry_out(e) for e in page.slice(selectors.my_applications(request.auth))]


@router.get(
    "/applications/{uuid}", response=responses(ApplicationOut), summary="我的疗休养申请（含候补位次）"
)
def application_detail(request, uuid: UUID):
    return _entry_out(selectors.application_get_for(request.auth, uuid))


@router.post("/applications/{uuid}/withdraw", response=responses(ApplicationOut), summary="退出疗休养申请")
def withdraw(request, uuid: UUID):
    entry = selectors.application_get_for(request.auth, uuid)
    return _entry_out(services.application_withdraw(entry=entry, actor=request.auth))


@router.post("/applications/{uuid}/accept", response=responses(ApplicationOut), summary="确认递补名额")
def accept(request, uuid: UUID):
    entry = selectors.application_get_for(request.auth, uuid)
    return _entry_out(services.application_accept(entry=entry, actor=request.auth))


@router.get("/{uuid}", response=responses(RecuperationProgrammeOut), summary="疗休养项目详情")
def programme_detail(request, uuid: UUID):
    return _programme_out(selectors.programme_get_for(request.auth, uuid))


@router.post("/{uuid}/apply", response=responses({201: ApplicationOut}), summary="申请疗休养（每年一项）")
def apply(request, uuid: UUID, payload: ApplyIn):
    programme = selectors.programme_get_for(request.auth, uuid)
    trip = RecuperationTrip.objects.filter(programme=programme, uuid=payload.trip).first()
    if trip is None:
        raise Http404
    entry = services.application_submit(
        programme=programme, trip=trip, declared=payload.declared, actor=request.auth
    )
    return Status(201, _entry_out(entry))
