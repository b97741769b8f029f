"""Hardship files: the forms of the cadre's pages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.care.models.hardship import Assistance, HardshipFile, HouseholdMember
from gonghui.core import approval
from gonghui.core.forms import MoneyField


class _Figures(forms.Form):
    cause = forms.ChoiceField(label=_("致困原因"), choices=HardshipFile.Cause.choices)
    cause_detail = forms.CharField(
        label=_("困难情况说明"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    household_size = forms.IntegerField(
        label=_("家庭人口（含职工本人）"),
        min_value=1,
        max_value=20,
        error_messages={
            "invalid": _("请填写人数。"),
            "min_value": _("至少 1 人。"),
            "max_value": _("最多 20 人。"),
        },
    )
    household_income = MoneyField(label=_("家庭月收入（元）"), example="2400.00")
    medical_costs = MoneyField(
        label=_("近一年自付医疗费用（元）"), required=False, high="10000000", example="30000.00"
    )


class FileForm(_Figures):
    """A new file (with the worker, found by ID number or member number) or a correction."""

    member = forms.CharField(
        label=_("职工身份证号码或会员编号"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("只能为本工会及下级工会的会员建档。"),
    )
    health = forms.CharField(
        label=_("健康状况（病种、残疾等级）"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("属于个人敏感信息，加密保存，仅经办干部可查看。"),
    )
    bank_name = forms.CharField(label=_("开户银行"), max_length=60, required=False)
    bank_account = forms.CharField(
        label=_("银行账号"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    field_order = ["member", "cause", "cause_detail", "household_size", "household_income", "medical_costs"]

    def __init__(self, *args, file: HardshipFile | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.file = file
        if file is not None:
            del self.fields["member"]
            for name in ("health", "bank_account"):
                self.fields[name].help_text = _("留空则保持原有信息不变。")


class ActForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            (approval.SUBMIT, _("提交")),
            (approval.APPROVE, _("通过")),
            (approval.SEND_BACK, _("退回")),
            (approval.REJECT, _("不予批准")),
            (approval.WITHDRAW, _("撤回")),
        ]
    )
    reason = forms.CharField(label=_("意见或理由"), max_length=300, required=False)


class HouseholdForm(forms.ModelForm):
    monthly_income = MoneyField(label=_("月收入（元）"), required=False, example="0")

    class Meta:
        model = HouseholdMember
        fields = ["name", "relation", "birth_year", "situation", "monthly_income"]


class AssistanceForm(forms.Form):
    org = forms.TypedChoiceField(label=_("帮扶工会"), coerce=int)
    kind = forms.ChoiceField(label=_("帮扶类型"), choices=Assistance.Kind.choices)
    need = forms.CharField(
        label=_("帮扶事由"), max_length=100, help_text=_("写明这笔帮扶解决的需要，如“2026年春季学期学费”。")
    )
    amount = MoneyField(label=_("金额（元）"), low="0.01", example="2000.00")
    given_on = forms.DateField(label=_("帮扶日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.pk, o.name) for o in orgs]
        self.orgs = {o.pk: o for o in orgs}
        self.fields["given_on"].initial = timezone.localdate()

    def clean_org(self):
        return self.orgs[self.cleaned_data["org"]]


class IncomeForm(forms.Form):
    month = forms.DateField(
        label=_("月份"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("请选择月份。")},
    )
    household_income = MoneyField(label=_("家庭月收入（元）"), example="2400.00")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].initial = timezone.localdate().replace(day=1)


class ReviewForm(_Figures):
    note = forms.CharField(label=_("年审意见"), max_length=200, required=False)


class ExitForm(forms.Form):
    reason = forms.CharField(label=_("退出原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class LineForm(forms.Form):
    org = forms.ModelChoiceField(label=_("适用地区（工会）"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    minimum_living = MoneyField(label=_("低保标准（元/人/月）"), low="100", high="10000", example="780.00")

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["year"].initial = timezone.localdate().year
