"""Care: welfare — condolence rules, condolence requests, welfare batches and their gifts (慰问, 普惠).

A rule caps what one member may get for one occasion (per gift, per year, how often) and says in
which forms; rules are set per org and inherited down the tree, where a lower union may only
tighten them (selectors.welfare.effective_rule). Every gift and approved or pending request of a
member for an occasion in a year counts against that member's caps; `occasion` and `year` are
kept on both rows so that count is one indexed lookup per member.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core import approval
from gonghui.core.scoping import ScopedManager
from gonghui.orgs.models import OrgKind

__all__ = ["CondolenceRequest", "CondolenceRule", "WelfareBatch", "WelfareGift"]


class Occasion(models.TextChoices):
    BIRTHDAY = "birthday", _("生日慰问")
    WEDDING = "wedding", _("结婚慰问")
    BIRTH = "birth", _("生育慰问")
    HOSPITAL = "hospital", _("住院慰问")
    BEREAVEMENT = "bereavement", _("丧葬慰问")
    RETIREMENT = "retirement", _("退休慰问")
    FESTIVAL = "festival", _("节日慰问")


class GiftForm(models.TextChoices):
    GOODS = "goods", _("实物")
    VOUCHER = "voucher", _("消费券/提货券")
    CASH = "cash", _("现金")


MONEY = {"max_digits": 10, "decimal_places": 2}


class CondolenceRule(models.Model):
    """What one org allows for one occasion; empty caps are "no cap at this level"."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("制定组织")
    )
    org_path = models.CharField(max_length=100, editable=False, db_index=True)
    occasion = models.CharField(_("慰问事项"), max_length=20, choices=Occasion.choices)
    cap_per_occasion = models.DecimalField(_("每人每次上限（元）"), null=True, blank=True, **MONEY)
    cap_per_year = models.DecimalField(_("每人每年上限（元）"), null=True, blank=True, **MONEY)
    times_per_year = models.PositiveSmallIntegerField(_("每人每年次数上限"), null=True, blank=True)
    once_per_case = models.BooleanField(
        _("同一事由每年一次"), default=False, help_text=_("如：同一病情住院每年慰问一次")
    )
    allow_goods = models.BooleanField(_("可发实物"), default=True)
    allow_voucher = models.BooleanField(_("可发消费券/提货券"), default=True)
    allow_cash = models.BooleanField(_("可发现金"), default=False)
    retired_eligible = models.BooleanField(_("退休会员可享受"), default=True)
    min_member_years = models.PositiveSmallIntegerField(_("入会满几年"), default=0)
    note = models.CharField(_("依据/说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("慰问标准")
        verbose_name_plural = _("慰问标准")
        ordering = ["org_path", "occasion"]
        constraints = [
            models.UniqueConstraint(fields=["org", "occasion"], name="care_rule_one_per_org_occasion"),
            models.CheckConstraint(
                condition=models.Q(cap_per_occasion__isnull=True) | models.Q(cap_per_occasion__gte=0),
                name="care_rule_cap_occasion_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(cap_per_year__isnull=True) | models.Q(cap_per_year__gte=0),
                name="care_rule_cap_year_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org}·{self.get_occasion_display()}"

    def allowed_forms(self) -> set[str]:
        return {
            f
            for f, ok in (
                (GiftForm.GOODS, self.allow_goods),
                (GiftForm.VOUCHER, self.allow_voucher),
                (GiftForm.CASH, self.allow_cash),
            )
            if ok
        }


CONDOLENCE_CHAIN = approval.Chain(
    name="condolence",
    subject=_("慰问申请"),
    levels=[
        approval.Level(
            "verify", _("乡镇（街道）审核"), kinds=(OrgKind.TOWNSHIP, OrgKind.STREET, OrgKind.PARK), days=5
        ),
        approval.Level("approve", _("县总工会审批"), kinds=(OrgKind.FEDERATION,), days=10),
    ],
)

# Requests in these states count against a member's caps (a returned one is being corrected: it is
# checked again when it is submitted again).
COUNTING_STATES = (*CONDOLENCE_CHAIN.pending_states, approval.APPROVED)


class CondolenceRequest(approval.ApprovalFields):
    """A condolence for one member, proposed by a cadre of the member's union (or above)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("会员")
    )
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("申请工会")
    )
    org_path = models.CharField(max_length=100, editable=False, db_index=True)
    occasion = models.CharField(_("慰问事项"), max_length=20, choices=Occasion.choices)
    event_date = models.DateField(_("事由发生日期"))
    year = models.PositiveSmallIntegerField(editable=False)
    case_ref = models.CharField(
        _("事由"), max_length=100, blank=True, help_text=_("如住院的病情；同一事由按标准每年只慰问一次")
    )
    amount = models.DecimalField(_("慰问金额（元）"), **MONEY)
    form = models.CharField(_("慰问形式"), max_length=10, choices=GiftForm.choices)
    reason = models.TextField(_("情况说明"), max_length=1000, blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=CONDOLENCE_CHAIN.choices(), default=approval.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("慰问申请")
        verbose_name_plural = _("慰问申请")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["member", "occasion", "year"], name="care_request_member_year"),
            models.Index(fields=["org_path", "decided_at"], name="care_request_path_decided"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="care_request_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.member.name}·{self.get_occasion_display()}"

    def get_absolute_url(self) -> str:
        return reverse("care:welfare_request_detail", args=[self.uuid])


class WelfareBatch(models.Model):
    """One gift for every eligible member of a subtree, for one occasion (a festival, say)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("待计算")
        COMPUTING = "computing", _("计算中")
        READY = "ready", _("发放中")
        CLOSED = "closed", _("已结束")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("发放范围")
    )
    org_path = models.CharField(max_length=100, editable=False, db_index=True)
    title = models.CharField(_("名称"), max_length=100)
    occasion = models.CharField(_("慰问事项"), max_length=20, choices=Occasion.choices)
    description = models.CharField(_("慰问品"), max_length=200)
    value = models.DecimalField(_("每人价值（元）"), **MONEY)
    form = models.CharField(_("慰问形式"), max_length=10, choices=GiftForm.choices)
    date = models.DateField(_("发放日期"))
    year = models.PositiveSmallIntegerField(editable=False)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    # The signed code of the distribution point's QR changes with this secret (a leaked photo of it
    # can be made useless by the cadre).
    point_secret = models.CharField(max_length=32, default="", editable=False)
    job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    skipped = models.JSONField(default=list, blank=True, editable=False)  # unions a rule kept out
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("普惠慰问发放批次")
        verbose_name_plural = _("普惠慰问发放批次")
        ordering = ["-date", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(value__gt=0), name="care_batch_value_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("care:welfare_batch_detail", args=[self.uuid])


class WelfareGift(models.Model):
    """The gift reserved for one member in one batch: one per member, whatever happens."""

    class State(models.TextChoices):
        RESERVED = "reserved", _("待领取")
        HANDED_OUT = "handed_out", _("已签收")

    class Method(models.TextChoices):
        MEMBER = "member", _("本人签收")
        SCAN = "scan", _("扫码签收")
        CADRE = "cadre", _("干部确认")

    # No id of its own in URLs: a gift is (batch uuid, member uuid); the member's own is (batch uuid).
    # Rows are reserved a million at a time by INSERT … SELECT from the members table (services
    # batch_compute), so every value comes from an existing row: no database foreign-key check per
    # row (a third of the insert's cost on PostgreSQL); Django still cascades and protects. Their
    # lookups are served by the composite indexes below (batch, member) and (member, occasion, year).
    batch = models.ForeignKey(
        WelfareBatch, on_delete=models.CASCADE, related_name="gifts", db_constraint=False, db_index=False
    )
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )
    org_path = models.CharField(max_length=100, editable=False)
    occasion = models.CharField(max_length=20, choices=Occasion.choices)
    year = models.PositiveSmallIntegerField()
    value = models.DecimalField(**MONEY)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.RESERVED)
    handed_out_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    method = models.CharField(_("签收方式"), max_length=10, choices=Method.choices, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    objects = ScopedManager()
    scope_path_fields = ("org_path",)
    scope_owner_field = "member__user"

    class Meta:
        verbose_name = _("慰问品签收")
        verbose_name_plural = _("慰问品签收")
        ordering = ["org_path", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "member"], name="care_gift_one_per_member"),
        ]
        indexes = [
            # Reserved rows enter neither partial index: reserving stays cheap; the report counts
            # the batch from the unique (batch, member) index and the handed-out ones from here.
            models.Index(
                fields=["batch"], name="care_gift_batch_handed", condition=models.Q(state="handed_out")
            ),
            # A member's sums for an occasion and year (the caps) from the index alone (PostgreSQL).
            models.Index(
                fields=["member", "occasion", "year"],
                name="care_gift_member_year",
                include=["value", "batch"],
            ),
            models.Index(
                fields=["org_path", "handed_out_at"],
                name="care_gift_path_handed",
                condition=models.Q(state="handed_out"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch}·{self.member_id}"
