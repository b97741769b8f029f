"""The lectures API at /api/v1/lectures: tours and their stops, the same selectors as the pages."""

import datetime
from uuid import UUID

from ninja import Query, Router, Schema

from gonghui.core.api import PUBLIC, pagination, responses
from gonghui.lectures import selectors

router = Router(tags=["宣讲"])


class LectureFiguresOut(Schema):
    stops: int
    person_times: int
    enterprises: int


class LectureTourOut(Schema):
    uuid: UUID
    title: str
    org: str
    theme: str
    is_public: bool


class LectureStopOut(Schema):
    id: int
    kind: str
    starts_at: datetime.datetime
    duration_minutes: int
    place: str
    enterprise: str | None = None
    lecturer: str | None = None
    lecturer_title: str | None = None
    topic: str
    state: str
    headcount: int | None = None


class LectureTourDetailOut(LectureTourOut):
    figures: LectureFiguresOut
    stops: list[LectureStopOut]


def _tour(tour) -> dict:
    return {
        "uuid": tour.uuid,
        "title": tour.title,
        "org": tour.org.name,
        "theme": tour.theme,
        "is_public": tour.is_public,
    }


def _stop(stop, *, public: bool = False) -> dict:
    return {
        "id": stop.pk,
        "kind": stop.kind,
        "starts_at": stop.starts_at,
        "duration_minutes": stop.duration_minutes,
        "place": stop.place,
        "enterprise": stop.enterprise.name if stop.enterprise_id else None,
        "lecturer": stop.lecturer.name if stop.lecturer_id else None,
        "lecturer_title": stop.lecturer.title if stop.lecturer_id else None,
        "topic": stop.topic,
        "state": stop.state,
        "headcount": None if public else stop.headcount,
    }


def _figures(tour) -> dict:
    f = selectors.tour_figures(tour)
    return {"stops": f["stops"], "person_times": f["person_times"], "enterprises": f["enterprises"]}


@router.get("/tours", response=responses(list[LectureTourOut]), summary="宣讲活动（干部）")
def tour_list(request, page: Query[pagination(default=50, maximum=200)]):
    return [_tour(t) for t in page.slice(selectors.tour_list_for(request.auth))]


@router.get("/tours/{uuid}", response=responses(LectureTourDetailOut), summary="宣讲活动及其全部场次（干部）")
def tour_detail(request, uuid: UUID):
    tour = selectors.tour_get_for(request.auth, uuid)
    return {**_tour(tour), "figures": _figures(tour), "stops": [_stop(s) for s in selectors.stops_of(tour)]}


@router.get(
    "/public/{uuid}/stops",
    response=responses(list[LectureStopOut], codes=PUBLIC),
    auth=None,
    summary="公开日程：即将进行的场次",
)
def public_stops(request, uuid: UUID):
    tour = selectors.tour_get_public(uuid)
    return [_stop(s, public=True) for s in selectors.upcoming_stops_of(tour)[:200]]
