import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.activities.workflows import ACTIVITY_FLOW
from gonghui.core import registration
from gonghui.core.checkin import AttendanceFields
from gonghui.core.registration import EntryFields, EntryState
from gonghui.core.scoping import ScopedManager
from gonghui.members.audience import AudienceFields

USER = settings.AUTH_USER_MODEL


def _checkin_secret() -> str:
    return secrets.token_urlsafe(16)


class Activity(AudienceFields, models.Model):
    """An activity (活动) an org publishes to its subtree's workers, with places and a waitlist.

    Capacity counts people: each registration takes one place for the worker and one for each
    family member they bring (`Registration.places`), so the venue is never over-full.
    """

    class Kind(models.TextChoices):
        CULTURE = "culture", _("文化文艺")
        SPORTS = "sports", _("体育健身")
        LECTURE = "lecture", _("讲座培训")
        OUTING = "outing", _("户外出游")
        FAMILY = "family", _("亲子家庭日")
        CEREMONY = "ceremony", _("仪式典礼")
        TRAINING = "training", _("技能培训")
        YOUTH = "youth", _("青年联谊·电竞")
        OTHER = "other", _("其他")

    State = ACTIVITY_FLOW.text_choices("State")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("主办组织")
    )
    org_path = models.CharField(max_length=100, editable=False)
    kind = models.CharField(_("活动类型"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("活动名称"), max_length=100)
    description = models.TextField(_("活动介绍"), blank=True)
    place = models.CharField(_("活动地点"), max_length=200)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    registration_opens_at = models.DateTimeField(_("报名开始"))
    registration_closes_at = models.DateTimeField(_("报名截止"))
    capacity = models.PositiveIntegerField(_("名额（人）"))
    taken = models.PositiveIntegerField(default=0, editable=False)  # kept by core.registration
    family_max = models.PositiveSmallIntegerField(_("每人可带家属人数"), default=0)
    offer_hours = models.PositiveSmallIntegerField(_("递补确认时限（小时）"), default=24)
    summary = models.TextField(_("活动总结"), blank=True)
    checkin_secret = models.CharField(
        max_length=40, default=_checkin_secret, editable=False
    )  # rotate: void codes
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PUBLISHED)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["org_path", "starts_at"]),
            models.Index(fields=["state", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="activity_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="activity_registration_window",
            ),
            registration.capacity_constraint("activity_within_capacity"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", args=[self.uuid])

    @property
    def family_allowed(self) -> bool:
        return self.family_max > 0

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.taken, 0)

    @property
    def phase(self) -> tuple[str, str]:
        """(css class, label) of where the activity stands now: the stored state says only
        published or cancelled, and a past activity is not "报名中"."""
        if self.state != self.State.PUBLISHED:
            return self.state, self.get_state_display()
        now = timezone.now()
        if now >= self.ends_at:
            return "ended", gettext("已结束")
        if now >= self.starts_at:
            return "ongoing", gettext("进行中")
        if now < self.registration_opens_at:
            return "upcoming", gettext("未开始报名")
        if now >= self.registration_closes_at:
            return "closed", gettext("报名已截止")
        return self.state, self.get_state_display()

    @property
    def registration_open(self) -> bool:
        now = timezone.now()
        return (
            self.state == self.State.PUBLISHED
            and self.registration_opens_at <= now < self.registration_closes_at
            and now < self.starts_at
        )


class Registration(EntryFields, AttendanceFields, models.Model):
    """A worker's registration (报名) for an activity, with the family members they bring."""

    State = EntryState

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="activity_registrations")
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    family_count = models.PositiveSmallIntegerField(_("携带家属人数"), default=0)
    family_note = models.CharField(_("家属信息"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "user"], name="uniq_activity_registration")
        ]
        indexes = [
            models.Index(fields=["activity", "state", "queued_at"]),
            models.Index(fields=["state", "offer_expires_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("activities:registration", args=[self.uuid])


def _photo_path(instance, filename: str) -> str:
    return f"activities/{instance.activity.uuid.hex}/{uuid.uuid4().hex}{instance.extension}"


class Photo(models.Model):
    """A photo of the activity, uploaded by the organiser afterwards."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("照片"), upload_to=_photo_path)
    content_type = models.CharField(max_length=20, editable=False)
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.caption or f"{self.activity} · {self.pk}"

    @property
    def extension(self) -> str:
        return {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}.get(self.content_type, "")
