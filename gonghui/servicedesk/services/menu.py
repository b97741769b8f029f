"""Service menu (服务菜单) and service teams (服务队): writes by the federation's cadres."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core import audit, facts
from gonghui.core.scoping import can_manage
from gonghui.core.validators import normalize_mobile
from gonghui.members.selectors.people import person_in_scope
from gonghui.orgs.models import Org
from gonghui.servicedesk.models import MenuItem, ServiceTeam, ServiceTeamMember

MENU_FIELDS = (
    "title",
    "category",
    "description",
    "team",
    "duration_minutes",
    "serves_people",
    "bus_eligible",
    "for_workers",
    "for_enterprises",
    "for_unions",
)


def user_by_mobile(phone: str, *, actor) -> User:
    """The registered user with this mobile number whom `actor` may know of, or a Chinese error.

    A number registered only to someone outside the actor's subtrees gets the same answer as an
    unknown number (members.selectors.people), so the page never names people of another county.
    """
    try:
        normalized = normalize_mobile(phone)
    except ValidationError:
        raise ValidationError({"phone": _("请输入正确的手机号码。")}) from None
    user = User.objects.filter(phone=normalized, is_active=True).first()
    team_ties = (
        ServiceTeamMember.objects.all(),
        ServiceTeamMember.objects.filter(team__in=ServiceTeam.objects.visible_to(actor)),
        "user",
    )
    if user is None or not person_in_scope(actor, user, also=(team_ties,)):
        raise ValidationError(
            {
                "phone": _(
                    "在您管理的范围内没有找到使用该手机号码注册的用户。请核对号码；"
                    "不在本辖区的，请其先注册账号或由其所在工会办理。"
                )
            }
        )
    return user


def _check_menu_fields(*, org: Org, fields: dict) -> None:
    team = fields.get("team")
    if team is not None and team.org_id != org.pk:
        raise ValidationError({"team": _("提供服务的服务队须属于“%(org)s”。") % {"org": org.name}})
    if not (fields.get("for_workers") or fields.get("for_enterprises") or fields.get("for_unions")):
        raise ValidationError({"for_workers": _("请至少选择一类可点单对象。")})
    if not (fields.get("title") or "").strip():
        raise ValidationError({"title": _("请填写服务项目名称。")})


@transaction.atomic
def menu_item_create(*, org: Org, actor, **fields) -> MenuItem:
    if not can_manage(actor, org):
        raise PermissionDenied
    data = {f: fields[f] for f in MENU_FIELDS if f in fields}
    _check_menu_fields(org=org, fields=data)
    item = MenuItem.objects.create(org=org, **data)
    audit.record(item, action="menu_item_create", actor=actor, changes={"title": [None, item.title]})
    return item


@transaction.atomic
def menu_item_update(*, item: MenuItem, actor, **fields) -> MenuItem:
    if not can_manage(actor, item.org):
        raise PermissionDenied
    data = {f: fields[f] for f in MENU_FIELDS if f in fields}
    merged = {f: getattr(item, f) for f in MENU_FIELDS} | data
    _check_menu_fields(org=item.org, fields=merged)
    before = audit.snapshot(item, data.keys())
    for field, value in data.items():
        setattr(item, field, value)
    item.save(update_fields=[*data.keys(), "updated_at"])
    changes = audit.diff(before, item)
    if changes:
        audit.record(item, action="menu_item_update", actor=actor, changes=changes)
    return item


@transaction.atomic
def menu_item_set_active(*, item: MenuItem, active: bool, actor) -> MenuItem:
    """Publish (上架) or unpublish (下架) an item; orders already placed are not affected."""
    if not can_manage(actor, item.org):
        raise PermissionDenied
    if item.is_active != active:
        item.is_active = active
        item.save(update_fields=["is_active", "updated_at"])
        audit.record(
            item,
            action="menu_item_publish" if active else "menu_item_unpublish",
            actor=actor,
            changes={"is_active": [not active, active]},
        )
    return item


# ---------------------------------------------------------------- teams


@transaction.atomic
def team_create(*, org: Org, name: str, actor, description: str = "", leader_phone: str = "") -> ServiceTeam:
    if not can_manage(actor, org):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写服务队名称。")})
    if ServiceTeam.objects.filter(org=org, name=name).exists():
        raise ValidationError(
            {"name": _("“%(org)s”已有名为“%(name)s”的服务队。") % {"org": org.name, "name": name}}
        )
    leader = user_by_mobile(leader_phone, actor=actor) if (leader_phone or "").strip() else None
    try:
        with transaction.atomic():
            team = ServiceTeam.objects.create(org=org, name=name, description=description, leader=leader)
    except IntegrityError:
        raise ValidationError(
            {"name": _("“%(org)s”已有名为“%(name)s”的服务队。") % {"org": org.name, "name": name}}
        ) from None
    if leader is not None:
        ServiceTeamMember.objects.create(team=team, user=leader, kind=ServiceTeamMember.Kind.STAFF)
    audit.record(
        team,
        action="team_create",
        actor=actor,
        changes={"name": [None, name], "leader": [None, str(leader or "")]},
    )
    return team


@transaction.atomic
def team_update(
    *, team: ServiceTeam, actor, name: str, description: str = "", is_active: bool = True
) -> ServiceTeam:
    if not can_manage(actor, team.org):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写服务队名称。")})
    if ServiceTeam.objects.filter(org=team.org, name=name).exclude(pk=team.pk).exists():
        raise ValidationError(
            {"name": _("“%(org)s”已有名为“%(name)s”的服务队。") % {"org": team.org.name, "name": name}}
        )
    before = audit.snapshot(team, ["name", "description", "is_active"])
    team.name, team.description, team.is_active = name, description, is_active
    team.save(update_fields=["name", "description", "is_active", "updated_at"])
    changes = audit.diff(before, team)
    if changes:
        audit.record(team, action="team_update", actor=actor, changes=changes)
    return team


@transaction.atomic
def team_set_leader(*, team: ServiceTeam, phone: str, actor) -> ServiceTeam:
    """Make the user with this mobile number the leader (and a member) of the team."""
    if not can_manage(actor, team.org):
        raise PermissionDenied
    leader = user_by_mobile(phone, actor=actor)
    before = audit.snapshot(team, ["leader"])
    facts.forget(team.leader_id)  # the old leader's navigation loses the team's jobs
    team.leader = leader
    team.save(update_fields=["leader", "updated_at"])
    ServiceTeamMember.objects.get_or_create(
        team=team, user=leader, defaults={"kind": ServiceTeamMember.Kind.STAFF}
    )
    audit.record(team, action="team_set_leader", actor=actor, changes=audit.diff(before, team))
    return team


@transaction.atomic
def team_member_add(*, team: ServiceTeam, phone: str, kind: str, actor) -> ServiceTeamMember:
    if not can_manage(actor, team.org):
        raise PermissionDenied
    if kind not in ServiceTeamMember.Kind.values:
        raise ValidationError({"kind": _("请选择成员身份。")})
    user = user_by_mobile(phone, actor=actor)
    if ServiceTeamMember.objects.filter(team=team, user=user).exists():
        raise ValidationError({"phone": _("%(name)s 已是该服务队成员。") % {"name": user}})
    membership = ServiceTeamMember.objects.create(team=team, user=user, kind=kind)
    audit.record(team, action="team_member_add", actor=actor, changes={"member": [None, str(user)]})
    return membership


@transaction.atomic
def team_member_remove(*, membership: ServiceTeamMember, actor) -> None:
    team = membership.team
    if not can_manage(actor, team.org):
        raise PermissionDenied
    if team.leader_id == membership.user_id:
        raise ValidationError(_("不能移除队长，请先更换队长。"))
    audit.record(
        team, action="team_member_remove", actor=actor, changes={"member": [str(membership.user), None]}
    )
    membership.delete()
