"""Hardship files (困难职工档案) and assistance (帮扶).

A file is one worker's household: who lives in it, what it earns, why it is in hardship, and the
class that follows from the region's minimum-living line. It goes up the approval chain (the
union proposes, the township verifies, the county approves); once approved it is on file until it
exits, by rule (income above the relative line for six consecutive months) or by decision.
Health and bank details are personal data: encrypted at rest (core.pii), shown masked, every full
view logged.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core import approval
from gonghui.core.scoping import ScopedManager
from gonghui.orgs.models import OrgKind

__all__ = [
    "HARDSHIP_CHAIN",
    "Assistance",
    "HardshipClass",
    "HardshipFile",
    "HouseholdMember",
    "MonthlyIncome",
    "PovertyLine",
]

HARDSHIP_CHAIN = approval.Chain(
    name="care.hardship",
    subject=_("困难职工档案"),
    levels=[
        approval.Level(
            "verify", _("乡镇（街道）审核"), kinds=(OrgKind.TOWNSHIP, OrgKind.STREET, OrgKind.PARK), days=5
        ),
        approval.Level("approve", _("县总工会审批"), kinds=(OrgKind.FEDERATION,), days=10),
    ],
)


class PovertyLine(models.Model):
    """The minimum-living line (低保标准) of a region for a year; an org's subtree uses the nearest one."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("适用地区（工会）")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    minimum_living = models.DecimalField(_("低保标准（元/人/月）"), max_digits=8, decimal_places=2)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("低保标准")
        verbose_name_plural = _("低保标准")
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="care_povertyline_org_year")]

    def __str__(self) -> str:
        return f"{self.org} {self.year}"


class HardshipClass(models.TextChoices):
    DEEP = "deep", _("深度困难")
    RELATIVE = "relative", _("相对困难")
    SUDDEN = "sudden", _("意外致困")


class HardshipFile(approval.ApprovalFields):
    class Cause(models.TextChoices):
        ILLNESS = "illness", _("因病")
        DISABILITY = "disability", _("因残")
        DISASTER = "disaster", _("因灾")
        SCHOOLING = "schooling", _("因子女就学")
        UNEMPLOYMENT = "unemployment", _("因失业")
        ACCIDENT = "accident", _("因意外事故")
        OTHER = "other", _("其他")

    class ExitKind(models.TextChoices):
        RULE = "rule", _("按规则退出")
        DECISION = "decision", _("决定退出")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("建档工会")
    )
    org_path = models.CharField(max_length=100, editable=False, db_index=True)
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("职工")
    )
    state = models.CharField(
        _("状态"),
        max_length=20,
        choices=HARDSHIP_CHAIN.choices(),
        default=approval.DRAFT,
        db_index=True,
    )
    cause = models.CharField(_("致困原因"), max_length=16, choices=Cause.choices)
    cause_detail = models.CharField(_("困难情况说明"), max_length=300, blank=True)
    household_size = models.PositiveSmallIntegerField(_("家庭人口"))
    household_income = models.DecimalField(_("家庭月收入（元）"), max_digits=10, decimal_places=2)
    per_capita_income = models.DecimalField(
        _("人均月收入（元）"), max_digits=10, decimal_places=2, editable=False
    )
    medical_costs = models.DecimalField(
        _("近一年自付医疗费用（元）"), max_digits=10, decimal_places=2, default=0
    )
    hardship_class = models.CharField(_("困难类别"), max_length=10, choices=HardshipClass.choices)
    line_year = models.PositiveSmallIntegerField(_("依据低保标准年度"))
    line_amount = models.DecimalField(_("依据低保标准（元/人/月）"), max_digits=8, decimal_places=2)
    # Health and bank data: encrypted (core.pii); the masked forms are what lists show.
    health_encrypted = models.TextField(blank=True, editable=False)
    bank_name = models.CharField(_("开户银行"), max_length=60, blank=True)
    bank_account_encrypted = models.TextField(blank=True, editable=False)
    bank_account_masked = models.CharField(_("银行账号"), max_length=30, blank=True, editable=False)
    review_due = models.DateField(_("下次年审日期"), null=True, blank=True)
    exited_on = models.DateField(_("退出日期"), null=True, blank=True)
    exit_kind = models.CharField(_("退出方式"), max_length=10, choices=ExitKind.choices, blank=True)
    exit_reason = models.CharField(_("退出原因"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)
    scope_superuser = False  # health and bank data: a platform admin sees no more than their positions give

    class Meta:
        verbose_name = _("困难职工档案")
        verbose_name_plural = _("困难职工档案")
        ordering = ["-created_at"]
        constraints = [
            # One open file per worker: a file that has not exited or been turned down.
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(exited_on__isnull=True) & ~models.Q(state=approval.REJECTED),
                name="care_hardship_one_open_file",
            )
        ]
        indexes = [models.Index(fields=["state", "org_path"], name="care_hardship_state_path")]

    def __str__(self) -> str:
        return str(_("%(name)s的困难职工档案") % {"name": self.member.name})

    def get_absolute_url(self) -> str:
        return reverse("care:hardship_detail", args=[self.uuid])

    @property
    def on_file(self) -> bool:
        return self.state == approval.APPROVED and self.exited_on is None

    @property
    def status_label(self) -> str:
        if self.exited_on:
            return str(_("已退出"))
        if self.state == approval.APPROVED:
            return str(_("在档"))
        return HARDSHIP_CHAIN.label(self.state)


class HouseholdMember(models.Model):
    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("配偶")
        CHILD = "child", _("子女")
        PARENT = "parent", _("父母")
        OTHER = "other", _("其他")

    class Situation(models.TextChoices):
        WORKING = "working", _("在职")
        STUDENT = "student", _("在校学生")
        UNEMPLOYED = "unemployed", _("失业")
        RETIRED = "retired", _("退休")
        ILL = "ill", _("患病或残疾")
        CHILD = "child", _("学龄前儿童")

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="household")
    name = models.CharField(_("姓名"), max_length=40)
    relation = models.CharField(_("与职工关系"), max_length=10, choices=Relation.choices)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"))
    situation = models.CharField(_("状况"), max_length=12, choices=Situation.choices)
    monthly_income = models.DecimalField(_("月收入（元）"), max_digits=10, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class MonthlyIncome(models.Model):
    """A household's income for a month, as recorded at a visit: the exit rule reads six in a row."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="incomes")
    month = models.DateField(_("月份"))  # the first of the month
    household_income = models.DecimalField(_("家庭月收入（元）"), max_digits=10, decimal_places=2)
    per_capita_income = models.DecimalField(_("人均月收入（元）"), max_digits=10, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("月收入记录")
        verbose_name_plural = _("月收入记录")
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["file", "month"], name="care_income_file_month")]

    def __str__(self) -> str:
        return f"{self.file_id} {self.month:%Y-%m}"


class Assistance(models.Model):
    class Kind(models.TextChoices):
        CASH = "cash", _("生活救助")
        GOODS = "goods", _("物资慰问")
        MEDICAL = "medical", _("医疗救助")
        SCHOOLING = "schooling", _("助学")
        JOB = "job", _("就业帮扶")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.ForeignKey(HardshipFile, on_delete=models.PROTECT, related_name="assistance")
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("帮扶工会")
    )
    org_path = models.CharField(max_length=100, editable=False, db_index=True)  # the giver's path
    file_path = models.CharField(max_length=100, editable=False, db_index=True)  # the file's org path
    kind = models.CharField(_("帮扶类型"), max_length=10, choices=Kind.choices)
    # What need this answers (2026年春季学期学费, 2026年3月住院费用): one need is aided once, by one level.
    need = models.CharField(_("帮扶事由"), max_length=100)
    need_key = models.CharField(max_length=100, editable=False)
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2)
    given_on = models.DateField(_("帮扶日期"), db_index=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    scope_path_fields = ("file_path", "org_path")

    class Meta:
        verbose_name = _("帮扶记录")
        verbose_name_plural = _("帮扶记录")
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["file", "kind", "need_key"], name="care_assistance_one_need"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="care_assistance_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.need}"
