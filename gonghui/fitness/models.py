"""Fitness programmes (全员健身): enrolment, weigh-ins, and weight-loss contests (减重大赛).

Body data (height, weights) is personal health data: stored encrypted (core.pii), never in a
plain column. What a leaderboard needs is the percentage lost, which `Enrolment.loss_percent`
keeps (recomputed whenever a weigh-in is confirmed), so rankings and indicators are plain queries
and never decrypt anyone's weight.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedManager
from gonghui.fitness.workflows import WEIGH_IN_FLOW
from gonghui.members.audience import AudienceFields

USER = settings.AUTH_USER_MODEL


class Programme(AudienceFields):
    """A fitness programme of an org, open to its audience (members.audience) for enrolment."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("主办组织")
    )
    org_path = models.CharField(max_length=100, editable=False)
    title = models.CharField(_("项目名称"), max_length=100)
    description = models.TextField(_("项目介绍"), blank=True)
    enrol_opens = models.DateField(_("报名开始"))
    enrol_closes = models.DateField(_("报名截止"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("健身项目")
        verbose_name_plural = _("健身项目")
        ordering = ["-starts_on", "pk"]
        indexes = [models.Index(fields=["org_path", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(enrol_closes__gte=models.F("enrol_opens")), name="fitness_enrol_window"
            ),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="fitness_period"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("fitness:programme_detail", args=[self.uuid])


class Contest(models.Model):
    """A weight-loss contest (减重大赛) of a programme: individuals or teams, by percentage lost."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("个人赛")
        TEAM = "team", _("团体赛")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="contests")
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("比赛名称"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("减重比赛")
        verbose_name_plural = _("减重比赛")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "title"], name="uniq_fitness_contest_title")
        ]

    def __str__(self) -> str:
        return self.title


class Team(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("队名"), max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("健身队伍")
        verbose_name_plural = _("健身队伍")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="uniq_fitness_team_name")]

    def __str__(self) -> str:
        return self.name


class Enrolment(models.Model):
    """A person's enrolment in a programme, with their height (encrypted) and the percentage lost."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="enrolments")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")  # the programme's org
    org_path = models.CharField(max_length=100, editable=False)
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="fitness_enrolments")
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
        verbose_name=_("队伍"),
    )
    height_encrypted = models.TextField(editable=False)
    # From the first confirmed weigh-in to the latest: what leaderboards and indicators read.
    loss_percent = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True, editable=False)
    confirmed_count = models.PositiveIntegerField(default=0, editable=False)
    enrolled_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)
    scope_owner_field = "user"

    class Meta:
        verbose_name = _("健身报名")
        verbose_name_plural = _("健身报名")
        ordering = ["enrolled_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["programme", "user"], name="uniq_fitness_enrolment")]
        indexes = [
            models.Index(fields=["programme", "loss_percent"]),
            models.Index(fields=["org_path", "enrolled_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · #{self.pk}"

    def height_plain(self):
        """Decrypts. Callers are the person themselves or an organiser, whose access is logged."""
        from gonghui.core import pii

        return pii.decrypt_decimal(self.height_encrypted)


class WeighIn(models.Model):
    """One weighing (体重记录): submitted by the person, confirmed or rejected by an organiser, or
    recorded by an organiser directly (confirmed)."""

    State = WEIGH_IN_FLOW.text_choices("State")  # SUBMITTED, CONFIRMED, REJECTED

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="weigh_ins")
    measured_on = models.DateField(_("称重日期"))
    weight_encrypted = models.TextField(editable=False)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.SUBMITTED)
    submitted_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("退回理由"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("体重记录")
        verbose_name_plural = _("体重记录")
        ordering = ["measured_on", "pk"]
        constraints = [
            # One weighing per person and day (a double submit, a retried request): a rejected one
            # may be submitted again.
            models.UniqueConstraint(
                fields=["enrolment", "measured_on"],
                condition=~Q(state="rejected"),
                name="uniq_fitness_weigh_in_day",
            )
        ]
        indexes = [models.Index(fields=["state", "enrolment"])]

    def __str__(self) -> str:
        return f"{self.measured_on} · {self.get_state_display()}"

    def weight_plain(self):
        from gonghui.core import pii

        return pii.decrypt_decimal(self.weight_encrypted)
