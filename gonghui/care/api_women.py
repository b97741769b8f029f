"""Care: women — API routes (mounted by care/api.py at /api/v1/care/women)."""

from uuid import UUID

from ninja import Query, Router, Schema

from gonghui.care.selectors import women as selectors
from gonghui.core.api import pagination, responses

router = Router(tags=["女职工关爱"])


class PlaceOut(Schema):
    uuid: UUID
    kind: str
    kind_label: str
    name: str
    org: str
    address: str
    facilities: str
    opening_hours: str


@router.get("/places", response=responses(list[PlaceOut]), summary="开放中的母婴室等女职工关爱场所")
def places(request, page: Query[pagination(default=50, maximum=200)]):
    return [
        {
            "uuid": p.uuid,
            "kind": p.kind,
            "kind_label": p.get_kind_display(),
            "name": p.name,
            "org": p.org.name,
            "address": p.address,
            "facilities": p.facilities,
            "opening_hours": p.opening_hours,
        }
        for p in page.slice(selectors.open_places())
    ]
