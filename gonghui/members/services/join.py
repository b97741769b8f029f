"""Online join (线上一键入会): submit, route to the right union, approve, reject, withdraw."""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, pii
from gonghui.core.scoping import subtree_q
from gonghui.core.validators import normalize_mobile, normalize_resident_id
from gonghui.members.models import JobType, JoinApplication, Member, MembershipEvent
from gonghui.members.services.roster import build_member, member_create
from gonghui.members.workflows import JOIN_FLOW
from gonghui.orgs.models import JOINT_KINDS, Enterprise, Org, OrgKind
from gonghui.orgs.selectors import union_for_enterprise, union_for_new_form_worker

# The version of the consent text shown on the join form; stored with each application so that
# a later change of wording can be told apart from what the applicant agreed to.
CONSENT_VERSION = "2026-01"


# Applications one client address may send per hour (pages and API): a family or a dormitory
# shares an address; a script filling the cadres' queue with made-up ID numbers does not get far.
JOIN_SUBMIT_PER_HOUR = 20


def duplicate_message() -> str:
    """One neutral message for every kind of duplicate: it reveals nothing about the other record."""
    return _(
        "该身份证号码已有会籍或正在审核的入会申请，不能重复申请。"
        "您可通过“查询入会进度”查看，或联系当地工会咨询。"
    )


def _duplicate() -> ValidationError:
    return ValidationError({NON_FIELD_ERRORS: [duplicate_message()]}, code="duplicate")


def joint_union_for_area(area: Org) -> Org | None:
    """The joint union admitting workers of small or union-less employers in `area`.

    Joint unions in the area's own subtree, nearest first; a joint grassroots union (联合基层工会,
    Trade Union Law art. 11) before an industry or regional joint union at the same depth. Failing
    those, the nearest enclosing area's joint grassroots union (a county-wide 小微企业联合工会 takes
    a township with none of its own); industry joint unions up the tree are for their industry only.
    """
    candidates = (
        Org.objects.filter(subtree_q(area.path), is_active=True, kind__in=JOINT_KINDS)
        .exclude(pk=area.pk)
        .order_by("depth", "path")
    )
    best = None
    for org in candidates:
        if best is None:
            best = org
        elif org.depth > best.depth:
            break
        elif org.kind == OrgKind.JOINT_GRASSROOTS and best.kind != OrgKind.JOINT_GRASSROOTS:
            best = org
    if best is None and area.kind in JOINT_KINDS and area.is_active:
        best = area
    if best is None:
        best = (
            Org.objects.filter(
                parent__path__in=area.ancestor_paths()[:-1], kind=OrgKind.JOINT_GRASSROOTS, is_active=True
            )
            .order_by("-depth", "path")
            .first()
        )
    return best


def _area_federation(area: Org) -> Org | None:
    return Org.objects.filter(path=area.path[:5]).first() if area.path else None


def _route(*, enterprise: Enterprise | None, employer_name: str, job_type: str, work_area: Org | None) -> Org:
    """The union that receives the application, or a Chinese ValidationError saying what to do."""
    if enterprise is not None:
        union = union_for_enterprise(enterprise) or joint_union_for_area(enterprise.org)
        if union is None:
            federation = _area_federation(enterprise.org)
            raise ValidationError(
                {
                    "enterprise": _(
                        "“%(enterprise)s”尚未建立工会，所在区域也还没有可以接收的联合工会。"
                        "如果您是外卖骑手、网约车司机等新就业形态劳动者，可以选择“新就业形态”方式入会；"
                        "也可以联系%(federation)s，由工会帮助您的单位建会。"
                    )
                    % {
                        "enterprise": enterprise.name,
                        "federation": federation.name if federation else _("当地总工会"),
                    }
                },
                code="no_union",
            )
        return union
    if job_type:
        if job_type not in JobType.values:
            raise ValidationError({"job_type": _("请选择职业类型。")}, code="job_type")
        if work_area is None:
            raise ValidationError({"work_area": _("请选择您的工作区域。")}, code="work_area")
        union = union_for_new_form_worker(job_type=job_type, area=work_area)
        if union is None:
            raise ValidationError(
                {
                    "work_area": _(
                        "%(area)s暂未设立接收“%(job)s”入会的工会。请选择上一级区域，或联系当地总工会咨询。"
                    )
                    % {"area": work_area.name, "job": JobType(job_type).label}
                },
                code="no_route",
            )
        return union
    if employer_name:
        if work_area is None:
            raise ValidationError(
                {"work_area": _("您的单位不在列表中时，请选择单位所在的区域，以便转给当地的联合工会。")},
                code="work_area",
            )
        union = joint_union_for_area(work_area)
        if union is None:
            raise ValidationError(
                {
                    "work_area": _(
                        "%(area)s暂无可以接收的联合工会。请从列表中选择您的单位，或联系当地总工会咨询。"
                    )
                    % {"area": work_area.name}
                },
                code="no_union",
            )
        return union
    raise ValidationError(
        {"enterprise": _("请选择您的工作单位；新就业形态劳动者请选择职业类型和工作区域。")}, code="required"
    )


@transaction.atomic
def join_submit(
    *,
    name: str,
    id_number: str,
    mobile: str,
    consent: bool,
    enterprise: Enterprise | None = None,
    employer_name: str = "",
    job_type: str = "",
    work_area: Org | None = None,
    applicant=None,
) -> JoinApplication:
    """Submit an online join application, routed to the union that will approve it."""
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("请填写姓名。")]
    elif len(name) > 40:
        errors["name"] = [_("姓名不能超过40个字。")]
    try:
        id_number = normalize_resident_id(id_number)
    except ValidationError as e:
        errors["id_number"] = e.messages
    try:
        mobile = normalize_mobile(mobile)
    except ValidationError as e:
        errors["mobile"] = e.messages
    if not consent:
        errors["consent"] = [_("请阅读并同意个人信息处理说明后再提交。")]
    employer_name = (employer_name or "").strip()[:150]
    job_type = (job_type or "").strip()
    if errors:
        raise ValidationError(errors)
    org = _route(enterprise=enterprise, employer_name=employer_name, job_type=job_type, work_area=work_area)

    hashes = pii.lookup_hashes(id_number)
    if (
        # A member who left may apply again: approval restores their membership (same number).
        Member.objects.filter(id_number_hash__in=hashes).exclude(status=Member.Status.LEFT).exists()
        or JoinApplication.objects.filter(id_number_hash__in=hashes, state="submitted").exists()
    ):
        raise _duplicate()

    application = JoinApplication(
        name=name,
        mobile=mobile,
        enterprise=enterprise,
        employer_name=employer_name or (enterprise.name if enterprise else ""),
        job_type=job_type if not enterprise else "",
        work_area=work_area if not enterprise else None,
        org=org,
        org_path=org.path,
        state="submitted",
        consent_at=timezone.now(),
        consent_version=CONSENT_VERSION,
        applicant=applicant if getattr(applicant, "is_authenticated", False) else None,
    )
    application.set_id_number(id_number)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # uniq_pending_join_per_person: a double submit or two tabs at once.
        raise _duplicate() from None
    audit.record(application, action="submit", actor=applicant, org=org, changes={"org": [None, str(org)]})
    return application


def _login_for(application: JoinApplication, mobile: str):
    """The account the new member logs in with: the applicant's own, or one for the mobile number."""
    from gonghui.accounts.services import user_get_or_create

    applicant = application.applicant
    if applicant is not None and not Member.objects.filter(user=applicant).exists():
        return applicant
    user, _created = user_get_or_create(phone=mobile, name=application.name)
    if Member.objects.filter(user=user).exists():
        # The number already logs in to another membership: keep the member without a login
        # rather than attach two memberships to one account.
        return None
    if not user.name:
        user.name = application.name
        user.save(update_fields=["name"])
    return user


@transaction.atomic
def join_approve(*, application: JoinApplication, actor) -> Member:
    """Approve: the member is created (number, login, history) only after the locked transition succeeds."""
    application.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    application.decided_at = timezone.now()
    JOIN_FLOW.fire(application, "approve", actor=actor, extra_fields=["decided_by", "decided_at"])
    id_number = application.id_number_plain()
    former = (
        Member.objects.select_for_update()
        .filter(id_number_hash__in=pii.lookup_hashes(id_number))
        .select_related("org")
        .first()
    )
    if former is not None:
        member = _rejoin(application, former, actor=actor)
    else:
        member = _new_member(application, id_number, actor=actor)
    application.member = member
    application.save(update_fields=["member", "updated_at"])
    audit.record(
        application,
        action="approve",
        actor=actor,
        org=application.org,
        changes={"state": ["submitted", "approved"], "member_no": [None, member.member_no]},
    )
    return member


def _rejoin(application: JoinApplication, former: Member, *, actor) -> Member:
    """The applicant had left the union: their membership comes back, with the same member number."""
    from gonghui.members.services.lifecycle import member_rejoin

    if former.status != Member.Status.LEFT:
        # Re-admitted or imported since applying; say so to the cadre, without naming the other union.
        raise ValidationError(_("该申请人已是会员，一人只能有一个会籍。请以“已是会员”为由不予通过这份申请。"))
    work = {
        "employer_name": application.employer_name,
        "job_type": application.job_type,
        "work_area": application.work_area,
    }
    member = member_rejoin(
        member=former,
        org=application.org,
        actor=actor,
        enterprise=application.enterprise,
        work=work,
        note=_("线上申请重新入会"),
    )
    if member.user_id is None:  # no login yet: the number they applied with becomes it
        member.mobile, member.user = application.mobile, _login_for(application, application.mobile)
        member.save(update_fields=["mobile", "user", "updated_at"])
    return member


def _new_member(application: JoinApplication, id_number: str, *, actor) -> Member:
    member = build_member(
        org=application.org,
        name=application.name,
        id_number=id_number,
        mobile=application.mobile,
        joined_on=datetime.date.today(),
        source=Member.Source.ONLINE,
        enterprise=application.enterprise,
        employer_name=application.employer_name,
        job_type=application.job_type,
        work_area=application.work_area,
    )
    member.user = _login_for(application, application.mobile)
    return member_create(member=member, actor=actor, kind=MembershipEvent.Kind.JOINED, note=_("线上入会"))


@transaction.atomic
def join_reject(*, application: JoinApplication, actor, reason: str) -> JoinApplication:
    """Reject with a reason the applicant will read on the status page."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写不予通过的理由，申请人会看到这条理由。")}, code="required")
    if len(reason) > 500:
        raise ValidationError({"reason": _("理由不能超过500个字。")}, code="length")
    application.reason = reason
    application.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    application.decided_at = timezone.now()
    JOIN_FLOW.fire(
        application, "reject", actor=actor, note=reason, extra_fields=["reason", "decided_by", "decided_at"]
    )
    audit.record(
        application,
        action="reject",
        actor=actor,
        org=application.org,
        changes={"state": ["submitted", "rejected"], "reason": [None, reason]},
    )
    return application


@transaction.atomic
def join_withdraw(*, application: JoinApplication, actor) -> JoinApplication:
    """The applicant takes back a pending application (they may submit a new one afterwards)."""
    JOIN_FLOW.fire(application, "withdraw", actor=actor)
    audit.record(
        application,
        action="withdraw",
        actor=actor,
        org=application.org,
        changes={"state": ["submitted", "withdrawn"]},
    )
    return application
