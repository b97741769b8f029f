import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core import registration
from gonghui.core.checkin import AttendanceFields
from gonghui.core.scoping import ScopedManager
from gonghui.volunteers.workflows import SIGNUP_FLOW, TASK_FLOW

USER = settings.AUTH_USER_MODEL


def _checkin_secret() -> str:
    return secrets.token_urlsafe(16)


class Volunteer(models.Model):
    """A volunteer (志愿者): a member or any registered person."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("在册")
        INACTIVE = "inactive", _("已退出")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        USER, on_delete=models.CASCADE, related_name="volunteer", verbose_name=_("用户")
    )
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("登记组织")
    )
    org_path = models.CharField(max_length=100, editable=False)
    skills = models.CharField(_("特长技能"), max_length=200, blank=True)
    availability = models.CharField(_("可服务时间"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)
    scope_owner_field = "user"

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["org_path", "status"])]

    def __str__(self) -> str:
        return str(self.user)


class Alliance(models.Model):
    """A volunteer alliance (志愿服务联盟) grouping teams across enterprises."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("组织"))
    org_path = models.CharField(max_length=100, editable=False)
    name = models.CharField(_("联盟名称"), max_length=80)
    description = models.TextField(_("简介"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("志愿服务联盟")
        verbose_name_plural = _("志愿服务联盟")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class VolunteerTeam(models.Model):
    """A volunteer team (志愿服务队) of an org, possibly in an alliance."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("组织"))
    org_path = models.CharField(max_length=100, editable=False)
    name = models.CharField(_("队伍名称"), max_length=80)
    description = models.TextField(_("简介"), blank=True)
    leader = models.ForeignKey(
        Volunteer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("队长")
    )
    alliance = models.ForeignKey(
        Alliance,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams",
        verbose_name=_("所属联盟"),
    )
    members = models.ManyToManyField(Volunteer, through="TeamMembership", related_name="teams", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("志愿服务队")
        verbose_name_plural = _("志愿服务队")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="uniq_volunteer_team_name")]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    team = models.ForeignKey(VolunteerTeam, on_delete=models.CASCADE, related_name="memberships")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "volunteer"], name="uniq_team_membership")]

    def __str__(self) -> str:
        return f"{self.team} · {self.volunteer}"


class VolunteerTask(models.Model):
    """A volunteer task: from a dispatched order, a bus trip, or an ad-hoc need."""

    State = TASK_FLOW.text_choices("State")  # OPEN, CLOSED, CANCELLED: declared by the workflow

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("组织"))
    org_path = models.CharField(max_length=100, editable=False)
    title = models.CharField(_("任务名称"), max_length=100)
    description = models.TextField(_("任务内容"), blank=True)
    team = models.ForeignKey(
        VolunteerTeam,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name=_("志愿服务队"),
    )
    order = models.ForeignKey(
        "servicedesk.ServiceOrder",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_tasks",
        verbose_name=_("来源点单"),
    )
    trip = models.ForeignKey(
        "servicedesk.BusTrip",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_tasks",
        verbose_name=_("来源流动服务车行程"),
    )
    place = models.CharField(_("地点"), max_length=150)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    capacity = models.PositiveIntegerField(_("招募人数"))
    signed_up = models.PositiveIntegerField(default=0, editable=False)  # kept under the task's row lock
    leader = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="led_volunteer_tasks", verbose_name=_("任务负责人")
    )
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    checkin_secret = models.CharField(max_length=40, default=_checkin_secret, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("志愿服务任务")
        verbose_name_plural = _("志愿服务任务")
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["org_path", "starts_at"]),
            models.Index(fields=["state", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="task_ends_after_start"
            ),
            registration.capacity_constraint("task_within_capacity", taken="signed_up"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("volunteers:task_detail", args=[self.uuid])


class Signup(AttendanceFields):
    """A volunteer's sign-up for a task, check-in/out (core.checkin), and the hours the leader confirms."""

    State = SIGNUP_FLOW.text_choices("State")  # SIGNED_UP, WITHDRAWN: declared by the workflow

    task = models.ForeignKey(VolunteerTask, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="signups")
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.SIGNED_UP)
    signed_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    hours = models.DecimalField(_("服务时长（小时）"), max_digits=5, decimal_places=1, null=True, blank=True)
    confirmed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("志愿服务报名")
        verbose_name_plural = _("志愿服务报名")
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["task", "volunteer"], name="uniq_signup_task_volunteer")
        ]
        indexes = [models.Index(fields=["volunteer", "confirmed_at"])]

    def __str__(self) -> str:
        return f"{self.task} · {self.volunteer}"

    @property
    def hours_confirmed(self) -> bool:
        return self.confirmed_at is not None
