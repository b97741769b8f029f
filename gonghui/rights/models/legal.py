"""Legal aid (法律援助): consultations, lawyers and cases.

A consultation is one question a worker asked (on the 12351 hotline, at a worker home or station,
or online from their phone) and the answer the union gave. A case is legal aid the union takes on
for a worker against an employer, with a lawyer from the union's list, through the stages
咨询 → 调解 → 仲裁 → 诉讼 (core.workflow: the state and a transition log), a stage log with each
stage's date, outcome and next date, a next action due in working days (core.workdays), the
amounts claimed and recovered, and the closure with its outcome and the worker's satisfaction.

A lawyer advises enterprises (as their legal adviser): they cannot act in a case against one of
them (the conflict check in services).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core import facts
from gonghui.core.scoping import SEGMENT, ScopedManager, can_manage
from gonghui.core.workflow import Transition, Workflow

__all__ = ["CASE_FLOW", "CaseStage", "Consultation", "LegalCase", "Lawyer"]


class Topic(models.TextChoices):
    WAGES = "wages", _("拖欠工资")
    OVERTIME = "overtime", _("加班及加班费")
    INSURANCE = "insurance", _("社会保险")
    CONTRACT = "contract", _("劳动合同")
    INJURY = "injury", _("工伤")
    DISMISSAL = "dismissal", _("解除劳动关系")
    OTHER = "other", _("其他")


class Lawyer(models.Model):
    """A lawyer on a union's list: volunteer (志愿律师) or retained (签约律师)."""

    class Kind(models.TextChoices):
        VOLUNTEER = "volunteer", _("志愿律师")
        RETAINED = "retained", _("签约律师")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属工会")
    )
    org_path = models.CharField(max_length=100, editable=False, db_index=True)
    name = models.CharField(_("姓名"), max_length=40)
    firm = models.CharField(_("律师事务所"), max_length=100)
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, default=Kind.VOLUNTEER)
    phone = models.CharField(_("联系电话"), max_length=11, blank=True)
    advises = models.ManyToManyField(
        "orgs.Enterprise", blank=True, related_name="+", verbose_name=_("担任法律顾问的企业")
    )
    is_active = models.BooleanField(_("在册"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("律师")
        verbose_name_plural = _("律师")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.firm}）"


class Consultation(models.Model):
    class Channel(models.TextChoices):
        HOTLINE = "hotline", _("12351热线")
        STATION = "station", _("职工之家或服务站")
        ONLINE = "online", _("网上咨询")

    Topic = Topic

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("受理工会")
    )
    org_path = models.CharField(max_length=100, editable=False, db_index=True)
    channel = models.CharField(_("咨询渠道"), max_length=10, choices=Channel.choices)
    member = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("会员"),
    )
    # The worker's account (an online question, a member's account, or an account with that phone):
    # what the worker's own pages look up.
    worker_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    worker_name = models.CharField(_("职工姓名"), max_length=40)
    worker_phone = models.CharField(_("联系电话"), max_length=11, blank=True)
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("用人单位"),
    )
    employer_name = models.CharField(_("用人单位名称"), max_length=150, blank=True)
    topic = models.CharField(_("咨询事项"), max_length=12, choices=Topic.choices)
    summary = models.TextField(_("咨询内容"), max_length=2000)
    answer = models.TextField(_("解答"), max_length=4000, blank=True)
    answered_at = models.DateTimeField(_("解答时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The online form's one-time key: a second click of the same form finds the first record.
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)
    scope_owner_field = "worker_user"
    scope_superuser = False

    class Meta:
        verbose_name = _("法律咨询")
        verbose_name_plural = _("法律咨询")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.worker_name} {self.get_topic_display()}"

    def get_absolute_url(self) -> str:
        return reverse("rights:legal_consultation_detail", args=[self.uuid])

    @property
    def employer(self) -> str:
        return self.enterprise.name if self.enterprise_id else self.employer_name

    @property
    def phone_masked(self) -> str:
        from gonghui.core.pii import mask_mobile

        return mask_mobile(self.worker_phone)


def _manages(actor, case) -> bool:
    return can_manage(actor, case.org)


CONSULT, MEDIATION, ARBITRATION, LITIGATION, CLOSED = (
    "consult",
    "mediation",
    "arbitration",
    "litigation",
    "closed",
)
OPEN_STATES = (CONSULT, MEDIATION, ARBITRATION, LITIGATION)

CASE_FLOW = Workflow(
    states={
        CONSULT: _("咨询"),
        MEDIATION: _("调解"),
        ARBITRATION: _("仲裁"),
        LITIGATION: _("诉讼"),
        CLOSED: _("已结案"),
    },
    transitions=[
        Transition("mediate", (CONSULT,), MEDIATION, _("转入调解"), may=_manages),
        Transition("arbitrate", (CONSULT, MEDIATION), ARBITRATION, _("申请仲裁"), may=_manages),
        Transition("litigate", (CONSULT, MEDIATION, ARBITRATION), LITIGATION, _("提起诉讼"), may=_manages),
        Transition("close", OPEN_STATES, CLOSED, _("结案"), may=_manages),
    ],
)
# The transition that leads into each stage.
STAGE_TRANSITION = {MEDIATION: "mediate", ARBITRATION: "arbitrate", LITIGATION: "litigate"}


class LegalCase(models.Model):
    class Outcome(models.TextChoices):
        WON = "won", _("胜诉或裁决支持")
        MEDIATED = "mediated", _("调解成功")
        PARTIAL = "partial", _("部分支持")
        LOST = "lost", _("未获支持")
        WITHDRAWN = "withdrawn", _("职工撤回")
        OTHER = "other", _("其他")

    Topic = Topic

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("案件编号"), max_length=30, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("承办工会")
    )
    org_path = models.CharField(max_length=100, editable=False, db_index=True)
    consultation = models.OneToOneField(
        Consultation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case",
        verbose_name=_("来自咨询"),
    )
    member = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("会员"),
    )
    worker_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    worker_name = models.CharField(_("职工姓名"), max_length=40)
    worker_phone = models.CharField(_("联系电话"), max_length=11, blank=True)
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("用人单位"),
    )
    employer_name = models.CharField(_("用人单位名称"), max_length=150, blank=True)
    topic = models.CharField(_("案件类型"), max_length=12, choices=Topic.choices)
    summary = models.TextField(_("案情摘要"), max_length=4000)
    lawyer = models.ForeignKey(
        Lawyer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("承办律师"),
    )
    state = models.CharField(
        _("阶段"), max_length=12, choices=CASE_FLOW.choices(), default=CONSULT, db_index=True
    )
    opened_on = models.DateField(_("立案日期"))
    close_due = models.DateField(_("应结案日期"))
    next_action = models.CharField(_("下一步"), max_length=200, blank=True)
    next_due = models.DateField(_("下一步期限"), null=True, blank=True, db_index=True)
    # The next date the cadres were last told was overdue (the daily reminder tells them once per date).
    reminded_due = models.DateField(null=True, blank=True, editable=False)
    amount_claimed = models.DecimalField(_("请求金额（元）"), max_digits=12, decimal_places=2, default=0)
    amount_recovered = models.DecimalField(_("挽回金额（元）"), max_digits=12, decimal_places=2, default=0)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    outcome = models.CharField(_("结案结果"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = models.CharField(_("结案说明"), max_length=500, blank=True)
    # The direct form's one-time key: a second click of the same form finds the first case.
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    satisfaction = models.PositiveSmallIntegerField(_("满意度"), null=True, blank=True)
    satisfaction_note = models.CharField(_("评价"), max_length=300, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)
    scope_owner_field = "worker_user"
    scope_superuser = False

    class Meta:
        verbose_name = _("法律援助案件")
        verbose_name_plural = _("法律援助案件")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_claimed__gte=0) & Q(amount_recovered__gte=0),
                name="rights_case_amounts_positive",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="rights_case_satisfaction_1_5",
            ),
        ]
        indexes = [models.Index(fields=["state", "org_path"], name="rights_case_state_path")]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("rights:legal_case_detail", args=[self.uuid])

    @property
    def employer(self) -> str:
        return self.enterprise.name if self.enterprise_id else self.employer_name

    @property
    def is_open(self) -> bool:
        return self.state != CLOSED

    @property
    def state_label(self) -> str:
        return CASE_FLOW.label(self.state)

    @property
    def phone_masked(self) -> str:
        from gonghui.core.pii import mask_mobile

        return mask_mobile(self.worker_phone)

    @property
    def closed_on_time(self) -> bool | None:
        if self.closed_on is None:
            return None
        return self.closed_on <= self.close_due


def _who_sees_on_home(case: LegalCase) -> list:
    """The worker and the cadres over the case's union: their home cards come from core.facts."""
    from gonghui.accounts.models import Position

    paths = [case.org_path[:i] for i in range(len(case.org_path), 0, -SEGMENT)]
    users = list(Position.objects.filter(org__path__in=paths).values_list("user_id", flat=True))
    return [*users, case.worker_user_id] if case.worker_user_id else users


# The worker's card (their open cases) and the cadres' to-do (cases due soon or overdue) are read
# from core.facts: a change to a case makes them read again.
facts.follow(LegalCase, _who_sees_on_home)


class CaseStage(models.Model):
    """One entry of a case's stage log: the stage, its date, its outcome and the next date."""

    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(_("阶段"), max_length=12, choices=CASE_FLOW.choices())
    on = models.DateField(_("日期"))
    outcome = models.CharField(_("进展或结果"), max_length=500, blank=True)
    next_action = models.CharField(_("下一步"), max_length=200, blank=True)
    next_due = models.DateField(_("下一步期限"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("案件阶段记录")
        verbose_name_plural = _("案件阶段记录")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.stage} {self.on}"
