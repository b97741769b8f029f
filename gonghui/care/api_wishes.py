"""Care: wishes — API routes (mounted by care/api.py at /api/v1/care/wishes): the same selectors and
services as the pages."""

import datetime
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from gonghui.care.models.wishes import WALL_STATES, WISH_FLOW, Wish
from gonghui.care.selectors import wishes as selectors
from gonghui.care.services import wishes as services
from gonghui.core.api import pagination, responses
from gonghui.core.scoping import is_cadre

router = Router(tags=["微心愿"])


class WishOut(Schema):
    uuid: UUID
    kind: str
    kind_label: str
    title: str
    reason: str
    amount: Decimal
    wisher: str = Field(description="心愿人：本人及所在工会干部可见全名，其他人为脱敏姓名")
    org: str
    job_type: str
    state: str
    state_label: str
    published_at: datetime.datetime | None = None
    claimed_by_me: bool = False
    fulfilled_at: datetime.datetime | None = None
    confirmed_at: datetime.datetime | None = None
    refusal_reason: str = ""
    actions: list[str] = Field(default_factory=list, description="我现在可以执行的操作")


class WishIn(Schema):
    kind: Wish.Kind = Wish.Kind.DAILY
    title: str = Field(..., max_length=60)
    reason: str = Field(..., max_length=500)
    amount: Decimal = Field(..., max_digits=10, decimal_places=2)


class WishNoteIn(Schema):
    note: str = Field("", max_length=200)


class WallQuery(Schema):
    kind: Wish.Kind | None = None
    state: str = Field("", description="published / claimed / fulfilled / confirmed")


def _out(w: Wish, user) -> dict:
    identity = selectors.sees_identity(user, w)
    return {
        "uuid": w.uuid,
        "kind": w.kind,
        "kind_label": w.get_kind_display(),
        "title": w.title,
        "reason": w.reason,
        "amount": w.amount,
        "wisher": w.member.name if identity else w.wisher_masked,
        "org": w.org.name,
        "job_type": w.job_type,
        "state": w.state,
        "state_label": w.get_state_display(),
        "published_at": w.published_at,
        "claimed_by_me": w.claimer_id == user.pk,
        "fulfilled_at": w.fulfilled_at,
        "confirmed_at": w.confirmed_at,
        "refusal_reason": w.refusal_reason if identity else "",
        "actions": [t.name for t in WISH_FLOW.available(w, user)],
    }


@router.post("", response=responses({201: WishOut}), summary="发布微心愿")
def wish_post(request, payload: WishIn):
    wish = services.wish_post(
        kind=payload.kind,
        title=payload.title,
        reason=payload.reason,
        amount=payload.amount,
        actor=request.auth,
    )
    wish = selectors.wish_get_for(request.auth, wish.uuid)
    return Status(201, _out(wish, request.auth))


@router.get("/mine", response=responses(list[WishOut]), summary="我的心愿")
def my_wishes(request, page: Query[pagination(default=50, maximum=200)]):
    return [_out(w, request.auth) for w in page.slice(selectors.mine(request.auth))]


@router.get("/claims", response=responses(list[WishOut]), summary="我认领的心愿")
def my_claims(request, page: Query[pagination(default=50, maximum=200)]):
    return [_out(w, request.auth) for w in page.slice(selectors.claims_of(request.auth))]


@router.get("/wall", response=responses(list[WishOut]), summary="心愿墙（心愿人脱敏）")
def wall(request, filters: Query[WallQuery], page: Query[pagination(default=50, maximum=200)]):
    state = filters.state if filters.state in WALL_STATES else ""
    qs = selectors.wall(kind=filters.kind or "", state=state)
    return [_out(w, request.auth) for w in page.slice(qs)]


class StateQuery(Schema):
    state: str = Field(
        "", description="submitted / published / refused / claimed / fulfilled / confirmed / withdrawn"
    )


@router.get("/manage", response=responses(list[WishOut]), summary="本级及下级工会的心愿（工会干部）")
def managed(request, filters: Query[StateQuery], page: Query[pagination(default=50, maximum=200)]):
    if not is_cadre(request.auth):
        raise PermissionDenied
    qs = selectors.managed_for(request.auth, state=filters.state)
    return [_out(w, request.auth) for w in page.slice(qs)]


@router.get("/{uuid}", response=responses(WishOut), summary="心愿详情")
def wish_detail(request, uuid: UUID):
    return _out(selectors.wish_get_for(request.auth, uuid), request.auth)


def _done(request, uuid: UUID, action, **kwargs) -> dict:
    wish = selectors.wish_get_for(request.auth, uuid)
    action(wish=wish, actor=request.auth, **kwargs)
    return _out(selectors.wish_get_for(request.auth, uuid), request.auth)


@router.post("/{uuid}/publish", response=responses(WishOut), summary="审核通过并上墙（工会干部）")
def wish_publish(request, uuid: UUID):
    wish = selectors.wish_get_for(request.auth, uuid, write=True)
    services.wish_publish(wish=wish, actor=request.auth)
    return _out(selectors.wish_get_for(request.auth, uuid), request.auth)


@router.post("/{uuid}/refuse", response=responses(WishOut), summary="不予通过（须说明原因，工会干部）")
def wish_refuse(request, uuid: UUID, payload: WishNoteIn):
    wish = selectors.wish_get_for(request.auth, uuid, write=True)
    services.wish_refuse(wish=wish, reason=payload.note, actor=request.auth)
    return _out(selectors.wish_get_for(request.auth, uuid), request.auth)


@router.post("/{uuid}/claim", response=responses(WishOut), summary="认领心愿（一个心愿只能一人认领）")
def wish_claim(request, uuid: UUID):
    return _done(request, uuid, services.wish_claim)


@router.post("/{uuid}/release", response=responses(WishOut), summary="放弃认领")
def wish_release(request, uuid: UUID):
    return _done(request, uuid, services.wish_release)


@router.post(
    "/{uuid}/fulfil", response=responses(WishOut), summary="上传圆梦照片（multipart：photo，可选 note）"
)
def wish_fulfil(request, uuid: UUID, photo: File[UploadedFile] = None, note: Form[str] = ""):
    return _done(request, uuid, services.wish_fulfil, upload=photo, note=note[:200])


@router.post("/{uuid}/confirm", response=responses(WishOut), summary="确认收到")
def wish_confirm(request, uuid: UUID):
    return _done(request, uuid, services.wish_confirm)


@router.post("/{uuid}/not-received", response=responses(WishOut), summary="反馈未收到（须说明情况）")
def wish_not_received(request, uuid: UUID, payload: WishNoteIn):
    return _done(request, uuid, services.wish_not_received, note=payload.note)


@router.post("/{uuid}/withdraw", response=responses(WishOut), summary="撤回心愿")
def wish_withdraw(request, uuid: UUID):
    return _done(request, uuid, services.wish_withdraw)
