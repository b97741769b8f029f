"""Care: women-worker care (女职工关爱) — care records (maternity visits, 三八 activities, health
checks) and the places that serve women workers (mother-and-baby rooms, to become stations later)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedManager

__all__ = ["WomenCarePlace", "WomenCareRecord"]

USER = settings.AUTH_USER_MODEL


class WomenCareRecord(models.Model):
    """One act of care: a visit to one woman worker, or an activity reaching many."""

    class Kind(models.TextChoices):
        MATERNITY_VISIT = "maternity", _("孕产期慰问")
        WOMENS_DAY = "march8", _("三八节活动")
        HEALTH_CHECK = "health", _("健康体检")
        LECTURE = "lecture", _("权益与健康讲座")
        OTHER = "other", _("其他关爱")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("工会组织")
    )
    org_path = models.CharField(max_length=100, editable=False)
    kind = models.CharField(_("关爱类型"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("日期"))
    people_reached = models.PositiveIntegerField(_("覆盖女职工人数"), default=1)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    member = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("走访对象"),
    )
    # Health-check findings are personal data: encrypted at rest (core.pii), shown only to cadres
    # with the personal-data permission, every opening logged.
    health_details_encrypted = models.TextField(blank=True, editable=False)
    # the form's one-time token: a double submit finds the record the first one made
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("女职工关爱记录")
        verbose_name_plural = _("女职工关爱记录")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["org_path", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(people_reached__gte=1), name="women_care_reached_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.date}"

    @property
    def has_health_details(self) -> bool:
        return bool(self.health_details_encrypted)


class WomenCarePlace(models.Model):
    """A place serving women workers (mother-and-baby room …): kept simple, to become a station."""

    class Kind(models.TextChoices):
        MOTHER_BABY = "mother_baby", _("母婴室（爱心妈妈小屋）")
        REST = "rest", _("女职工休息室")
        OTHER = "other", _("其他")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属工会")
    )
    org_path = models.CharField(max_length=100, editable=False)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.MOTHER_BABY)
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200)
    facilities = models.CharField(_("设施"), max_length=300, blank=True)
    opening_hours = models.CharField(_("开放时间"), max_length=100, blank=True)
    is_active = models.BooleanField(_("开放中"), default=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("女职工关爱场所")
        verbose_name_plural = _("女职工关爱场所")
        ordering = ["org_path", "name"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="women_place_unique_name")]

    def __str__(self) -> str:
        return self.name
