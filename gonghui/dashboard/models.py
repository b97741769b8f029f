"""Targets: what the federation above expects of an org in a year, per indicator (core.indicators)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedManager


class Target(models.Model):
    """A target for one indicator of one org in one year, in the indicator's shown unit (a rate as a
    percentage: 85 means 85 %). Set by a cadre of an ancestor org (dashboard.services.targets_set)."""

    org = models.ForeignKey("orgs.Org", on_delete=models.CASCADE, related_name="+", verbose_name=_("组织"))
    org_path = models.CharField(max_length=100, editable=False)
    year = models.PositiveSmallIntegerField(_("年度"))
    indicator = models.CharField(_("指标"), max_length=60)
    value = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("设定人"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year", "indicator"], name="uniq_target_org_year_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.year} {self.indicator}={self.value}"
