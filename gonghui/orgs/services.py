"""Writes to the org tree and enterprises. Paths are maintained here and nowhere else."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import SEGMENT, can_manage, path_moved, subtree_q
from gonghui.core.validators import normalize_uscc
from gonghui.orgs.models import JOINT_KINDS, MEMBER_KINDS, Enterprise, JobType, NewFormRoute, Org, OrgKind

ORG_FIELDS = (
    "name",
    "short_name",
    "kind",
    "uscc",
    "formed_on",
    "address",
    "contact_name",
    "contact_phone",
    "is_active",
)


def _next_child_path(parent: Org | None) -> tuple[str, int]:
    if parent is None:
        last = Org.objects.filter(depth=0).aggregate(m=Max("path"))["m"]
        prefix, depth = "", 0
    else:
        Org.objects.select_for_update().filter(pk=parent.pk).first()  # serialise siblings' numbering
        last = Org.objects.filter(parent=parent).aggregate(m=Max("path"))["m"]
        prefix, depth = parent.path, parent.depth + 1
    number = int(last[-SEGMENT:]) + 1 if last else 1
    if number >= 10**SEGMENT:
        raise ValidationError(_("下级组织数量已达上限。"))
    return prefix + str(number).zfill(SEGMENT), depth


@transaction.atomic
def org_create(
    *, name: str, kind: str, parent: Org | None, actor=None, check_scope: bool = True, **fields
) -> Org:
    if parent is None and check_scope and not getattr(actor, "is_superuser", False):
        raise PermissionDenied
    if parent is not None and check_scope and not can_manage(actor, parent):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写组织名称。")})
    if Org.objects.filter(parent=parent, name=name, is_active=True).exists():
        # Also what makes a double submit create one org, not two.
        raise ValidationError({"name": _("同一上级组织下已有同名组织。")})
    if fields.get("uscc"):
        fields["uscc"] = _union_uscc(kind, fields["uscc"])
    path, depth = _next_child_path(parent)
    org = Org.objects.create(name=name, kind=kind, parent=parent, path=path, depth=depth, **fields)
    audit.record(org, action="create", actor=actor, changes={"name": [None, name]}, org=org)
    return org


@transaction.atomic
def org_update(*, org: Org, actor, parent: Org | None = None, **fields) -> Org:
    """Edit an org; a new parent moves the whole subtree (paths of orgs, enterprises, members)."""
    if not can_manage(actor, org):
        raise PermissionDenied
    before = audit.snapshot(org, [f for f in ORG_FIELDS if f in fields] + ["parent"])
    for key, value in fields.items():
        if key not in ORG_FIELDS:
            raise TypeError(key)
        setattr(org, key, value)
    if not (org.name or "").strip():
        raise ValidationError({"name": _("请填写组织名称。")})
    if org.uscc:
        org.uscc = _union_uscc(org.kind, org.uscc)
    org.save()
    if parent is not None and parent.pk != org.parent_id:
        _move(org=org, new_parent=parent, actor=actor)
    audit.record(org, action="update", actor=actor, changes=audit.diff(before, org), org=org)
    return org


def _union_uscc(kind: str, value: str) -> str:
    """A union's credit code is issued by the trade-union registration authority (first character 8);
    a grassroots or joint grassroots union's is in category 1, so it starts with 81 (GB 32100)."""
    code = normalize_uscc(value)
    if kind in (OrgKind.GRASSROOTS, OrgKind.JOINT_GRASSROOTS) and not code.startswith("81"):
        raise ValidationError({"uscc": _("基层工会的统一社会信用代码应以81开头，请核对工会法人资格证书。")})
    if not code.startswith("8"):
        raise ValidationError(
            {"uscc": _("工会的统一社会信用代码应以8开头（工会登记管理机关），请核对工会法人资格证书。")}
        )
    return code


def denormalised_path_fields() -> list[tuple[type, str]]:
    """Every (model, field) holding a copy of an org path: the local fields named in a model's
    `scope_path_fields` (see core.scoping). Moving an org rewrites them all, whatever app owns them."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        if model is Org:
            continue
        for field in getattr(model, "scope_path_fields", ()):
            if "__" not in field:
                found.append((model, field))
    return found


def _move(*, org: Org, new_parent: Org, actor) -> None:
    if not can_manage(actor, new_parent):
        raise PermissionDenied
    if new_parent.path.startswith(org.path):
        raise ValidationError({"parent": _("不能把组织移到它自己或它的下级组织之下。")})
    old_path = org.path
    new_path, new_depth = _next_child_path(new_parent)
    depth_delta = new_depth - org.depth
    cut = len(old_path) + 1
    from django.db.models import F

    Org.objects.filter(subtree_q(old_path)).update(
        path=Concat(Value(new_path), Substr("path", cut)), depth=F("depth") + depth_delta
    )
    Org.objects.filter(pk=org.pk).update(parent=new_parent)
    for model, field in denormalised_path_fields():
        model.objects.filter(subtree_q(old_path, field)).update(
            **{field: Concat(Value(new_path), Substr(field, cut))}
        )
    path_moved.send(sender=Org, old_path=old_path, new_path=new_path)
    org.refresh_from_db()


ENTERPRISE_FIELDS = (
    "name",
    "uscc",
    "employee_count",
    "industry",
    "ownership",
    "address",
    "longitude",
    "latitude",
    "contact_name",
    "contact_phone",
)


def _check_union(union: Org | None, org: Org) -> None:
    if union is not None and union.kind not in MEMBER_KINDS:
        raise ValidationError({"union": _("覆盖工会必须是基层工会、联合基层工会或工会联合会。")})


@transaction.atomic
def enterprise_create(
    *,
    org: Org,
    actor=None,
    union: Org | None = None,
    union_formed_on: datetime.date | None = None,
    check_scope: bool = True,
    **fields,
) -> Enterprise:
    if check_scope and not can_manage(actor, org):
        raise PermissionDenied
    fields["uscc"] = normalize_uscc(fields.get("uscc", ""))
    if Enterprise.objects.filter(uscc=fields["uscc"]).exists():
        raise ValidationError({"uscc": _("该统一社会信用代码的企业已登记。")})
    _check_union(union, org)
    enterprise = Enterprise.objects.create(
        org=org, org_path=org.path, union=union, union_formed_on=union_formed_on if union else None, **fields
    )
    audit.record(enterprise, action="create", actor=actor, org=org, changes={"name": [None, enterprise.name]})
    return enterprise


@transaction.atomic
def enterprise_update(*, enterprise: Enterprise, actor, org: Org | None = None, **fields) -> Enterprise:
    if not can_manage(actor, enterprise.org) or (org is not None and not can_manage(actor, org)):
        raise PermissionDenied
    before = audit.snapshot(enterprise, [f for f in fields if f in ENTERPRISE_FIELDS] + ["org_id"])
    for key, value in fields.items():
        if key not in ENTERPRISE_FIELDS:
            raise TypeError(key)
        setattr(enterprise, key, value)
    enterprise.uscc = normalize_uscc(enterprise.uscc)
    if Enterprise.objects.filter(uscc=enterprise.uscc).exclude(pk=enterprise.pk).exists():
        raise ValidationError({"uscc": _("该统一社会信用代码的企业已登记。")})
    if org is not None:
        enterprise.org, enterprise.org_path = org, org.path
    enterprise.save()
    audit.record(
        enterprise, action="update", actor=actor, changes=audit.diff(before, enterprise), org=enterprise.org
    )
    return enterprise


@transaction.atomic
def enterprise_record_formation(
    *, enterprise: Enterprise, union: Org, formed_on: datetime.date, actor
) -> Enterprise:
    """Record union formation (建会): the enterprise is now covered by `union` from `formed_on`."""
    if not can_manage(actor, enterprise.org) and not can_manage(actor, union):
        raise PermissionDenied
    _check_union(union, enterprise.org)
    if formed_on > datetime.date.today():
        raise ValidationError({"formed_on": _("建会日期不能晚于今天。")})
    before = audit.snapshot(enterprise, ["union_id", "union_formed_on"])
    enterprise.union, enterprise.union_formed_on = union, formed_on
    enterprise.save(update_fields=["union", "union_formed_on", "updated_at"])
    if union.kind == OrgKind.GRASSROOTS and union.formed_on is None:
        union.formed_on = formed_on
        union.save(update_fields=["formed_on", "updated_at"])
    audit.record(
        enterprise,
        action="formation",
        actor=actor,
        changes=audit.diff(before, enterprise),
        org=enterprise.org,
    )
    return enterprise


@transaction.atomic
def route_set(*, job_type: str, area: Org, union: Org, actor, check_scope: bool = True) -> NewFormRoute:
    if check_scope and not (can_manage(actor, area) and can_manage(actor, union)):
        raise PermissionDenied
    if union.kind not in JOINT_KINDS:
        raise ValidationError({"union": _("新就业形态劳动者应加入工会联合会或联合基层工会。")})
    if job_type not in JobType.values:
        raise ValidationError({"job_type": _("请选择职业类型。")})
    previous = NewFormRoute.objects.filter(job_type=job_type, area=area).select_related("union").first()
    route, _created = NewFormRoute.objects.update_or_create(
        job_type=job_type, area=area, defaults={"union": union}
    )
    audit.record(
        route,
        action="update" if previous else "create",
        actor=actor,
        org=area,
        changes={"union": [str(previous.union) if previous else None, str(union)]},
    )
    return route


@transaction.atomic
def route_delete(*, route: NewFormRoute, actor) -> None:
    if not can_manage(actor, route.area):
        raise PermissionDenied
    audit.record(
        route,
        action="delete",
        actor=actor,
        org=route.area,
        changes={"job_type": [route.job_type, None], "union": [str(route.union), None]},
    )
    route.delete()


@transaction.atomic
def enterprise_form_union(
    *, enterprise: Enterprise, name: str, formed_on: datetime.date, actor, uscc: str = ""
) -> Org:
    """Union formation with a new grassroots union of the enterprise's own, under its area union."""
    if not can_manage(actor, enterprise.org):
        raise PermissionDenied
    if formed_on > datetime.date.today():
        raise ValidationError({"formed_on": _("建会日期不能晚于今天。")})
    fields = {"uscc": uscc} if uscc else {}
    union = org_create(
        name=name,
        kind=OrgKind.GRASSROOTS,
        parent=enterprise.org,
        actor=actor,
        formed_on=formed_on,
        address=enterprise.address,
        **fields,
    )
    enterprise_record_formation(enterprise=enterprise, union=union, formed_on=formed_on, actor=actor)
    return union


@transaction.atomic
def enterprise_contact_add(*, enterprise: Enterprise, user, actor, title: str = "", check_scope: bool = True):
    """Make `user` a contact (企业联络人) of `enterprise`: they may order services and report problems for it."""
    from gonghui.orgs.models import EnterpriseContact

    if check_scope and not can_manage(actor, enterprise.org):
        raise PermissionDenied
    contact, _created = EnterpriseContact.objects.get_or_create(
        enterprise=enterprise, user=user, defaults={"title": title}
    )
    audit.record(
        enterprise,
        action="contact_add",
        actor=actor,
        org=enterprise.org,
        changes={"contact": [None, str(user)]},
    )
    return contact


@transaction.atomic
def enterprise_contact_remove(*, contact, actor) -> None:
    if not can_manage(actor, contact.enterprise.org):
        raise PermissionDenied
    audit.record(
        contact.enterprise,
        action="contact_remove",
        actor=actor,
        org=contact.enterprise.org,
        changes={"contact": [str(contact.user), None]},
    )
    contact.delete()
