"""Writes of notices: publish, edit, withdraw, and the reader's receipt."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import require_manage
from gonghui.members.audience import job_types_value
from gonghui.notices import selectors
from gonghui.notices.models import Notice, NoticeRead

FIELDS = (
    "title",
    "body",
    "audience_role",
    "audience_job_types",
    "members_only",
    "publish_at",
    "expire_at",
    "pinned",
)


def _check(
    *, title: str, body: str, publish_at: datetime.datetime, expire_at: datetime.datetime | None
) -> None:
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("请填写标题。")
    if not (body or "").strip():
        errors["body"] = _("请填写正文。")
    if expire_at is not None and expire_at <= publish_at:
        errors["expire_at"] = _("截止时间必须晚于发布时间。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def notice_publish(
    *,
    org,
    title: str,
    body: str,
    actor,
    audience_role: str = Notice.Role.MEMBERS,
    job_types=(),
    members_only: bool = True,
    publish_at: datetime.datetime | None = None,
    expire_at: datetime.datetime | None = None,
    pinned: bool = False,
) -> Notice:
    require_manage(actor, org)
    publish_at = publish_at or timezone.now()
    _check(title=title, body=body, publish_at=publish_at, expire_at=expire_at)
    kinds = job_types_value(job_types)
    notice = Notice.objects.create(
        org=org,
        title=title.strip(),
        body=body.strip(),
        audience_role=audience_role,
        audience_job_types=kinds,
        members_only=members_only,
        publish_at=publish_at,
        expire_at=expire_at,
        pinned=pinned,
        created_by=actor,
        audience_size=selectors.audience_size(org=org, role=audience_role, job_types=kinds),
    )
    audit.record(notice, action="notice_publish", actor=actor, org=org)
    return notice


@transaction.atomic
def notice_update(
    *,
    notice: Notice,
    actor,
    title: str,
    body: str,
    audience_role: str,
    job_types=(),
    members_only: bool = True,
    publish_at: datetime.datetime,
    expire_at: datetime.datetime | None = None,
    pinned: bool = False,
) -> Notice:
    require_manage(actor, notice.org)
    if notice.withdrawn_at:
        raise ValidationError(_("公告已撤回，不能再修改。"))
    _check(title=title, body=body, publish_at=publish_at, expire_at=expire_at)
    before = audit.snapshot(notice, FIELDS)
    notice.title, notice.body = title.strip(), body.strip()
    notice.audience_role = audience_role
    notice.audience_job_types = job_types_value(job_types)
    notice.members_only = members_only
    notice.publish_at, notice.expire_at, notice.pinned = publish_at, expire_at, pinned
    notice.audience_size = selectors.audience_size(
        org=notice.org, role=audience_role, job_types=notice.audience_job_types
    )
    notice.save(update_fields=[*FIELDS, "audience_size", "updated_at"])
    audit.record(
        notice, action="notice_update", actor=actor, changes=audit.diff(before, notice), org=notice.org
    )
    return notice


@transaction.atomic
def notice_withdraw(*, notice: Notice, actor) -> Notice:
    require_manage(actor, notice.org)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.withdrawn_at:
        raise ValidationError(_("公告已撤回。"))
    notice.withdrawn_at = timezone.now()
    notice.save(update_fields=["withdrawn_at", "updated_at"])
    audit.record(notice, action="notice_withdraw", actor=actor, org=notice.org)
    return notice


def notice_mark_read(*, notice: Notice, user) -> bool:
    """The reader's receipt, once whatever the double tap: True when this call made it.

    The unique (user, notice) constraint decides between two racing requests; the loser's insert
    fails inside its own savepoint and changes nothing."""
    if not getattr(user, "is_authenticated", False) or not getattr(notice, "reaches_reader", True):
        return False  # only the audience leaves receipts: a cadre's preview is no reader
    if NoticeRead.objects.filter(notice=notice, user=user).exists():
        return False
    try:
        with transaction.atomic():
            NoticeRead.objects.create(notice=notice, user=user)
            Notice.objects.filter(pk=notice.pk).update(read_count=F("read_count") + 1)
    except IntegrityError:
        return False
    selectors.forget_unread(user)
    return True
