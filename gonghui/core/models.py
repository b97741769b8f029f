import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TransitionLog(models.Model):
    """One row per workflow transition: who fired what, when, from which state to which."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    transition = models.CharField(_("操作"), max_length=40)
    from_state = models.CharField(_("原状态"), max_length=40)
    to_state = models.CharField(_("新状态"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("流转记录")
        verbose_name_plural = _("流转记录")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.transition}: {self.from_state} → {self.to_state}"


class AuditEntry(models.Model):
    """History of changes to members, money and decisions."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    org = models.ForeignKey("orgs.Org", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("动作"), max_length=40)
    changes = models.JSONField(_("变更"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("变更记录")
        verbose_name_plural = _("变更记录")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.action} #{self.object_id}"


class PersonalDataAccess(models.Model):
    """Who saw or exported personal data in full, whose, and when (never the data itself)."""

    class Action(models.TextChoices):
        VIEW = "view", _("查看完整信息")
        EXPORT = "export", _("导出完整信息")
        SUBJECT_REQUEST = "subject_request", _("本人查阅申请")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("动作"), max_length=20, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    org = models.ForeignKey("orgs.Org", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subject_count = models.PositiveIntegerField(_("涉及人数"), default=1)
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("个人信息访问记录")
        verbose_name_plural = _("个人信息访问记录")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.pk}"


def _active_language() -> str:
    from django.utils import translation

    return translation.get_language() or settings.LANGUAGE_CODE


class Job(models.Model):
    """A background job (import, export, report) with progress a page can poll.

    The row is the durable record of the job (core.tasks): the engine's message only says "run job
    N". A worker claims the row (attempts + 1, a lease it renews while it runs); a job whose
    worker died is re-queued or failed by the reaper, so nothing stays "进行中" after its process.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("类型"), max_length=60)
    org = models.ForeignKey("orgs.Org", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.QUEUED)
    stage = models.CharField(_("阶段"), max_length=60, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The language of the user who started it: the job's messages are written in it.
    language = models.CharField(_("语言"), max_length=10, default=_active_language)
    task = models.CharField(_("任务"), max_length=80, blank=True)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(_("执行进程"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "lease_until"], name="core_job_state_lease")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


class Sequence(models.Model):
    """Named counters (member numbers); `core.sequences.take` reserves a block in one locked update."""

    name = models.CharField(max_length=40, unique=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return self.name


class CalendarDay(models.Model):
    """An override of the public-holiday calendar: national, or a local adjustment of one org.

    The State Council publishes each year's holidays and make-up workdays in November; the
    `chinesecalendar` package lags behind. A national row (no org, kept by a platform admin) wins
    over the package: a holiday (is_working_day=False) or a make-up workday on a weekend
    (is_working_day=True). A row with an org adjusts that org's subtree only, and the nearest
    adjusted ancestor wins (see core.workdays).
    """

    date = models.DateField(_("日期"))
    is_working_day = models.BooleanField(_("是否上班"), default=False)
    name = models.CharField(_("说明"), max_length=40, blank=True, help_text=_("如：春节、国庆节调休上班"))
    org = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("适用组织"),
        help_text=_("留空为全国安排；填写则只调整该组织及其下级的工作日。"),
    )

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=models.Q(org__isnull=True), name="core_calendarday_national_date"
            ),
            models.UniqueConstraint(fields=["org", "date"], name="core_calendarday_org_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


def _calendar_changed(**kwargs) -> None:
    """Every process keeps a copy of the calendar (core.workdays): drop it now and after commit."""
    from django.db import transaction

    from gonghui.core import workdays

    workdays.changed()
    transaction.on_commit(workdays.changed)


models.signals.post_save.connect(_calendar_changed, sender=CalendarDay, dispatch_uid="core_calendar_saved")
models.signals.post_delete.connect(
    _calendar_changed, sender=CalendarDay, dispatch_uid="core_calendar_deleted"
)


class Notification(models.Model):
    """An in-app notification (the bell): what happened, and where to look."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("标题"), max_length=120)
    body = models.CharField(_("内容"), max_length=300, blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"])]

    def __str__(self) -> str:
        return self.title


class DocumentTemplate(models.Model):
    """An org's own .docx template for one kind of document (core.documents): it replaces the
    default shipped with the app for that org and its subtree (the nearest org's wins). A row
    without an org replaces the default everywhere."""

    key = models.CharField(_("文书类型"), max_length=60)
    org = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("组织")
    )
    org_path = models.CharField(max_length=100, editable=False, blank=True, default="")
    content = models.BinaryField(_("模板文件（.docx）"))
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")
        ordering = ["key", "org_path"]
        constraints = [
            models.UniqueConstraint(fields=["key", "org"], name="uniq_document_template_org"),
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(org__isnull=True), name="uniq_document_template_default"
            ),
        ]
        indexes = [models.Index(fields=["key", "org_path"])]

    def __str__(self) -> str:
        return self.key
