"""A member's requests under PIPL (个人信息保护法): a copy of their data, or a correction of it.

A member may see their own data in full at once (`member_own_data_view`, logged); a request for a
written copy or a correction goes to their union, which completes or declines it with a reply.
Completing a correction applies it to the member, with audit history.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.services import user_follow_identity
from gonghui.core import audit, pii
from gonghui.core.models import PersonalDataAccess
from gonghui.core.validators import fold_identity_input, normalize_mobile
from gonghui.members.models import DataRequest, Member, MembershipEvent
from gonghui.members.workflows import DATA_REQUEST_FLOW

# What a member may correct themselves; the ID number goes through the union with documents.
CORRECTABLE_FIELDS = ("name", "mobile", "employer_name")


def _is_own(member: Member, actor) -> bool:
    return getattr(actor, "is_authenticated", False) and member.user_id == actor.pk


def _clean_correction(member: Member, details: dict) -> dict:
    """The fields that actually change, normalised; raises ValidationError per field."""
    if details.get("id_number"):
        raise ValidationError(
            {"id_number": _("身份证号码的更正需携带身份证件到所在工会办理，不能在线提交。")}
        )
    changes: dict[str, str] = {}
    name = (details.get("name") or "").strip()
    if name:
        if len(name) > 40:
            raise ValidationError({"name": _("姓名不能超过40个字。")})
        if name != member.name:
            changes["name"] = name
    mobile = fold_identity_input(details.get("mobile"))
    if mobile:
        try:
            mobile = normalize_mobile(mobile)
        except ValidationError as e:
            raise ValidationError({"mobile": e.messages}) from None
        if mobile != member.mobile:
            changes["mobile"] = mobile
    employer = (details.get("employer_name") or "").strip()
    if employer:
        if len(employer) > 150:
            raise ValidationError({"employer_name": _("工作单位名称不能超过150个字。")})
        if employer != member.employer_name:
            changes["employer_name"] = employer
    if not changes:
        raise ValidationError(_("您填写的信息与现有信息相同，请填写需要更正的内容。"))
    return changes


@transaction.atomic
def data_request_create(*, member: Member, kind: str, details: dict, actor) -> DataRequest:
    """A member asks their union for a copy of their data (access) or to correct their details."""
    if not _is_own(member, actor):
        raise PermissionDenied
    member = Member.objects.select_for_update().get(pk=member.pk)  # one open request of a kind at a time
    if kind == DataRequest.Kind.CORRECTION:
        clean = {**_clean_correction(member, details or {})}
    elif kind == DataRequest.Kind.ACCESS:
        clean = {}
    else:
        raise ValidationError(_("请求类型不正确。"))
    note = (details or {}).get("note", "").strip()[:500]
    if note:
        clean["note"] = note
    if DataRequest.objects.filter(member=member, kind=kind, state="open").exists():
        raise ValidationError(_("您已有一项同类申请正在处理中，请等待工会答复。"))
    request = DataRequest.objects.create(member=member, org_path=member.org_path, kind=kind, details=clean)
    audit.record(
        request,
        action=f"data_request_{kind}",
        actor=actor,
        org=member.org,
        changes={k: [None, v] for k, v in clean.items() if k != "mobile"},
    )
    return request


@transaction.atomic
def data_request_complete(*, request: DataRequest, actor, reply: str = "") -> DataRequest:
    """Close a request; a correction is applied to the member (with audit history) first."""
    member = Member.objects.select_for_update(of=("self",)).select_related("org").get(pk=request.member_id)
    request.reply = (reply or "").strip()[:2000]
    DATA_REQUEST_FLOW.fire(request, "complete", actor=actor, note=request.reply, extra_fields=["reply"])
    if request.kind == DataRequest.Kind.CORRECTION:
        fields = [f for f in CORRECTABLE_FIELDS if f in request.details]
        details = dict(request.details)
        if details.get("mobile"):  # asked for before numbers were normalised: stored as normalised
            try:
                details["mobile"] = normalize_mobile(details["mobile"])
            except ValidationError as e:
                raise ValidationError(
                    _("申请更正的手机号码无法识别（%(reason)s）。请答复不予更正，并请会员重新提交。")
                    % {"reason": e.messages[0]}
                ) from None
        before = audit.snapshot(member, fields)
        for field in fields:
            setattr(member, field, details[field])
        if fields:
            member.save(update_fields=[*fields, "updated_at"])
            MembershipEvent.objects.create(
                member=member,
                kind=MembershipEvent.Kind.CORRECTED,
                org=member.org,
                on=timezone.localdate(),
                note=_("按本人申请更正：%(fields)s")
                % {"fields": "、".join(str(Member._meta.get_field(f).verbose_name) for f in fields)},
                actor=actor if getattr(actor, "is_authenticated", False) else None,
            )
            changes = audit.diff(before, member)
            if "mobile" in changes:  # the trail shows that the number changed, not the numbers
                changes["mobile"] = [pii.mask_mobile(v or "") for v in changes["mobile"]]
            audit.record(member, action="correct", actor=actor, org=member.org, changes=changes)
            if member.user_id is not None:
                # Checked at completion, not when asked, so that a member cannot probe which numbers have accounts.
                user_follow_identity(
                    user_id=member.user_id,
                    phone=details.get("mobile"),
                    name=request.details.get("name"),
                    actor=actor,
                    org=member.org,
                )
    audit.record(request, action="data_request_complete", actor=actor, org=member.org)
    return request


@transaction.atomic
def data_request_decline(*, request: DataRequest, actor, reply: str) -> DataRequest:
    reply = (reply or "").strip()
    if not reply:
        raise ValidationError({"reply": _("请填写答复内容（不予更正的理由）。")})
    request.reply = reply[:2000]
    DATA_REQUEST_FLOW.fire(request, "decline", actor=actor, note=reply, extra_fields=["reply"])
    audit.record(request, action="data_request_decline", actor=actor, org=request.member.org)
    return request


@transaction.atomic
def member_own_data_view(*, member: Member, actor) -> dict:
    """Everything the platform holds about the member, in full, for the member themselves (logged)."""
    if not _is_own(member, actor):
        raise PermissionDenied
    from gonghui.members.selectors.lifecycle import member_own_data

    data = member_own_data(member)
    pii.log_access(
        actor=actor,
        action=PersonalDataAccess.Action.SUBJECT_REQUEST,
        subject=member,
        org=member.org,
        purpose=_("本人查阅个人信息"),
    )
    return data
