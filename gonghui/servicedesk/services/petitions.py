"""Petitions (信访接待): registration at a worker home or online, assignment, reply, closing.

The reply deadline counts working days from the day of registration (Chinese public holidays
skipped, make-up workdays counted; see core.workdays), as configured per federation.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core import audit, workdays
from gonghui.core.notifications import notify
from gonghui.core.pii import log_access
from gonghui.core.scoping import can_manage
from gonghui.core.validators import normalize_mobile
from gonghui.members.selectors.lifecycle import member_for_user
from gonghui.orgs.models import Org
from gonghui.servicedesk.models import Petition
from gonghui.servicedesk.selectors.diary import is_cadre_for_org
from gonghui.servicedesk.selectors.petitions import may_reveal_phone, receiving_orgs, reply_days_for
from gonghui.servicedesk.workflows import PETITION_FLOW

DUPLICATE_WINDOW = datetime.timedelta(minutes=10)
OFFLINE_CHANNELS = (Petition.Channel.VISIT, Petition.Channel.PHONE, Petition.Channel.LETTER)


def reply_due_for(*, org: Org, received_on: datetime.date) -> datetime.date:
    return workdays.calendar_for(org).add_working_days(received_on, reply_days_for(org))


def _url(petition: Petition) -> str:
    return reverse("servicedesk:petition_detail", args=[petition.uuid])


def _check_text(subject: str, content: str) -> dict:
    errors = {}
    if not subject:
        errors["subject"] = _("请填写事由。")
    elif len(subject) > 120:
        errors["subject"] = _("事由最多120个字。")
    if not content:
        errors["content"] = _("请填写信访内容。")
    return errors


def _duplicate(**lookup) -> Petition | None:
    return Petition.objects.filter(created_at__gte=timezone.now() - DUPLICATE_WINDOW, **lookup).first()


def _create(*, actor, **fields) -> Petition:
    """Create unless the same petition was just saved (a double submit): then return that one."""
    # Serialise this actor's submits so a double click cannot slip two rows past the check.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    same = {k: fields[k] for k in ("org", "channel", "petitioner_phone", "subject", "content", "received_on")}
    duplicate = _duplicate(**same)
    if duplicate is not None:
        return duplicate
    petition = Petition(**fields)
    petition.reply_due = reply_due_for(org=petition.org, received_on=petition.received_on)
    petition.save()
    audit.record(
        petition,
        action="petition_register",
        actor=actor,
        changes={"channel": petition.channel, "reply_due": petition.reply_due.isoformat()},
    )
    return petition


@transaction.atomic
def petition_register(
    *,
    org: Org,
    actor,
    channel: str,
    petitioner_name: str,
    petitioner_phone: str,
    subject: str,
    content: str,
    received_on: datetime.date,
    enterprise_name: str = "",
) -> Petition:
    """A cadre registers a visit, a phone call or a letter received at a worker home."""
    if not can_manage(actor, org):
        raise PermissionDenied
    petitioner_name, subject, content = (
        (petitioner_name or "").strip(),
        (subject or "").strip(),
        (content or "").strip(),
    )
    errors = _check_text(subject, content)
    if channel not in OFFLINE_CHANNELS:
        errors["channel"] = _("请选择来访、来电或来信。")
    if not petitioner_name:
        errors["petitioner_name"] = _("请填写信访人姓名。")
    try:
        petitioner_phone = normalize_mobile(petitioner_phone)
    except ValidationError as e:
        errors["petitioner_phone"] = e.messages[0]
    if received_on > timezone.localdate():
        errors["received_on"] = _("登记日期不能晚于今天。")
    if errors:
        raise ValidationError(errors)
    return _create(
        actor=actor,
        org=org,
        channel=channel,
        petitioner=None,
        petitioner_name=petitioner_name,
        petitioner_phone=petitioner_phone,
        enterprise_name=(enterprise_name or "").strip()[:150],
        subject=subject,
        content=content,
        received_on=received_on,
    )


@transaction.atomic
def petition_submit_online(
    *, actor, org: Org, subject: str, content: str, consent: bool, enterprise_name: str = ""
) -> Petition:
    """A logged-in worker petitions online: name and phone come from their account and membership."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    subject, content = (subject or "").strip(), (content or "").strip()
    errors = _check_text(subject, content)
    if not consent:
        errors["consent"] = _("请阅读并同意工会为办理本次信访使用您的姓名、电话和所填内容。")
    if not receiving_orgs().filter(pk=org.pk).exists():
        errors["org"] = _("请选择受理的总工会。")
    member = member_for_user(actor)
    name = actor.name or (member.name if member else "")
    if not name:
        errors["__all__"] = _("您的账号还没有姓名，请先完善个人信息。")
    if errors:
        raise ValidationError(errors)
    employer = (enterprise_name or "").strip()
    if not employer and member is not None:
        employer = member.enterprise.name if member.enterprise_id else member.employer_name
    return _create(
        actor=actor,
        org=org,
        channel=Petition.Channel.ONLINE,
        petitioner=actor,
        petitioner_name=name,
        petitioner_phone=actor.phone,
        enterprise_name=employer[:150],
        subject=subject,
        content=content,
        received_on=timezone.localdate(),
    )


@transaction.atomic
def petition_assign(*, petition: Petition, actor, assignee: User, note: str = "") -> Petition:
    if assignee is None or not is_cadre_for_org(assignee, petition.org):
        raise ValidationError({"assignee": _("承办人须是管理本组织或下级工会的干部。")})
    petition.assignee = assignee
    PETITION_FLOW.fire(petition, "assign", actor=actor, note=note, extra_fields=["assignee"])
    notify(
        recipients=[assignee],
        actor=actor,
        url=_url(petition),
        title=_("请办理信访：%(s)s") % {"s": petition.subject[:60]},
        body=_("答复期限：%(date)s") % {"date": formats.date_format(petition.reply_due)},
    )
    return petition


@transaction.atomic
def petition_reply(*, petition: Petition, actor, reply: str) -> Petition:
    reply = (reply or "").strip()
    if not reply:
        raise ValidationError({"reply": _("请填写答复意见。")})
    petition.reply = reply
    petition.replied_at = timezone.now()
    PETITION_FLOW.fire(petition, "reply", actor=actor, extra_fields=["reply", "replied_at"])
    if petition.petitioner_id:
        notify(
            recipients=[petition.petitioner],
            actor=actor,
            url=_url(petition),
            title=_("您的信访已答复：%(s)s") % {"s": petition.subject[:60]},
            body=reply[:300],
        )
    return petition


@transaction.atomic
def petition_close(*, petition: Petition, actor, note: str = "") -> Petition:
    petition.closed_at = timezone.now()
    PETITION_FLOW.fire(petition, "close", actor=actor, note=note, extra_fields=["closed_at"])
    if petition.petitioner_id:
        notify(
            recipients=[petition.petitioner],
            actor=actor,
            url=_url(petition),
            title=_("您的信访已办结：%(s)s") % {"s": petition.subject[:60]},
        )
    return petition


@transaction.atomic
def petition_phone_reveal(*, petition: Petition, actor) -> str:
    """The full phone number for the cadre who must call back, logged as personal-data access."""
    if not may_reveal_phone(actor, petition):
        raise PermissionDenied
    log_access(actor=actor, action="view", subject=petition, org=petition.org, purpose=_("信访回访"))
    return petition.petitioner_phone
