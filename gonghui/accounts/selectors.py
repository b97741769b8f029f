"""Reads of positions and tokens, and who may manage positions."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.accounts.models import ApiToken, Position, Role
from gonghui.core import scoping
from gonghui.core.scoping import PermissionDenied, can_chair, subtree_q


def chair_paths(user) -> list[str]:
    """Roots of the subtrees where the user is chair (overlaps collapsed)."""
    paths = sorted({path for path, role, _pii, _org in scoping._positions(user) if role == Role.CHAIR})
    roots: list[str] = []
    for p in paths:
        if not any(p.startswith(r) for r in roots):
            roots.append(p)
    return roots


def may_manage_positions(user) -> bool:
    return getattr(user, "is_superuser", False) or bool(chair_paths(user))


def require_position_manager(user) -> None:
    """The positions page is for chairs: staff, viewers and members get 403."""
    if not may_manage_positions(user):
        raise PermissionDenied


def position_list_for(user, *, org=None, role: str = "") -> QuerySet[Position]:
    qs = Position.objects.visible_to(user).select_related("user", "org", "granted_by")
    if org is not None:
        qs = qs.filter(subtree_q(org.path, "org__path"))
    if role:
        qs = qs.filter(role=role)
    return qs.order_by("org__path", "role", "user__name", "pk")


def position_get_for(user, pk: int, *, write: bool = False) -> Position:
    position = get_object_or_404(Position.objects.visible_to(user).select_related("user", "org"), pk=pk)
    if write and not can_chair(user, position.org):
        raise PermissionDenied
    return position


def managing_positions(*, org_paths=None, phone: str | None = None) -> QuerySet[Position]:
    """Chair and staff positions of active users in active orgs: at the orgs of `org_paths`, or of
    the user with `phone` (who is to be told, who may be assigned)."""
    qs = Position.objects.filter(
        role__in=scoping.MANAGING_ROLES, org__is_active=True, user__is_active=True
    ).select_related("user", "org")
    if org_paths is not None:
        qs = qs.filter(org__path__in=list(org_paths))
    if phone is not None:
        qs = qs.filter(user__phone=phone)
    return qs


def positions_of(user) -> QuerySet[Position]:
    return Position.objects.filter(user=user, org__is_active=True).select_related("org").order_by("org__path")


def token_for_key(key: str) -> ApiToken | None:
    """The token with this key whatever its state (the caller says why a dead one is refused)."""
    return ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()


def tokens_live_of(user) -> QuerySet[ApiToken]:
    """The user's tokens that still work (not revoked, not expired), newest first."""
    return ApiToken.objects.filter(user=user, revoked=False, expires_at__gt=timezone.now()).order_by(
        "-created_at", "-pk"
    )


def token_get_for(user, pk: int) -> ApiToken:
    """One of the user's own tokens (any state); another user's token is 404, as if it did not exist."""
    return get_object_or_404(ApiToken.objects.select_related("user"), pk=pk, user=user)
