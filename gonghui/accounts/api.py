"""/api/v1/auth: bearer tokens for apps (issue, list, revoke), and who am I."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from gonghui.accounts import selectors, services
from gonghui.core.api import DbId, pagination, responses
from gonghui.core.pii import mask_mobile

router = Router(tags=["auth"])


class TokenIn(Schema):
    phone: str = Field(max_length=40)
    password: str = Field(max_length=256)
    name: str = Field("", max_length=60, description="令牌名称，如“手机App”，便于日后识别和注销")


class TokenOut(Schema):
    token: str = Field(description="接口令牌，只在此时返回一次；请求时放在 Authorization: Bearer 之后")
    id: int
    expires_at: datetime.datetime


class TokenInfo(Schema):
    """A token as its owner sees it: never the key itself (only its hash is stored)."""

    id: int
    name: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None = Field(description="最近使用时间（精确到分钟）")
    expires_at: datetime.datetime
    current: bool = Field(description="是否为本次请求所用的令牌")


class PositionOut(Schema):
    org: str
    org_uuid: str
    role: str
    role_display: str
    title: str


class MeOut(Schema):
    name: str
    phone: str
    is_member: bool
    positions: list[PositionOut]


@router.post(
    "/token",
    auth=None,
    response=responses(TokenOut, codes=(400, 401, 422), also=(429,)),
    summary="用手机号码和密码换取接口令牌",
)
def token_create(request, payload: TokenIn):
    """Throttled like the login page: after repeated failures the phone (and the address) is locked.
    The token works for GONGHUI_API_TOKEN_DAYS days (30 by default), until it is revoked."""
    try:
        user = services.login_with_password(
            phone=payload.phone, password=payload.password, ip=services.client_ip(request), request=request
        )
    except ValidationError as e:
        if e.code == "locked":
            raise  # 429 with Retry-After, from the API's handler
        return Status(401, {"detail": e.messages[0]})
    token, key = services.token_issue(user=user, name=payload.name or _("接口令牌"))
    return Status(200, {"token": key, "id": token.pk, "expires_at": token.expires_at})


@router.delete("/token", response=responses({204: None}), summary="注销当前使用的接口令牌")
def token_delete(request):
    token = getattr(request, "api_token", None)
    if token is None:
        return Status(400, {"detail": _("请使用接口令牌调用此接口；网页登录时请在“我的接口令牌”中注销。")})
    services.token_revoke(token=token, actor=request.auth)
    return Status(204, None)


@router.get("/tokens", response=responses(list[TokenInfo]), summary="我的接口令牌（有效的，最新的在前）")
def token_list(request, page: Query[pagination(default=50, maximum=100)]):
    current = getattr(getattr(request, "api_token", None), "pk", None)
    return [
        {
            "id": t.pk,
            "name": t.name,
            "created_at": t.created_at,
            "last_used_at": t.last_used_at,
            "expires_at": t.expires_at,
            "current": t.pk == current,
        }
        for t in page.slice(selectors.tokens_live_of(request.auth))
    ]


@router.delete("/tokens/{token_id}", response=responses({204: None}), summary="注销我的一个接口令牌")
def token_revoke(request, token_id: DbId):
    """Revoking a token that is already revoked or expired changes nothing (204); another user's token is 404."""
    services.token_revoke(token=selectors.token_get_for(request.auth, token_id), actor=request.auth)
    return Status(204, None)


@router.get("/me", response=responses(MeOut), summary="当前登录用户")
def me(request):
    user = request.auth
    member = getattr(user, "member", None)
    return {
        "name": user.name,
        "phone": mask_mobile(user.phone),
        "is_member": bool(member and member.is_member),
        "positions": [
            {
                "org": p.org.name,
                "org_uuid": str(p.org.uuid),
                "role": p.role,
                "role_display": p.get_role_display(),
                "title": p.title,
            }
            for p in selectors.positions_of(user)
        ],
    }
