"""Lecture tours (宣讲): lecturers, a tour of an org with its stops, and attendance per stop.

An enterprise asks for a lecture through the service menu (a menu item of category lecture); the
organiser turns the order into a stop of a tour (services.stop_from_order)."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedManager

USER = settings.AUTH_USER_MODEL


class Lecturer(models.Model):
    """A lecturer (宣讲员): a model worker, a craftsman, a lawyer …; may be a member with an account."""

    class Kind(models.TextChoices):
        MODEL_WORKER = "model_worker", _("劳动模范")
        CRAFTSMAN = "craftsman", _("工匠")
        LAWYER = "lawyer", _("律师")
        EXPERT = "expert", _("专家学者")
        CADRE = "cadre", _("工会干部")
        OTHER = "other", _("其他")

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属组织")
    )
    org_path = models.CharField(max_length=100, editable=False)
    name = models.CharField(_("姓名"), max_length=40)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, default=Kind.MODEL_WORKER)
    title = models.CharField(_("称号"), max_length=100, help_text=_("如：全国劳动模范、省级工匠"))
    employer = models.CharField(_("工作单位"), max_length=100, blank=True)
    topics = models.CharField(_("宣讲主题"), max_length=300, blank=True)
    user = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("用户账号")
    )
    is_active = models.BooleanField(_("在库"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("宣讲员")
        verbose_name_plural = _("宣讲员")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["org", "name", "title"], name="uniq_lecturer")]

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）"


class LectureTour(models.Model):
    """A lecture tour (宣讲团 / 劳模工匠"五进"宣讲) of an org: its stops are its schedule."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("主办组织")
    )
    org_path = models.CharField(max_length=100, editable=False)
    title = models.CharField(_("宣讲活动名称"), max_length=120)
    theme = models.CharField(_("宣讲主题"), max_length=200, blank=True)
    description = models.TextField(_("简介"), blank=True)
    lecturers = models.ManyToManyField(Lecturer, related_name="tours", blank=True, verbose_name=_("宣讲员"))
    is_public = models.BooleanField(_("公开日程"), default=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("宣讲活动")
        verbose_name_plural = _("宣讲活动")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lectures:tour_detail", args=[self.uuid])


class LectureStop(models.Model):
    """One stop of a tour: where and when, who speaks, and (once held) how many came."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("进企业")
        WORKSHOP = "workshop", _("进车间")
        MORNING = "morning", _("班前十分钟微宣讲")
        PARK = "park", _("进园区")
        COMMUNITY = "community", _("进社区")
        SCHOOL = "school", _("进校园")

    class State(models.TextChoices):
        PLANNED = "planned", _("待宣讲")
        HELD = "held", _("已宣讲")
        CANCELLED = "cancelled", _("已取消")

    tour = models.ForeignKey(LectureTour, on_delete=models.CASCADE, related_name="stops")
    kind = models.CharField(_("形式"), max_length=12, choices=Kind.choices, default=Kind.ENTERPRISE)
    starts_at = models.DateTimeField(_("宣讲时间"))
    duration_minutes = models.PositiveSmallIntegerField(_("时长（分钟）"), default=60)
    place = models.CharField(_("宣讲地点"), max_length=150)
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("企业"),
    )
    host_org = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("承办工会"),
    )
    lecturer = models.ForeignKey(
        Lecturer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stops",
        verbose_name=_("宣讲员"),
    )
    topic = models.CharField(_("宣讲题目"), max_length=150, blank=True)
    # the service order (category lecture) this stop answers, at most one stop per order
    order = models.OneToOneField(
        "servicedesk.ServiceOrder",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lecture_stop",
        verbose_name=_("来源点单"),
    )
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PLANNED)
    headcount = models.PositiveIntegerField(_("听众人数"), null=True, blank=True)
    photo_url = models.URLField(_("现场照片链接"), blank=True)
    note = models.TextField(_("宣讲小结"), blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("宣讲场次")
        verbose_name_plural = _("宣讲场次")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["state", "starts_at"]),
            models.Index(fields=["lecturer", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="held") | models.Q(headcount__isnull=False),
                name="held_stop_has_headcount",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tour} · {self.place}"
