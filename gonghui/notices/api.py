"""The notices API at /api/v1/notices: the same selectors and services as the pages."""

import datetime
from uuid import UUID

from ninja import Query, Router, Schema

from gonghui.core.api import pagination, responses
from gonghui.notices import selectors, services

router = Router(tags=["通知公告"])


class NoticeOut(Schema):
    uuid: UUID
    title: str
    org: str
    body: str
    publish_at: datetime.datetime
    expire_at: datetime.datetime | None = None
    pinned: bool
    is_read: bool


class NoticeUnreadOut(Schema):
    unread: int


class NoticeReadOut(Schema):
    uuid: UUID
    is_read: bool
    unread: int


def _out(notice, is_read: bool) -> dict:
    return {
        "uuid": notice.uuid,
        "title": notice.title,
        "org": notice.org.name,
        "body": notice.body,
        "publish_at": notice.publish_at,
        "expire_at": notice.expire_at,
        "pinned": notice.pinned,
        "is_read": is_read,
    }


@router.get("", response=responses(list[NoticeOut]), summary="我的通知公告")
def my_notices(request, page: Query[pagination(default=50, maximum=200)]):
    """Live notices that reach the caller, unread first."""
    return [_out(n, n.is_read) for n in page.slice(selectors.my_notices(request.auth))]


@router.get("/unread", response=responses(NoticeUnreadOut), summary="未读公告数")
def unread(request):
    return {"unread": selectors.unread_count(request.auth)}


@router.post("/{uuid}/read", response=responses(NoticeReadOut), summary="标记公告已读")
def mark_read(request, uuid: UUID):
    """Idempotent: a second call changes nothing."""
    notice = selectors.notice_get_for_reader(request.auth, uuid)
    services.notice_mark_read(notice=notice, user=request.auth)
    return {
        "uuid": notice.uuid,
        "is_read": notice.reaches_reader,  # a cadre outside the audience leaves no receipt
        "unread": selectors.unread_count(request.auth),
    }
