"""Supervision letters (一函两书): a reminder letter (提示函) or an opinion letter (意见书) from a union
to an employer about a labour-law problem, and a recommendation letter (建议书) to the labour
authority when the employer does not correct it.

A letter is numbered per issuing org and year (桐工函〔2026〕3号), issued as a .docx in the GB/T 9704
layout (core.documents), served with proof, answered by a deadline in working days, and its
rectification verified by the union before it is closed — or escalated to a recommendation letter.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedManager
from gonghui.core.workflow import Transition, Workflow

__all__ = ["LETTER_FLOW", "LetterSettings", "SupervisionLetter"]


def overdue_q(today=None) -> models.Q:
    """Served letters whose reply deadline has passed without a reply."""
    from django.utils import timezone

    return models.Q(state="served", reply_due__lt=today or timezone.localdate())


def _may_handle(actor, letter) -> bool:
    from gonghui.core.scoping import can_manage

    return can_manage(actor, letter.org)


LETTER_FLOW = Workflow(
    states={
        "draft": _("草稿"),
        "issued": _("已签发"),
        "served": _("已送达"),
        "replied": _("已回复"),
        "rectified": _("已整改"),
        "closed": _("已办结"),
        "escalated": _("已提请建议"),
    },
    transitions=[
        Transition("issue", ("draft",), "issued", _("签发"), _may_handle),
        Transition("serve", ("issued",), "served", _("登记送达"), _may_handle),
        Transition("reply", ("served",), "replied", _("登记回复"), _may_handle),
        Transition("verify", ("replied",), "rectified", _("核实整改"), _may_handle),
        Transition(
            "close", ("rectified", "served", "replied"), "closed", _("办结"), _may_handle, note_required=True
        ),
        Transition(
            "escalate", ("served", "replied"), "escalated", _("提请建议"), _may_handle, note_required=True
        ),
    ],
)


class LetterSettings(models.Model):
    """An issuing org's letterhead: its organ code (发文机关代字, 桐工函) and its default reply days."""

    org = models.OneToOneField("orgs.Org", on_delete=models.CASCADE, related_name="+", verbose_name=_("工会"))
    organ_code = models.CharField(
        _("发文机关代字"), max_length=10, help_text=format_lazy(_("如“{example}”"), example="桐工函")
    )
    reply_days = models.PositiveSmallIntegerField(_("回复期限（工作日）"), default=15)
    authority = models.CharField(
        _("劳动保障行政部门"), max_length=80, blank=True, help_text=_("建议书的默认主送机关")
    )

    class Meta:
        verbose_name = _("函件设置")
        verbose_name_plural = _("函件设置")

    def __str__(self) -> str:
        return f"{self.org} {self.organ_code}"


class SupervisionLetter(models.Model):
    class Kind(models.TextChoices):
        REMINDER = "reminder", _("提示函")
        OPINION = "opinion", _("意见书")
        RECOMMENDATION = "recommendation", _("建议书")

    class Problem(models.TextChoices):
        WAGES = "wages", _("拖欠或克扣工资")
        OVERTIME = "overtime", _("违法延长工作时间")
        INSURANCE = "insurance", _("未依法缴纳社会保险")
        CONTRACT = "contract", _("未依法签订劳动合同")
        SAFETY = "safety", _("劳动安全卫生")
        WOMEN = "women", _("女职工特殊保护")
        OTHER = "other", _("其他")

    class Served(models.TextChoices):
        DIRECT = "direct", _("直接送达")
        POST = "post", _("邮寄送达")
        ELECTRONIC = "electronic", _("电子送达")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("发函工会")
    )
    org_path = models.CharField(max_length=100, editable=False, db_index=True)
    kind = models.CharField(_("文书类型"), max_length=16, choices=Kind.choices)
    state = models.CharField(
        _("状态"), max_length=12, choices=LETTER_FLOW.choices(), default="draft", db_index=True
    )
    number_year = models.PositiveSmallIntegerField(null=True, editable=False)
    number_seq = models.PositiveIntegerField(null=True, editable=False)
    number = models.CharField(_("文号"), max_length=40, blank=True, editable=False)
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("用人单位"),
    )
    addressee = models.CharField(_("主送单位"), max_length=100)
    problem = models.CharField(_("问题类型"), max_length=12, choices=Problem.choices)
    title = models.CharField(_("标题"), max_length=100)
    facts = models.TextField(_("发现的问题"), max_length=3000)
    basis = models.TextField(_("法律依据"), max_length=1500, blank=True)
    demands = models.TextField(_("整改要求"), max_length=1500)
    reply_days = models.PositiveSmallIntegerField(_("回复期限（工作日）"), default=15)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalations",
        verbose_name=_("原函件"),
    )
    issued_on = models.DateField(_("签发日期"), null=True, blank=True)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    served_how = models.CharField(_("送达方式"), max_length=12, choices=Served.choices, blank=True)
    served_signed_by = models.CharField(_("签收人"), max_length=40, blank=True)
    reply_due = models.DateField(_("回复期限"), null=True, blank=True, db_index=True)
    replied_on = models.DateField(_("回复日期"), null=True, blank=True)
    reply_text = models.TextField(_("回复内容"), max_length=3000, blank=True)
    verified_on = models.DateField(_("核实日期"), null=True, blank=True)
    verification = models.TextField(_("核实情况"), max_length=1500, blank=True)
    evidence = models.FileField(_("整改证明材料"), upload_to="rights/evidence/%Y/", blank=True)
    overdue_noted_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("一函两书")
        verbose_name_plural = _("一函两书")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "number_year", "number_seq"],
                condition=models.Q(number_seq__isnull=False),
                name="rights_letter_number_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(reply_days__gte=1) & models.Q(reply_days__lte=60),
                name="rights_letter_reply_days",
            ),
        ]
        indexes = [models.Index(fields=["org_path", "issued_on"], name="rights_letter_path_issued")]

    def __str__(self) -> str:
        return self.number or str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("rights:letter_detail", args=[self.uuid])
