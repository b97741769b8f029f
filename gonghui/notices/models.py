"""Announcements (公告) of an org to its subtree, and who has read them.

Who a notice reaches is one rule (selectors.reaching_q): the org's subtree, then by role —
members (the members' audience rule of members.audience: subtree, member kinds, members only),
cadres (a position in the subtree), volunteers (registered in the subtree), or all three.
Nothing is written per recipient: a read receipt is created when a reader opens the notice.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedManager
from gonghui.members.audience import AudienceFields

USER = settings.AUTH_USER_MODEL


class Notice(AudienceFields):
    class Role(models.TextChoices):
        ALL = "all", _("全体（会员、工会干部和志愿者）")
        MEMBERS = "members", _("会员")
        CADRES = "cadres", _("工会干部")
        VOLUNTEERS = "volunteers", _("志愿者")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("发布组织")
    )
    org_path = models.CharField(max_length=100, editable=False)
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("正文"))
    audience_role = models.CharField(_("面向对象"), max_length=12, choices=Role.choices, default=Role.MEMBERS)
    publish_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    expire_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    pinned = models.BooleanField(_("置顶"), default=False)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    # Snapshot at publish/edit (prefix queries on the member tally and positions) and a running
    # count of receipts: the read rate costs no count over the receipts.
    audience_size = models.PositiveIntegerField(_("面向人数"), default=0, editable=False)
    read_count = models.PositiveIntegerField(_("已读人数"), default=0, editable=False)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")
        ordering = ["-pinned", "-publish_at"]
        indexes = [
            models.Index(fields=["org_path", "publish_at"]),
            models.Index(fields=["publish_at"], name="notice_publish_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expire_at__isnull=True) | models.Q(expire_at__gt=models.F("publish_at")),
                name="notice_expires_after_publish",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notices:detail", args=[self.uuid])

    @property
    def status(self) -> str:
        now = timezone.now()
        if self.withdrawn_at:
            return "withdrawn"
        if self.publish_at > now:
            return "scheduled"
        if self.expire_at and self.expire_at <= now:
            return "expired"
        return "live"

    @property
    def status_label(self) -> str:
        return {
            "withdrawn": _("已撤回"),
            "scheduled": _("待发布"),
            "expired": _("已过期"),
            "live": _("发布中"),
        }[self.status]

    @property
    def read_rate(self) -> float | None:
        if not self.audience_size:
            return None
        return min(self.read_count / self.audience_size, 1.0)


class NoticeRead(models.Model):
    """A read receipt: one row per reader, made when the reader first opens the notice."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("阅读回执")
        verbose_name_plural = _("阅读回执")
        ordering = ["-read_at"]
        constraints = [models.UniqueConstraint(fields=["user", "notice"], name="uniq_notice_read")]
        indexes = [models.Index(fields=["notice", "read_at"])]

    def __str__(self) -> str:
        return f"{self.notice_id} #{self.user_id}"
