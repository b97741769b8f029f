"""Care: recuperation (疗休养) — programmes, their trips, and the members' applications.

A programme of an org reaches the members of its subtree. It has one or more trips (批次), each
with its dates and places, a price cap per person per day, an application window and the priority
groups it favours. After the window closes a cadre draws: priority applicants first, then the
others, each group in the order of a published lottery (services.recuperation.draw), and every
application takes a place on its trip through core.registration (places never over-taken; those
not placed wait in draw order and are offered the places freed by a withdrawal).
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core import registration
from gonghui.core.registration import EntryFields
from gonghui.core.scoping import ScopedManager

__all__ = ["PriorityGroup", "RecuperationApplication", "RecuperationProgramme", "RecuperationTrip"]

USER = settings.AUTH_USER_MODEL


class PriorityGroup(models.TextChoices):
    FRONT_LINE = "front_line", _("一线职工")
    MODEL_WORKER = "model_worker", _("劳动模范")
    NEW_FORM = "new_form", _("新就业形态劳动者（骑手、司机）")


# Job types (members.Member.job_type) that make a member one of the riders and drivers: known from
# the membership, not declared. Front-line and model workers are declared by the applicant.
NEW_FORM_JOB_TYPES = ("delivery_rider", "ride_hailing", "truck_driver", "courier", "designated_driver")
DECLARED_GROUPS = (PriorityGroup.FRONT_LINE, PriorityGroup.MODEL_WORKER)


class RecuperationProgramme(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("接受申请")
        DRAWN = "drawn", _("已抽签分配")
        CANCELLED = "cancelled", _("已取消")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("组织单位")
    )
    org_path = models.CharField(max_length=100, editable=False)
    title = models.CharField(_("疗休养项目"), max_length=100)
    destination = models.CharField(_("疗休养地点"), max_length=200)
    description = models.TextField(_("项目介绍"), blank=True)
    price_cap = models.DecimalField(_("每人每天费用上限（元）"), max_digits=8, decimal_places=2)
    opens_at = models.DateTimeField(_("申请开始"))
    closes_at = models.DateTimeField(_("申请截止"))
    priority_groups = models.JSONField(_("优先群体"), default=list, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    offer_hours = models.PositiveSmallIntegerField(_("递补确认时限（小时）"), default=48)
    # the lottery: the public value the cadre entered, the seed derived from it, when and by whom
    seed_source = models.CharField(_("公开随机值"), max_length=200, blank=True)
    seed = models.CharField(_("抽签种子"), max_length=64, blank=True)
    drawn_at = models.DateTimeField(_("抽签时间"), null=True, blank=True)
    drawn_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("疗休养项目")
        verbose_name_plural = _("疗休养项目")
        ordering = ["-opens_at", "-pk"]
        indexes = [models.Index(fields=["org_path", "year"]), models.Index(fields=["state", "closes_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="recup_programme_window"
            ),
            models.CheckConstraint(condition=models.Q(price_cap__gt=0), name="recup_programme_price_cap"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("care:recuperation_detail", args=[self.uuid])

    @property
    def window_open(self) -> bool:
        return self.state == self.State.OPEN and self.opens_at <= timezone.now() < self.closes_at

    @property
    def ready_to_draw(self) -> bool:
        return self.state == self.State.OPEN and timezone.now() >= self.closes_at

    def priority_labels(self) -> list[str]:
        labels = dict(PriorityGroup.choices)
        return [str(labels[g]) for g in self.priority_groups if g in labels]


class RecuperationTrip(models.Model):
    """One trip (批次) of a programme: its dates and places (core.registration's holder)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(RecuperationProgramme, on_delete=models.CASCADE, related_name="trips")
    starts_on = models.DateField(_("出发日期"))
    ends_on = models.DateField(_("返回日期"))
    capacity = models.PositiveIntegerField(_("名额（人）"))
    taken = models.PositiveIntegerField(default=0, editable=False)  # kept by core.registration

    class Meta:
        verbose_name = _("疗休养批次")
        verbose_name_plural = _("疗休养批次")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="recup_trip_dates"
            ),
            registration.capacity_constraint("recup_trip_within_capacity"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.starts_on}"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    @property
    def cost_cap(self):
        """The most one person's trip may cost: the cap per day times the days."""
        return self.programme.price_cap * self.days

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.taken, 0)


class ApplicationState(models.TextChoices):
    APPLIED = "applied", _("已申请，待抽签")
    REGISTERED = "registered", _("已入选")
    WAITLISTED = "waitlisted", _("未入选，候补中")
    OFFERED = "offered", _("候补递补待确认")
    WITHDRAWN = "withdrawn", _("已退出")
    LAPSED = "lapsed", _("递补已过期")


# One programme per member per year: an application in these states counts.
COUNTING = ("applied", "registered", "waitlisted", "offered")


class RecuperationApplication(EntryFields, models.Model):
    """A member's application for one trip of a programme; after the draw it is the entry that
    holds (or waits for) a place on the trip."""

    State = ApplicationState

    state = models.CharField(_("状态"), max_length=12, choices=ApplicationState.choices, default="applied")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        RecuperationProgramme, on_delete=models.CASCADE, related_name="applications"
    )
    trip = models.ForeignKey(RecuperationTrip, on_delete=models.CASCADE, related_name="applications")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="recuperation_applications")
    year = models.PositiveSmallIntegerField(editable=False)
    # the applicant's number in the programme (1, 2, …): what the published draw sorts and hashes
    number = models.PositiveIntegerField(_("申请编号"), editable=False)
    priority = models.JSONField(_("优先群体"), default=list, blank=True)
    rank = models.PositiveIntegerField(_("抽签顺序"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("疗休养申请")
        verbose_name_plural = _("疗休养申请")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "member"], name="uniq_recup_application"),
            models.UniqueConstraint(fields=["programme", "number"], name="uniq_recup_application_number"),
            models.UniqueConstraint(
                fields=["member", "year"],
                condition=models.Q(state__in=COUNTING),
                name="uniq_recup_member_year",
            ),
        ]
        indexes = [
            models.Index(fields=["trip", "state", "queued_at"]),
            models.Index(fields=["state", "offer_expires_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("care:recuperation_application", args=[self.uuid])

    @property
    def has_priority(self) -> bool:
        return bool(self.priority)

    def priority_labels(self) -> list[str]:
        labels = dict(PriorityGroup.choices)
        return [str(labels[g]) for g in self.priority if g in labels]
