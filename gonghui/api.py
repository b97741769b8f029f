"""The JSON API under /api/v1/: each app contributes a router; auth is session or bearer token."""

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from gonghui.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked=False, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        request.api_token = found  # DELETE /api/v1/auth/token revokes the token in use
        return found.user


AUTH = [SessionAuth(), TokenAuth()]

api = NinjaAPI(
    title="Gonghui API",
    version="1",
    description="智慧工会服务平台接口 / Gonghui trade-union platform API",
    auth=AUTH,
    urls_namespace="api",
)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("请先登录。")}, status=401)


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    return api.create_response(
        request, {"detail": _("提交的数据格式不正确。"), "errors": exc.errors}, status=422
    )


def _register() -> None:
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.http import Http404

    @api.exception_handler(ValidationError)
    def _django_invalid(request, exc):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        first = next(iter(errors.values()))[0]
        return api.create_response(request, {"detail": first, "errors": errors}, status=400)

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
    api.add_router("/members", "gonghui.members.api_cards.router")


_register()
