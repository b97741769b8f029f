"""/api/v1/auth: bearer tokens for apps, and who am I."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from gonghui.accounts import selectors, services
from gonghui.core.pii import mask_mobile

router = Router(tags=["auth"])


class TokenIn(Schema):
    phone: str
    password: str
    name: str = ""


class TokenOut(Schema):
    token: str


class Detail(Schema):
    detail: str


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
    response={200: TokenOut, 401: Detail, 429: Detail},
    summary="用手机号码和密码换取接口令牌",
)
def token_create(request, payload: TokenIn):
    """Throttled like the login page: after repeated failures the phone (and the address) is locked."""
    try:
        user = services.login_with_password(
            phone=payload.phone, password=payload.password, ip=services.client_ip(request), request=request
        )
    except ValidationError as e:
        status = 429 if e.code == "locked" else 401
        return Status(status, {"detail": e.messages[0]})
    _token, key = services.token_issue(user=user, name=payload.name or _("接口令牌"))
    return Status(200, {"token": key})


@router.delete("/token", response={204: None, 400: Detail}, summary="注销当前使用的接口令牌")
def token_delete(request):
    token = getattr(request, "api_token", None)
    if token is None:
        return Status(400, {"detail": _("请使用接口令牌调用此接口。")})
    services.token_revoke(token=token, actor=request.auth)
    return Status(204, None)


@router.get("/me", response=MeOut, summary="当前登录用户")
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
