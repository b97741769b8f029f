"""The fitness API at /api/v1/fitness: the same selectors and services as the pages.

Weights and heights travel as strings ("65.5"; full-width digits are normalised by the service)
in request bodies only, never in a URL; answers give the person's own body data to the person
alone, and leaderboards give percentages, never weights.
"""

import datetime
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from gonghui.core.api import responses
from gonghui.fitness import selectors, services

router = Router(tags=["全员健身"])


class ProgrammeOut(Schema):
    uuid: UUID
    title: str
    org: str
    enrol_opens: datetime.date
    enrol_closes: datetime.date
    starts_on: datetime.date
    ends_on: datetime.date
    enrolled: bool


class EnrolIn(Schema):
    height: str  # cm


class EnrolOut(Schema):
    programme: UUID
    enrolled_at: datetime.datetime


class WeighInIn(Schema):
    measured_on: datetime.date
    weight: str  # kg, one decimal


class WeighInOut(Schema):
    uuid: UUID
    measured_on: datetime.date
    weight: Decimal
    bmi: Decimal
    category: str
    category_label: str
    state: str
    reason: str


class MyWeighInsOut(Schema):
    height: Decimal
    loss_percent: Decimal | None = None
    weigh_ins: list[WeighInOut]


class StandingOut(Schema):
    rank: int
    label: str
    loss_percent: Decimal
    team: str
    people: int
    mine: bool


class BoardOut(Schema):
    title: str
    kind: str
    standings: list[StandingOut]


def _enrolment(request, uuid):
    programme = selectors.programme_get_for(request.auth, uuid)
    enrolment = selectors.enrolment_of(programme, request.auth)
    if enrolment is None:
        raise PermissionDenied
    return enrolment


def _reading_out(r) -> dict:
    return {
        "uuid": r.weigh_in.uuid,
        "measured_on": r.weigh_in.measured_on,
        "weight": r.weight,
        "bmi": r.bmi,
        "category": r.category,
        "category_label": r.category_label,
        "state": r.weigh_in.state,
        "reason": r.weigh_in.reason,
    }


@router.get("/programmes", response=responses(list[ProgrammeOut]), summary="健身项目")
def programme_list(request):
    mine = (
        set(selectors.my_enrolments(request.auth).values_list("programme_id", flat=True))
        if request.auth
        else set()
    )
    return [
        {
            "uuid": p.uuid,
            "title": p.title,
            "org": p.org.name,
            "enrol_opens": p.enrol_opens,
            "enrol_closes": p.enrol_closes,
            "starts_on": p.starts_on,
            "ends_on": p.ends_on,
            "enrolled": p.pk in mine,
        }
        for p in selectors.programmes_for(request.auth)[:100]
    ]


@router.post("/programmes/{uuid}/enrol", response=responses({201: EnrolOut}), summary="报名健身项目")
def enrol(request, uuid: UUID, payload: EnrolIn):
    programme = selectors.programme_get_for(request.auth, uuid)
    enrolment = services.enrol(
        programme=programme, user=request.auth, height=payload.height, actor=request.auth
    )
    return Status(201, {"programme": programme.uuid, "enrolled_at": enrolment.enrolled_at})


@router.get("/programmes/{uuid}/weigh-ins", response=responses(MyWeighInsOut), summary="我的体重记录")
def my_weigh_ins(request, uuid: UUID):
    enrolment = _enrolment(request, uuid)
    return {
        "height": enrolment.height_plain(),
        "loss_percent": enrolment.loss_percent,
        "weigh_ins": [_reading_out(r) for r in selectors.readings(enrolment)],
    }


@router.post("/programmes/{uuid}/weigh-ins", response=responses({201: WeighInOut}), summary="提交体重")
def weigh_in_submit(request, uuid: UUID, payload: WeighInIn):
    enrolment = _enrolment(request, uuid)
    weigh_in = services.weigh_in_submit(
        enrolment=enrolment, measured_on=payload.measured_on, weight=payload.weight, actor=request.auth
    )
    reading = next(r for r in selectors.readings(enrolment) if r.weigh_in.pk == weigh_in.pk)
    return Status(201, _reading_out(reading))


@router.get("/programmes/{uuid}/leaderboard", response=responses(list[BoardOut]), summary="减重排行榜")
def leaderboard(request, uuid: UUID):
    """Percentages lost only; names masked."""
    programme = selectors.programme_get_for(request.auth, uuid)
    if not selectors.may_see_leaderboard(request.auth, programme):
        raise PermissionDenied
    contests = list(selectors.contests_of(programme))
    out = []
    for c in contests or [None]:
        rows = (
            selectors.standings(c, viewer=request.auth)
            if c is not None
            else selectors.individual_standings(programme, viewer=request.auth)
        )
        out.append(
            {
                "title": c.title if c else _("个人排名"),
                "kind": c.kind if c else "individual",
                "standings": [r.__dict__ for r in rows],
            }
        )
    return out
