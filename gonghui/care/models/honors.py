"""Care: retirement honors (荣退) — a ceremony of an org for the members retiring in a period, and
each honouree with their certificate (a .docx from core.documents). Membership is kept: the
honouree's retirement is recorded by the members' own service (status retired, dues-free)."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedManager

__all__ = ["RetirementCeremony", "RetirementHonouree"]

USER = settings.AUTH_USER_MODEL


class RetirementCeremony(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("举办组织")
    )
    org_path = models.CharField(max_length=100, editable=False)
    title = models.CharField(_("仪式名称"), max_length=100)
    held_on = models.DateField(_("仪式日期"))
    place = models.CharField(_("地点"), max_length=200)
    period_start = models.DateField(_("退休时段起"))
    period_end = models.DateField(_("退休时段止"))
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("荣退仪式")
        verbose_name_plural = _("荣退仪式")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["org_path", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="retirement_ceremony_period",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("care:honors_detail", args=[self.uuid])


class RetirementHonouree(models.Model):
    """A member honoured at a ceremony: one retirement honour per member."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ceremony = models.ForeignKey(RetirementCeremony, on_delete=models.CASCADE, related_name="honourees")
    member = models.OneToOneField("members.Member", on_delete=models.PROTECT, related_name="+")
    retired_on = models.DateField(_("退休日期"))
    years = models.PositiveSmallIntegerField(_("会龄（年）"))
    certificate_no = models.CharField(_("证书编号"), max_length=30, unique=True)
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("荣退人员")
        verbose_name_plural = _("荣退人员")
        ordering = ["ceremony", "certificate_no"]

    def __str__(self) -> str:
        return f"{self.ceremony} · {self.certificate_no}"

    def get_absolute_url(self) -> str:
        return reverse("care:honors_certificate", args=[self.uuid])
