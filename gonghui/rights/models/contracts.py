"""Collective consultation (集体协商) and collective contracts (集体合同).

A round of consultation is held by a union: an enterprise (grassroots) union for its enterprise, or
a regional or industry union (a joint union, a park's union) for many small enterprises at once.
The round gathers the workers' demands, holds meetings with minutes, and ends in the workers'
congress vote. The contract it negotiates is drafted with the round; a vote that meets the quorum
(at least two thirds present) and the majority (more than half of all representatives) makes it
voted; it is filed with the labour authority within 10 days of the vote; the authority has 15
calendar days to object; without an objection it takes effect; it is published to the workers of
the enterprises it covers. It runs one to three years; renewal talks start in its last three months
with a new round linked to it.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedManager

__all__ = [
    "ConsultationDemand",
    "ConsultationMeeting",
    "ConsultationRound",
    "Contract",
    "ContractKind",
    "ContractLevel",
    "ContractState",
]


REMIND_MONTHS = 3  # renewal talks start in the contract's last three months


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (earlier if negative); the 31st of a shorter month is its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def add_years(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, 12 * years)


class ContractKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("综合性集体合同")
    WAGE = "wage", _("工资专项集体合同")
    WOMEN = "women", _("女职工权益保护专项集体合同")
    SAFETY = "safety", _("劳动安全卫生专项集体合同")


class ContractLevel(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业集体合同")
    REGIONAL = "regional", _("区域性集体合同")
    INDUSTRY = "industry", _("行业性集体合同")


class ContractState(models.TextChoices):
    DRAFT = "draft", _("协商中")
    VOTED = "voted", _("已表决通过")
    FILED = "filed", _("已报送审查")
    IN_FORCE = "in_force", _("生效中")
    EXPIRED = "expired", _("已到期")
    RENEWED = "renewed", _("已续签")


class ConsultationRound(models.Model):
    """One round of collective consultation and the workers' congress vote that ends it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("协商工会")
    )
    org_path = models.CharField(max_length=100, editable=False, db_index=True)
    title = models.CharField(_("协商事项"), max_length=100)
    started_on = models.DateField(_("发起日期"))
    # A renewal: the contract whose last months this round negotiates the successor of.
    renews = models.ForeignKey(
        "Contract",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewal_rounds",
        verbose_name=_("续签的合同"),
    )
    # The workers' congress (职工代表大会) vote: recorded only when it passed.
    voted_on = models.DateField(_("表决日期"), null=True, blank=True)
    representatives_total = models.PositiveIntegerField(_("职工代表总数"), null=True, blank=True)
    representatives_present = models.PositiveIntegerField(_("出席代表"), null=True, blank=True)
    votes_in_favour = models.PositiveIntegerField(_("赞成票"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("集体协商")
        verbose_name_plural = _("集体协商")
        ordering = ["-started_on", "-pk"]
        constraints = [
            # A contract is renewed once: a second "start renewal" finds the first round.
            models.UniqueConstraint(
                fields=["renews"], condition=models.Q(renews__isnull=False), name="rights_round_one_renewal"
            ),
            models.CheckConstraint(
                condition=models.Q(voted_on__isnull=True)
                | models.Q(
                    representatives_present__lte=models.F("representatives_total"),
                    votes_in_favour__lte=models.F("representatives_present"),
                ),
                name="rights_round_vote_consistent",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("rights:contracts_round", args=[self.uuid])

    @property
    def voted(self) -> bool:
        return self.voted_on is not None


class ConsultationDemand(models.Model):
    """A demand the workers put forward (a wage rise, shift allowances, a nursing room …)."""

    round = models.ForeignKey(ConsultationRound, on_delete=models.CASCADE, related_name="demands")
    text = models.CharField(_("职工诉求"), max_length=300)
    # The same demand entered twice (a double submit) is one demand.
    text_key = models.CharField(max_length=300, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("职工诉求")
        verbose_name_plural = _("职工诉求")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["round", "text_key"], name="rights_demand_once")]

    def __str__(self) -> str:
        return self.text


class ConsultationMeeting(models.Model):
    round = models.ForeignKey(ConsultationRound, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("会议日期"))
    place = models.CharField(_("地点"), max_length=100)
    minutes = models.TextField(_("会议纪要"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("协商会议")
        verbose_name_plural = _("协商会议")
        ordering = ["held_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "held_on", "place"], name="rights_meeting_once")
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.place}"


class Contract(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.OneToOneField(
        ConsultationRound, on_delete=models.PROTECT, related_name="contract", verbose_name=_("集体协商")
    )
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("签约工会")
    )
    org_path = models.CharField(max_length=100, editable=False, db_index=True)
    kind = models.CharField(_("合同类型"), max_length=16, choices=ContractKind.choices)
    level = models.CharField(_("合同层级"), max_length=12, choices=ContractLevel.choices)
    title = models.CharField(_("合同名称"), max_length=120)
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("终止日期"), db_index=True)
    employees_covered = models.PositiveIntegerField(_("覆盖职工人数"))
    enterprises = models.ManyToManyField("orgs.Enterprise", related_name="+", verbose_name=_("覆盖企业"))
    text = models.TextField(_("合同文本"), max_length=50000, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=ContractState.choices, default=ContractState.DRAFT, db_index=True
    )
    filing_due = models.DateField(_("报送截止日期"), null=True, blank=True)
    filed_on = models.DateField(_("报送日期"), null=True, blank=True)
    filed_with = models.CharField(_("报送的劳动行政部门"), max_length=100, blank=True)
    filed_late = models.BooleanField(_("逾期报送"), default=False)
    objection_until = models.DateField(_("审查期截止日期"), null=True, blank=True)
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    # The authority's objection within its review: the contract goes back to negotiation and a new vote.
    objected_on = models.DateField(_("收到审查意见日期"), null=True, blank=True)
    objection_note = models.CharField(_("审查意见"), max_length=300, blank=True)
    expiry_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("集体合同")
        verbose_name_plural = _("集体合同")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["state", "org_path"], name="rights_contract_state_path")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="rights_contract_term"
            ),
            # One round in negotiation per union and kind: a double click on 发起 starts one.
            models.UniqueConstraint(
                fields=["org", "kind"],
                condition=models.Q(state="draft"),
                name="rights_contract_one_draft_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("rights:contracts_round", args=[self.round.uuid])
