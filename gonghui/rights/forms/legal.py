"""Legal aid: the forms of the cadre's and the worker's pages (validated on the server, errors beside fields)."""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import MoneyField
from gonghui.orgs.forms import public_area_field
from gonghui.rights.models.legal import CASE_FLOW, OPEN_STATES, Consultation, Lawyer, LegalCase, Topic

MONEY_HIGH = "100000000"


def _date(label, **kwargs):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("请选择日期。"), "required": _("请选择日期。")},
        **kwargs,
    )


class _Worker(forms.Form):
    """Who the worker is: a member by ID number or member number, else a name and a phone."""

    worker = forms.CharField(
        label=_("会员身份证号码或会员编号"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("会员填写此项；非会员留空，填写姓名和手机号码。"),
    )
    worker_name = forms.CharField(label=_("职工姓名（非会员）"), max_length=40, required=False)
    worker_phone = forms.CharField(
        label=_("手机号码（非会员）"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    enterprise = forms.ModelChoiceField(label=_("用人单位（已登记企业）"), queryset=None, required=False)
    employer_name = forms.CharField(label=_("用人单位名称（未登记时填写）"), max_length=150, required=False)
    topic = forms.ChoiceField(label=_("事项"), choices=Topic.choices)

    submission = forms.UUIDField(
        widget=forms.HiddenInput, error_messages={"required": _("请重新打开表单后提交。")}
    )

    def __init__(self, *args, orgs, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["enterprise"].queryset = enterprises
        self.fields["submission"].initial = uuid.uuid4()


class ConsultationForm(_Worker):
    org = forms.ModelChoiceField(label=_("受理工会"), queryset=None, empty_label=None)
    channel = forms.ChoiceField(
        label=_("咨询渠道"),
        choices=[(k, v) for k, v in Consultation.Channel.choices if k != Consultation.Channel.ONLINE],
    )
    summary = forms.CharField(label=_("咨询内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    answer = forms.CharField(
        label=_("解答"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = ["org", "channel", "worker", "worker_name", "worker_phone", "enterprise", "employer_name"]


class CaseForm(_Worker):
    org = forms.ModelChoiceField(label=_("承办工会"), queryset=None, empty_label=None)
    summary = forms.CharField(label=_("案情摘要"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    amount_claimed = MoneyField(
        label=_("请求金额（元）"), required=False, high=MONEY_HIGH, example="18000.00"
    )
    opened_on = _date(_("立案日期"))
    next_action = forms.CharField(label=_("下一步"), max_length=200, required=False)
    next_days = forms.IntegerField(
        label=_("下一步期限（工作日）"),
        min_value=1,
        max_value=250,
        initial=5,
        required=False,
        error_messages={
            "invalid": _("请填写天数。"),
            "min_value": _("至少 1 个工作日。"),
            "max_value": _("最多 250 个工作日。"),
        },
    )
    field_order = ["org", "worker", "worker_name", "worker_phone", "enterprise", "employer_name", "topic"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_on"].initial = timezone.localdate()


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("解答"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class FromConsultationForm(forms.Form):
    amount_claimed = MoneyField(
        label=_("请求金额（元）"), required=False, high=MONEY_HIGH, example="18000.00"
    )
    next_action = forms.CharField(label=_("下一步"), max_length=200, required=False)
    next_days = forms.IntegerField(label=_("下一步期限（工作日）"), min_value=1, max_value=250, initial=5)


class LawyerChoiceForm(forms.Form):
    lawyer = forms.ModelChoiceField(label=_("承办律师"), queryset=None)

    def __init__(self, *args, lawyers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].queryset = lawyers


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("阶段"), choices=[(s, CASE_FLOW.label(s)) for s in OPEN_STATES])
    on = _date(_("日期"))
    outcome = forms.CharField(
        label=_("进展或结果"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_action = forms.CharField(label=_("下一步"), max_length=200, required=False)
    next_days = forms.IntegerField(
        label=_("下一步期限（工作日）"),
        min_value=1,
        max_value=250,
        required=False,
        help_text=_("或直接选择下一步日期（如开庭日期）。"),
        error_messages={
            "invalid": _("请填写天数。"),
            "min_value": _("至少 1 个工作日。"),
            "max_value": _("最多 250 个工作日。"),
        },
    )
    next_due = _date(_("下一步日期"), required=False)

    def __init__(self, *args, case: LegalCase | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        if case is not None:
            self.fields["stage"].initial = case.state


class AmountsForm(forms.Form):
    claimed = MoneyField(label=_("请求金额（元）"), high=MONEY_HIGH, example="18000.00")
    recovered = MoneyField(
        label=_("挽回金额（元）"),
        high=MONEY_HIGH,
        example="18000.00",
        help_text=_("可以高于请求金额（含经济补偿、赔偿金）。"),
    )


class CloseForm(forms.Form):
    closed_on = _date(_("结案日期"))
    outcome = forms.ChoiceField(label=_("结案结果"), choices=LegalCase.Outcome.choices)
    recovered = MoneyField(label=_("挽回金额（元）"), required=False, high=MONEY_HIGH, example="18000.00")
    note = forms.CharField(label=_("结案说明"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()


class RateForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("您对这次法律援助满意吗？"),
        coerce=int,
        choices=[(5, _("非常满意")), (4, _("满意")), (3, _("一般")), (2, _("不太满意")), (1, _("不满意"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择满意程度。"), "invalid_choice": _("请选择 1 至 5 分。")},
    )
    note = forms.CharField(label=_("意见建议"), max_length=300, required=False)


class AskForm(forms.Form):
    """The worker's online question. `submission` is a one-time key: a second click is the same question."""

    topic = forms.ChoiceField(label=_("遇到的问题"), choices=Topic.choices)
    summary = forms.CharField(
        label=_("具体情况"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("写明时间、金额、经过，便于律师和工会干部解答。"),
    )
    employer_name = forms.CharField(label=_("用人单位名称"), max_length=150, required=False)
    org = public_area_field(
        label=_("工作所在地区的工会"),
        noun=_("地区"),
        required=False,
        help_text=_("您还不是会员：请输入工作所在的县、乡镇、街道或园区查找，由当地工会解答。"),
        error_messages={"invalid_choice": _("请从搜索结果中选择工作所在地区。")},
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
        help_text=_("留空则使用您登录的手机号码。"),
    )
    submission = forms.UUIDField(
        widget=forms.HiddenInput, error_messages={"required": _("请重新打开表单后提交。")}
    )

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].initial = uuid.uuid4()
        if member is not None:
            del self.fields["org"]
            if member.enterprise_id:
                self.fields["employer_name"].help_text = _("留空即为%(name)s。") % {
                    "name": member.enterprise.name
                }


class LawyerForm(forms.Form):
    org = forms.ModelChoiceField(label=_("所属工会"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("姓名"), max_length=40)
    firm = forms.CharField(label=_("律师事务所"), max_length=100)
    kind = forms.ChoiceField(label=_("类别"), choices=Lawyer.Kind.choices)
    phone = forms.CharField(
        label=_("联系电话"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    advises = forms.ModelMultipleChoiceField(
        label=_("担任法律顾问的企业"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("律师不能承办针对其顾问企业的案件。"),
    )

    def __init__(self, *args, orgs, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["advises"].queryset = enterprises
