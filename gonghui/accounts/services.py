"""Accounts and positions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.accounts.models import Position, Role, User
from gonghui.core import audit
from gonghui.core.scoping import can_chair, forget_positions
from gonghui.core.validators import normalize_mobile


@transaction.atomic
def user_get_or_create(*, phone: str, name: str = "", password: str | None = None) -> tuple[User, bool]:
    phone = normalize_mobile(phone)
    user = User.objects.filter(phone=phone).first()
    if user:
        return user, False
    return User.objects.create_user(phone, password, name=name), True


@transaction.atomic
def position_grant(*, user: User, org, role: str, actor, title: str = "", can_view_personal_data: bool = False,
                   check_scope: bool = True) -> Position:
    """Give `user` a role in `org`. Only a chair of the org or an ancestor may grant."""
    if check_scope and not can_chair(actor, org):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError({"role": _("角色不正确。")})
    try:
        with transaction.atomic():
            position, created = Position.objects.update_or_create(
                user=user, org=org,
                defaults={"role": role, "title": title, "can_view_personal_data": can_view_personal_data,
                          "granted_by": actor if getattr(actor, "is_authenticated", False) else None},
            )
    except IntegrityError:
        position = Position.objects.get(user=user, org=org)
    audit.record(position, action="grant", actor=actor, org=org,
                 changes={"role": [None, role], "can_view_personal_data": [None, can_view_personal_data]})
    forget_positions(user)
    return position


@transaction.atomic
def position_revoke(*, position: Position, actor) -> None:
    if not can_chair(actor, position.org):
        raise PermissionDenied
    if position.user_id == getattr(actor, "pk", None) and position.role == Role.CHAIR:
        raise ValidationError(_("不能撤销自己的主席职务，请由上级工会办理。"))
    audit.record(position, action="revoke", actor=actor, org=position.org, changes={"role": [position.role, None]})
    position.delete()
