"""The JSON API under /api/v1/: each app contributes a router; auth is a bearer token or the session.

A bearer token is tried first: an app sends it in the Authorization header, which another site
cannot make a browser send, so a token request needs no CSRF token. A request that comes with the
session cookie instead is a browser's, and an unsafe method (POST, DELETE …) must carry the CSRF
token as the pages' forms do. A bad bearer token is refused (401) and never falls back to the
session.
"""

import ninja.parser
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from gonghui.accounts import services as account_services
from gonghui.core.api import invalid_input, with_retry_after


def _nul_at(value, path=()):
    """Where a NUL character hides in parsed input (a key or a string at any depth), or None."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for k, v in value.items():
            found = _nul_at(k, (*path, k)) if isinstance(k, str) else None
            found = found or _nul_at(v, (*path, k))
            if found is not None:
                return found
    if isinstance(value, list):
        for i, v in enumerate(value):
            found = _nul_at(v, (*path, i))
            if found is not None:
                return found
    return None


class Parser(ninja.parser.Parser):
    """JSON bodies and query strings as django-ninja reads them, refusing (422) a body that is not a
    JSON object, and NUL characters as Django's form fields do: PostgreSQL cannot store them and
    would fail with a server error."""

    def _refuse_nul(self, data, source: str):
        path = _nul_at(data)
        if path is not None:
            raise NinjaValidationError(
                [{"loc": [source, *path], "label": ".".join(map(str, path)), "type": "string_nul"}]
            )
        return data

    def parse_body(self, request):
        data = super().parse_body(request)
        if not isinstance(data, dict):  # every body of this API is an object; a bare string is no filter
            raise NinjaValidationError([{"loc": ["body"], "type": "model_type"}])
        return self._refuse_nul(data, "body")

    def parse_querydict(self, data, list_fields, request):
        return self._refuse_nul(super().parse_querydict(data, list_fields, request), "query")


class TokenRefused(AuthenticationError):
    """A bearer token was sent but does not work (unknown, revoked, expired, or its user is inactive)."""

    def __init__(self, message: str) -> None:
        super().__init__(401, message)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <key>`; another scheme (a proxy's Basic auth) is left to the session."""

    def authenticate(self, request, token):
        try:
            found = account_services.token_authenticate(key=token.strip())
        except ValidationError as e:
            raise TokenRefused(e.messages[0]) from None
        request.user = found.user
        request.api_token = found  # DELETE /api/v1/auth/token revokes the token in use
        return found.user


class SessionAuth(APIKeyCookie):
    """Django's session (the logged-in browser); unsafe methods must pass Django's CSRF check."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise HttpError(
                403,
                _(
                    "CSRF 校验失败：网页发出的请求须带 X-CSRFToken 请求头（取自 csrftoken Cookie），"
                    "请刷新页面后重试；应用请改用接口令牌（Authorization: Bearer …）。"
                ),
            )
        return user

    def authenticate(self, request, key):  # the cookie itself is read by Django's session middleware
        return self(request)


AUTH = [TokenAuth(), SessionAuth()]


def caller(request):
    """The user behind a request to a public operation (auth=None), or None for an anonymous one.

    A bearer token must work (else 401); a session counts only with the CSRF token, so another site
    cannot act in a logged-in user's name — without it the request is treated as anonymous."""
    user = AUTH[0](request)
    if user is not None:
        return user
    try:
        return AUTH[1](request)
    except HttpError:
        return None


api = NinjaAPI(
    title="Gonghui API",
    version="1",
    description=(
        "智慧工会服务平台接口 / Gonghui trade-union platform API.\n\n"
        "认证：应用用 `POST /api/v1/auth/token` 以手机号码和密码换取接口令牌，之后每个请求带 "
        "`Authorization: Bearer <令牌>`（无需 CSRF）。令牌到期失效，可在 `/api/v1/auth/tokens` "
        "或网页“我的接口令牌”中注销。网页会话调用写操作须带 `X-CSRFToken`。\n\n"
        "出错时返回 `{detail, errors}`：400 违反业务规则，401 未登录或令牌无效，403 无权限，"
        "404 不存在或不在管理范围内，422 参数格式不正确，429 操作过于频繁。"
    ),
    auth=AUTH,
    parser=Parser(),
    urls_namespace="api",
)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    detail = exc.message if isinstance(exc, TokenRefused) else _("请先登录。")
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = (
        'Bearer realm="gonghui", error="invalid_token"'
        if isinstance(exc, TokenRefused)
        else 'Bearer realm="gonghui"'
    )
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if isinstance(exc.__cause__, NinjaValidationError):  # raised by Parser.parse_body, wrapped by ninja
        return _invalid(request, exc.__cause__)
    detail = str(exc)
    if exc.status_code == 400 and detail.startswith("Cannot parse request body"):
        detail = _("请求内容不是有效的 JSON，请检查后重新提交。")
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    return api.create_response(request, invalid_input(exc.errors), status=422)


def _register() -> None:
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    @api.exception_handler(ValidationError)
    def _django_invalid(request, exc):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        first = next(iter(errors.values()))[0]
        status = 429 if getattr(exc, "code", None) in ("rate_limited", "locked") else 400
        response = api.create_response(request, {"detail": first, "errors": errors}, status=status)
        return with_retry_after(response, exc)

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        return api.create_response(request, {"detail": _("您没有权限执行此操作。")}, status=403)

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return api.create_response(request, {"detail": _("未找到。")}, status=404)

    from gonghui.accounts.api import router as accounts_router
    from gonghui.members.api import router as members_router
    from gonghui.members.api_roster import router as roster_router
    from gonghui.orgs.api import router as orgs_router

    api.add_router("/auth", accounts_router)
    api.add_router("/orgs", orgs_router)
    api.add_router("/", members_router)
    api.add_router("/roster", roster_router)
    api.add_router("/desk", "gonghui.servicedesk.api.router")
    api.add_router("/volunteers", "gonghui.volunteers.api.router")
    api.add_router("/tournaments", "gonghui.tournaments.api.router")
    api.add_router("/fitness", "gonghui.fitness.api.router")
    api.add_router("/notices", "gonghui.notices.api.router")
    api.add_router("/lectures", "gonghui.lectures.api.router")
    api.add_router("/activities", "gonghui.activities.api.router")
    api.add_router("/care", "gonghui.care.api.router")
    api.add_router("/rights", "gonghui.rights.api.router")
    api.add_router("/members", "gonghui.members.api_cards.router")


_register()
