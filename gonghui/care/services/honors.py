"""Care: retirement honors (荣退) — ceremonies, honourees and their certificates.

An honouree's retirement is recorded by the members' service (members.services.lifecycle
.member_retire: status retired, membership kept, dues-free, a membership event and an audit
entry); a member whose retirement was recorded before is honoured as they are. The certificate is
a .docx of core.documents (kind "care.retirement_certificate"), from the default template built
here or the org's own.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.care.models.honors import RetirementCeremony, RetirementHonouree
from gonghui.core import audit, documents, sequences
from gonghui.core.scoping import can_manage
from gonghui.members.models import Member
from gonghui.members.services.lifecycle import member_retire
from gonghui.orgs.models import Org

CERTIFICATE = "care.retirement_certificate"
PERIOD_MAX_DAYS = 3 * 366


def _build_certificate():
    doc = documents.official_document()
    documents.add_paragraph(doc)
    documents.add_paragraph(doc, "荣 誉 证 书", size=26, bold=True, align="center", font=documents.TITLE_FONT)
    documents.add_paragraph(doc)
    documents.add_paragraph(doc, "{{ name }}同志：")
    documents.add_paragraph(
        doc,
        "您于{{ joined_on }}加入工会组织，会龄{{ years }}年。值此光荣退休之际，谨颁此证，"
        "衷心感谢您多年来对工会工作的支持和贡献！退休后您的会籍继续保留，工会永远是您的娘家。",
        indent=True,
        align="justify",
    )
    documents.add_paragraph(doc)
    documents.add_paragraph(doc, "{{ org_name }}", align="right")
    documents.add_paragraph(doc, "{{ date }}", align="right")
    documents.add_paragraph(doc)
    documents.add_paragraph(doc, "证书编号：{{ number }}", size=12)
    return doc


def _sample() -> dict:
    return {
        "name": "张伟",
        "joined_on": "2000年1月1日",
        "years": 25,
        "org_name": "某某工会",
        "member_org": "某某工会",
        "date": "2026年1月1日",
        "number": "2026000100001",
        "ceremony": "荣退仪式",
        "retired_on": "2026年1月1日",
    }


documents.register(CERTIFICATE, title=gettext_lazy("荣退证书"), build=_build_certificate, sample=_sample)


def membership_years(joined_on: datetime.date, on: datetime.date) -> int:
    """Whole years of membership from joining to `on`."""
    years = on.year - joined_on.year - ((on.month, on.day) < (joined_on.month, joined_on.day))
    return max(years, 0)


@transaction.atomic
def ceremony_create(
    *,
    org: Org,
    title: str,
    held_on: datetime.date | None,
    place: str,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    actor,
) -> RetirementCeremony:
    """A ceremony of `org` for the members of its subtree who retire in the period."""
    if not can_manage(actor, org):
        raise PermissionDenied
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("请填写仪式名称。")
    if not (place or "").strip():
        errors["place"] = _("请填写地点。")
    if held_on is None:
        errors["held_on"] = _("请填写仪式日期。")
    if period_start is None or period_end is None:
        errors["period_end"] = _("请填写退休时段。")
    elif period_end < period_start:
        errors["period_end"] = _("退休时段的结束日期不能早于开始日期。")
    elif (period_end - period_start).days > PERIOD_MAX_DAYS:
        errors["period_end"] = _("退休时段不能超过三年。")
    if errors:
        raise ValidationError(errors)
    ceremony = RetirementCeremony.objects.create(
        org=org,
        org_path=org.path,
        title=title.strip(),
        held_on=held_on,
        place=place.strip(),
        period_start=period_start,
        period_end=period_end,
        created_by=actor,
    )
    audit.record(
        ceremony, action="retirement_ceremony_create", actor=actor, org=org, changes={"title": [None, title]}
    )
    return ceremony


@transaction.atomic
def honouree_add(
    *, ceremony: RetirementCeremony, member: Member, retired_on: datetime.date | None = None, actor
) -> RetirementHonouree:
    """Honour `member` at the ceremony. An active member's retirement is recorded now (on
    `retired_on`, not after today) by the members' service; a retired member keeps their date."""
    if not can_manage(actor, ceremony.org):
        raise PermissionDenied
    ceremony = RetirementCeremony.objects.select_for_update().select_related("org").get(pk=ceremony.pk)
    member = Member.objects.select_related("org").get(pk=member.pk)  # as it is now, not as passed
    if not member.org_path.startswith(ceremony.org_path):
        raise ValidationError({"member": _("该会员不在%(org)s的范围内。") % {"org": ceremony.org.name}})
    if RetirementHonouree.objects.filter(member=member).exists():
        raise ValidationError({"member": _("该会员已列入荣退名单。")})
    if member.status == Member.Status.ACTIVE:
        if retired_on is None:
            raise ValidationError({"retired_on": _("请填写退休日期。")})
        if retired_on > timezone.localdate():
            raise ValidationError({"retired_on": _("退休日期不能晚于今天：到退休日期后再列入荣退名单。")})
        member = member_retire(member=member, actor=actor, on=retired_on)
    elif member.status == Member.Status.RETIRED:
        retired_on = member.retired_on or retired_on
        if retired_on is None:
            raise ValidationError({"retired_on": _("请填写退休日期。")})
    else:
        raise ValidationError({"member": _("该会员已退会，不能列入荣退名单。")})
    (n,) = sequences.take(f"care.retirement.{ceremony.held_on.year}")
    try:
        with transaction.atomic():
            honouree = RetirementHonouree.objects.create(
                ceremony=ceremony,
                member=member,
                retired_on=retired_on,
                years=membership_years(member.joined_on, retired_on),
                certificate_no=f"{ceremony.held_on.year}{n:05d}",
                added_by=actor,
            )
    except IntegrityError:
        raise ValidationError({"member": _("该会员已列入荣退名单。")}) from None
    audit.record(
        honouree,
        action="retirement_honour",
        actor=actor,
        org=ceremony.org,
        changes={"member": [None, member.member_no], "ceremony": [None, ceremony.title]},
    )
    return honouree


def certificate_context(honouree: RetirementHonouree) -> dict:
    member, ceremony = honouree.member, honouree.ceremony
    return {
        "name": member.name,
        "joined_on": date_format(member.joined_on, "DATE_FORMAT"),
        "years": honouree.years,
        "org_name": ceremony.org.name,
        "member_org": member.org.name,
        "date": date_format(ceremony.held_on, "DATE_FORMAT"),
        "number": honouree.certificate_no,
        "ceremony": ceremony.title,
        "retired_on": date_format(honouree.retired_on, "DATE_FORMAT"),
    }


def certificate_docx(honouree: RetirementHonouree) -> bytes:
    """The honouree's certificate (.docx), from the template that applies to the ceremony's org."""
    return documents.render(CERTIFICATE, certificate_context(honouree), org=honouree.ceremony.org)


def certificate_filename(honouree: RetirementHonouree) -> str:
    return _("荣退证书-%(name)s-%(no)s.docx") % {"name": honouree.member.name, "no": honouree.certificate_no}
