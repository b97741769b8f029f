"""Membership lifecycle: transfer to another union, leaving, retirement, re-joining, revealing an ID.

Every operation takes the acting user, runs in one transaction, writes a MembershipEvent and an
audit entry, and raises ValidationError (Chinese) when a rule is broken.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, pii
from gonghui.core.models import PersonalDataAccess
from gonghui.core.scoping import can_manage, can_view_personal_data
from gonghui.members.models import DataRequest, Member, MembershipEvent, TransferRequest
from gonghui.members.workflows import TRANSFER_FLOW
from gonghui.orgs.models import Enterprise, Org
from gonghui.orgs.tally import tally_member, tally_move


def _actor_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _lock(member: Member) -> Member:
    """Re-read the member under a row lock so two operations on one member run one after the other."""
    return (
        Member.objects.select_for_update(of=("self",)).select_related("org", "enterprise").get(pk=member.pk)
    )


def _check_date(on: datetime.date | None, member: Member, *, field: str = "on") -> datetime.date:
    if on is None:
        raise ValidationError({field: _("请填写日期。")})
    if on > timezone.localdate():
        raise ValidationError({field: _("日期不能晚于今天。")})
    if on < member.joined_on:
        raise ValidationError({field: _("日期不能早于入会日期。")})
    return on


def _check_union(org: Org | None, *, field: str = "to_org") -> Org:
    if org is None:
        raise ValidationError({field: _("请选择工会。")})
    if not org.admits_members or not org.is_active:
        raise ValidationError(
            {field: _("所选组织不直接发展会员，请选择基层工会、联合基层工会或工会联合会。")}
        )
    return org


def _check_enterprise(enterprise: Enterprise | None, org: Org, *, field: str = "to_enterprise") -> None:
    if enterprise is not None and enterprise.union_id and enterprise.union_id != org.pk:
        raise ValidationError(
            {field: _("该单位的职工由“%(union)s”接收，请选择该工会。") % {"union": enterprise.union}}
        )


def _has_open_transfer(member: Member) -> bool:
    return TransferRequest.objects.filter(member=member, state="requested").exists()


def _set_org(member: Member, org: Org, enterprise: Enterprise | None) -> None:
    had_enterprise = member.enterprise_id is not None
    member.org, member.org_path = org, org.path
    member.enterprise = enterprise
    if enterprise is not None:
        member.employer_name = enterprise.name
    elif had_enterprise:
        # The old employer no longer applies; a free-text employer name stays until corrected.
        member.employer_name = ""


def _follow_open_requests(member: Member) -> None:
    """Open data requests move with the member, so the new union answers them."""
    DataRequest.objects.filter(member=member, state="open").update(org_path=member.org_path)


# --- transfer (转会) ---------------------------------------------------------------------------


@transaction.atomic
def transfer_request(
    *, member: Member, to_org: Org, actor, to_enterprise: Enterprise | None = None, note: str = ""
) -> TransferRequest:
    """Ask the receiving union to take the member in. The member or a cadre of their union may ask."""
    own = getattr(actor, "is_authenticated", False) and member.user_id == actor.pk
    if not own and not can_manage(actor, member.org):
        raise PermissionDenied
    member = _lock(member)
    if member.status != Member.Status.ACTIVE:
        raise ValidationError(_("只有在册会员可以办理转会。"))
    _check_union(to_org)
    if to_org.pk == member.org_id:
        raise ValidationError({"to_org": _("转入工会与当前所在工会相同。")})
    _check_enterprise(to_enterprise, to_org)
    if _has_open_transfer(member):
        raise ValidationError(_("已有一项转会申请正在办理中，请等待接收工会处理或先取消。"))
    try:
        with transaction.atomic():
            transfer = TransferRequest.objects.create(
                member=member,
                from_org=member.org,
                from_path=member.org_path,
                to_org=to_org,
                to_path=to_org.path,
                to_enterprise=to_enterprise,
                note=(note or "").strip()[:1000],
                requested_by=_actor_or_none(actor),
            )
    except IntegrityError:
        raise ValidationError(_("已有一项转会申请正在办理中，请等待接收工会处理或先取消。")) from None
    audit.record(
        transfer,
        action="transfer_request",
        actor=actor,
        org=member.org,
        changes={"from_org": [None, str(member.org)], "to_org": [None, str(to_org)]},
    )
    return transfer


@transaction.atomic
def transfer_approve(*, transfer: TransferRequest, actor) -> TransferRequest:
    """The receiving union takes the member in: the membership moves, the history keeps both unions."""
    TRANSFER_FLOW.fire(transfer, "approve", actor=actor)
    member = _lock(transfer.member)
    if member.status != Member.Status.ACTIVE:
        raise ValidationError(_("该会员已不在册，不能转入。"))
    before = audit.snapshot(member, ["org", "enterprise", "employer_name"])
    from_org = member.org
    _set_org(member, transfer.to_org, transfer.to_enterprise)
    tally_move(member=member, from_org=from_org)
    member.save(update_fields=["org", "org_path", "enterprise", "employer_name", "updated_at"])
    _follow_open_requests(member)
    MembershipEvent.objects.create(
        member=member,
        kind=MembershipEvent.Kind.TRANSFERRED,
        org=transfer.to_org,
        from_org=from_org,
        on=timezone.localdate(),
        actor=_actor_or_none(actor),
        note=transfer.note[:200],
    )
    audit.record(
        member, action="transfer", actor=actor, org=transfer.to_org, changes=audit.diff(before, member)
    )
    audit.record(transfer, action="transfer_approve", actor=actor, org=transfer.to_org)
    transfer.member = member
    return transfer


@transaction.atomic
def transfer_reject(*, transfer: TransferRequest, actor, reason: str) -> TransferRequest:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写不予接收的理由。")})
    transfer.reason = reason[:1000]
    TRANSFER_FLOW.fire(transfer, "reject", actor=actor, note=reason, extra_fields=["reason"])
    audit.record(
        transfer,
        action="transfer_reject",
        actor=actor,
        org=transfer.to_org,
        changes={"reason": [None, transfer.reason]},
    )
    return transfer


@transaction.atomic
def transfer_cancel(*, transfer: TransferRequest, actor) -> TransferRequest:
    TRANSFER_FLOW.fire(transfer, "cancel", actor=actor)
    audit.record(transfer, action="transfer_cancel", actor=actor, org=transfer.from_org)
    return transfer


# --- leaving, retirement, re-joining -----------------------------------------------------------


@transaction.atomic
def member_leave(*, member: Member, actor, on: datetime.date, reason: str) -> Member:
    """退会: the membership ends; the member keeps their number should they re-join."""
    if not can_manage(actor, member.org):
        raise PermissionDenied
    member = _lock(member)
    if not member.is_member:
        raise ValidationError(_("该会员已退会。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写退会原因。")})
    _check_date(on, member)
    if _has_open_transfer(member):
        raise ValidationError(_("该会员有一项转会申请正在办理中，请先处理转会申请。"))
    before = audit.snapshot(member, ["status", "left_on"])
    tally_member(member, -1)
    member.status, member.left_on = Member.Status.LEFT, on
    member.save(update_fields=["status", "left_on", "updated_at"])
    MembershipEvent.objects.create(
        member=member,
        kind=MembershipEvent.Kind.LEFT,
        org=member.org,
        on=on,
        note=reason[:200],
        actor=_actor_or_none(actor),
    )
    audit.record(
        member,
        action="leave",
        actor=actor,
        org=member.org,
        changes={**audit.diff(before, member), "reason": [None, reason[:200]]},
    )
    return member


@transaction.atomic
def member_retire(*, member: Member, actor, on: datetime.date) -> Member:
    """退休: membership is kept, dues-free; the card stays valid."""
    if not can_manage(actor, member.org):
        raise PermissionDenied
    member = _lock(member)
    if member.status != Member.Status.ACTIVE:
        raise ValidationError(_("只有在册会员可以办理退休。"))
    _check_date(on, member)
    if _has_open_transfer(member):
        raise ValidationError(_("该会员有一项转会申请正在办理中，请先处理转会申请。"))
    before = audit.snapshot(member, ["status", "retired_on"])
    # Retired members keep their membership: the tally (orgs.tally) counts them as before.
    member.status, member.retired_on = Member.Status.RETIRED, on
    member.save(update_fields=["status", "retired_on", "updated_at"])
    MembershipEvent.objects.create(
        member=member, kind=MembershipEvent.Kind.RETIRED, org=member.org, on=on, actor=_actor_or_none(actor)
    )
    audit.record(member, action="retire", actor=actor, org=member.org, changes=audit.diff(before, member))
    return member


@transaction.atomic
def member_rejoin(
    *,
    member: Member,
    org: Org,
    actor,
    enterprise: Enterprise | None = None,
    work: dict | None = None,
    note: str = "",
) -> Member:
    """A member who left joins again (in `org`), keeping the same member number. `work` (from an
    online application: employer_name, job_type, work_area) replaces what was known of their work."""
    _check_union(org, field="org")
    if not can_manage(actor, org):
        raise PermissionDenied
    member = _lock(member)
    if member.status != Member.Status.LEFT:
        raise ValidationError(_("只有已退会的会员可以重新入会。"))
    _check_enterprise(enterprise, org, field="enterprise")
    work_fields = ["job_type", "work_area"] if work is not None else []
    before = audit.snapshot(member, ["status", "org", "enterprise", "employer_name", "left_on", *work_fields])
    from_org = member.org
    _set_org(member, org, enterprise)
    if work is not None:
        member.job_type, member.work_area = work.get("job_type") or "", work.get("work_area")
        member.employer_name = work.get("employer_name") or member.employer_name
    member.status, member.left_on = Member.Status.ACTIVE, None
    tally_member(member, +1)
    member.save(
        update_fields=[
            "status",
            "left_on",
            "org",
            "org_path",
            "enterprise",
            "employer_name",
            *work_fields,
            "updated_at",
        ]
    )
    _follow_open_requests(member)
    MembershipEvent.objects.create(
        member=member,
        kind=MembershipEvent.Kind.REJOINED,
        org=org,
        from_org=from_org if from_org.pk != org.pk else None,
        on=timezone.localdate(),
        note=note,
        actor=_actor_or_none(actor),
    )
    audit.record(member, action="rejoin", actor=actor, org=org, changes=audit.diff(before, member))
    return member


# --- personal data --------------------------------------------------------------------------------


@transaction.atomic
def member_reveal_id_number(*, member: Member, actor, purpose: str = "") -> str:
    """The full ID number, for a cadre allowed to see it; every reveal is logged (who, whose, when)."""
    if not can_view_personal_data(actor, member.org):
        raise PermissionDenied
    pii.log_access(
        actor=actor, action=PersonalDataAccess.Action.VIEW, subject=member, org=member.org, purpose=purpose
    )
    return member.id_number_plain()
