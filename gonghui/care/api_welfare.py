"""Care: welfare — API routes (mounted by care/api.py at /api/v1/care/welfare): a member's own
gifts, signing for one (on their phone, or with the code of the distribution point's QR), and
their own condolence requests. The same selectors and services as the pages."""

import datetime
from decimal import Decimal
from uuid import UUID

from ninja import Field, Query, Router, Schema

from gonghui.care.selectors import welfare as sel
from gonghui.care.services import welfare as svc
from gonghui.core.api import pagination, responses

router = Router(tags=["慰问与普惠"])


class GiftOut(Schema):
    batch: UUID
    title: str
    description: str
    org: str
    occasion: str
    occasion_label: str
    value: Decimal
    form: str
    date: datetime.date
    state: str
    state_label: str
    handed_out_at: datetime.datetime | None = None
    can_sign: bool


class ScanIn(Schema):
    token: str = Field(..., min_length=1, max_length=40, description="发放现场二维码中的签收码")


class RequestOut(Schema):
    uuid: UUID
    org: str
    occasion: str
    occasion_label: str
    event_date: datetime.date
    amount: Decimal
    form: str
    state: str
    state_label: str
    decided_at: datetime.datetime | None = None


def _gift_out(g) -> dict:
    b = g.batch
    return {
        "batch": b.uuid,
        "title": b.title,
        "description": b.description,
        "org": b.org.name,
        "occasion": b.occasion,
        "occasion_label": b.get_occasion_display(),
        "value": g.value,
        "form": b.form,
        "date": b.date,
        "state": g.state,
        "state_label": g.get_state_display(),
        "handed_out_at": g.handed_out_at,
        "can_sign": g.state == "reserved" and b.state == "ready",
    }


def _request_out(r) -> dict:
    return {
        "uuid": r.uuid,
        "org": r.org.name,
        "occasion": r.occasion,
        "occasion_label": r.get_occasion_display(),
        "event_date": r.event_date,
        "amount": r.amount,
        "form": r.form,
        "state": r.state,
        "state_label": r.get_state_display(),
        "decided_at": r.decided_at,
    }


def _my_gifts(user):
    return sel.my_gifts(user).select_related("batch__org")


@router.get("/me/gifts", response=responses(list[GiftOut]), summary="我的慰问品")
def my_gifts(request, page: Query[pagination(default=50, maximum=200)]):
    return [_gift_out(g) for g in page.slice(_my_gifts(request.auth))]


@router.post(
    "/gifts/{uuid}/sign", response=responses(GiftOut), summary="签收我在该批次的慰问品（uuid：发放批次）"
)
def gift_sign(request, uuid: UUID):
    gift = sel.my_gift_get(request.auth, uuid)
    svc.gift_sign(gift=gift, actor=request.auth)
    return _gift_out(_my_gifts(request.auth).get(pk=gift.pk))


@router.post("/sign", response=responses(GiftOut), summary="扫发放现场二维码签收")
def gift_sign_by_scan(request, payload: ScanIn):
    gift = svc.gift_sign_by_scan(token=payload.token, actor=request.auth)
    return _gift_out(_my_gifts(request.auth).get(pk=gift.pk))


@router.get("/me/requests", response=responses(list[RequestOut]), summary="我的慰问记录")
def my_requests(request, page: Query[pagination(default=50, maximum=200)]):
    return [_request_out(r) for r in page.slice(sel.my_requests(request.auth))]
