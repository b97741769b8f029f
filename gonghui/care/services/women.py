"""Care: women-worker care — record an act of care, open a health check's details (personal data,
logged), and register a place serving women workers."""

import datetime
import uuid as uuid_module

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.care.models.women import WomenCarePlace, WomenCareRecord
from gonghui.core import audit, pii
from gonghui.core.scoping import can_manage, can_view_personal_data, in_subtree
from gonghui.members.models import Member
from gonghui.orgs.models import Org

REACHED_MAX = 1_000_000
EARLIEST = datetime.date(2000, 1, 1)


def _member_in(org: Org, member_no: str) -> Member:
    member = Member.objects.filter(member_no=(member_no or "").strip()).select_related("org").first()
    if member is None or not in_subtree(member.org_path, org.path):
        raise ValidationError({"member_no": _("本组织及下级工会中没有这个会员编号。")})
    return member


@transaction.atomic
def record_add(
    *,
    org: Org,
    kind: str,
    date: datetime.date,
    people_reached: int | None = 1,
    note: str = "",
    member_no: str = "",
    health_details: str = "",
    client_token: uuid_module.UUID | None = None,
    actor,
) -> WomenCareRecord:
    """Record a care act of `org`; a personal visit names the member (by member number)."""
    if not can_manage(actor, org):
        raise PermissionDenied
    if client_token is not None:
        done = WomenCareRecord.objects.filter(client_token=client_token).first()
        if done is not None:
            return done
    errors: dict[str, str] = {}
    if kind not in WomenCareRecord.Kind.values:
        errors["kind"] = _("请选择关爱类型。")
    if date is None:
        errors["date"] = _("请填写日期。")
    elif date > timezone.localdate():
        errors["date"] = _("日期不能晚于今天。")
    elif date < EARLIEST:
        errors["date"] = _("日期不能早于2000年。")
    if people_reached is None or not 1 <= people_reached <= REACHED_MAX:
        errors["people_reached"] = _("覆盖人数为1至%(n)d人。") % {"n": REACHED_MAX}
    member = None
    if (member_no or "").strip():
        try:
            member = _member_in(org, member_no)
        except ValidationError as e:
            errors.update({k: v[0] for k, v in e.message_dict.items()})
        if people_reached not in (None, 1) and "people_reached" not in errors:
            errors["people_reached"] = _("走访个人时覆盖人数为1人。")
    details = (health_details or "").strip()
    if details and kind != WomenCareRecord.Kind.HEALTH_CHECK:
        errors["health_details"] = _("只有健康体检记录可以填写体检情况。")
    elif details and member is None:
        errors["health_details"] = _("体检情况属于个人信息，请填写对应的会员编号。")
    if len(details) > 1000:
        errors["health_details"] = _("体检情况不超过1000个字。")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            record = WomenCareRecord.objects.create(
                org=org,
                org_path=org.path,
                kind=kind,
                date=date,
                people_reached=people_reached,
                note=(note or "").strip()[:300],
                member=member,
                health_details_encrypted=pii.encrypt(details) if details else "",
                client_token=client_token,
                created_by=actor,
            )
    except IntegrityError:
        done = WomenCareRecord.objects.filter(client_token=client_token).first()
        if done is None:
            raise
        return done
    audit.record(record, action="women_care_record_add", actor=actor, org=org, changes={"kind": [None, kind]})
    return record


def health_details_open(*, record: WomenCareRecord, actor, purpose: str = "") -> str:
    """The health-check findings in full: cadres with the personal-data permission only, logged."""
    if not record.health_details_encrypted:
        return ""
    if not can_view_personal_data(actor, record.org):
        raise PermissionDenied
    pii.log_access(
        actor=actor,
        action="women_health_details",
        subject=record,
        org=record.org,
        purpose=purpose or "查看体检情况",
    )
    return pii.decrypt(record.health_details_encrypted)


@transaction.atomic
def place_add(
    *,
    org: Org,
    kind: str = WomenCarePlace.Kind.MOTHER_BABY,
    name: str,
    address: str,
    facilities: str = "",
    opening_hours: str = "",
    actor,
) -> WomenCarePlace:
    if not can_manage(actor, org):
        raise PermissionDenied
    errors: dict[str, str] = {}
    name, address = (name or "").strip(), (address or "").strip()
    if not name:
        errors["name"] = _("请填写名称。")
    if not address:
        errors["address"] = _("请填写地址。")
    if kind not in WomenCarePlace.Kind.values:
        errors["kind"] = _("请选择类型。")
    if name and WomenCarePlace.objects.filter(org=org, name=name).exists():
        errors["name"] = _("本组织已有同名场所。")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            place = WomenCarePlace.objects.create(
                org=org,
                org_path=org.path,
                kind=kind,
                name=name[:100],
                address=address[:200],
                facilities=(facilities or "").strip()[:300],
                opening_hours=(opening_hours or "").strip()[:100],
                created_by=actor,
            )
    except IntegrityError:
        raise ValidationError({"name": _("本组织已有同名场所。")}) from None
    audit.record(place, action="women_care_place_add", actor=actor, org=org, changes={"name": [None, name]})
    return place


@transaction.atomic
def place_toggle(*, place: WomenCarePlace, actor) -> WomenCarePlace:
    if not can_manage(actor, place.org):
        raise PermissionDenied
    place.is_active = not place.is_active
    place.save(update_fields=["is_active"])
    audit.record(
        place,
        action="women_care_place_toggle",
        actor=actor,
        org=place.org,
        changes={"is_active": [not place.is_active, place.is_active]},
    )
    return place
