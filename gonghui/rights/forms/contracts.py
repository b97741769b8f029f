"""Collective consultation and contracts: the forms of the cadre's pages (the rules are the services')."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.rights.models.contracts import ContractKind, ContractLevel


def _date(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("请填写日期，如 2026-07-01。"), "required": _("请填写日期。")},
        **kwargs,
    )


def _count(label, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=1_000_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("请填写整数。"),
            "required": _("请填写人数。"),
            "min_value": _("人数不能为负数。"),
            "max_value": _("人数过大，请核对。"),
        },
        **kwargs,
    )


class TermsForm(forms.Form):
    title = forms.CharField(label=_("协商事项（合同名称）"), max_length=100)
    kind = forms.ChoiceField(label=_("合同类型"), choices=ContractKind.choices)
    level = forms.ChoiceField(
        label=_("合同层级"),
        choices=[
            (ContractLevel.REGIONAL, ContractLevel.REGIONAL.label),
            (ContractLevel.INDUSTRY, ContractLevel.INDUSTRY.label),
        ],
        required=False,
        help_text=_("企业工会签订的为企业集体合同；区域、行业工会选择区域性或行业性。"),
    )
    starts_on = _date(_("合同起始日期"))
    ends_on = _date(_("合同终止日期"), help_text=_("集体合同期限为一至三年。"))
    employees_covered = _count(_("覆盖职工人数"))
    enterprises = forms.ModelMultipleChoiceField(
        label=_("覆盖企业"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请选择合同覆盖的企业。"), "invalid_choice": _("所选企业不在范围内。")},
    )
    text = forms.CharField(
        label=_("合同文本"), max_length=50000, required=False, widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprises"].queryset = enterprises


class RoundForm(TermsForm):
    org = forms.ModelChoiceField(label=_("协商工会"), queryset=None, empty_label=None)
    field_order = [
        "org",
        "title",
        "kind",
        "level",
        "starts_on",
        "ends_on",
        "employees_covered",
        "enterprises",
    ]

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class DemandForm(forms.Form):
    text = forms.CharField(label=_("职工诉求"), max_length=300)


class MeetingForm(forms.Form):
    held_on = _date(_("会议日期"))
    place = forms.CharField(label=_("地点"), max_length=100)
    minutes = forms.CharField(label=_("会议纪要"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class VoteForm(forms.Form):
    voted_on = _date(_("职工代表大会表决日期"))
    representatives_total = _count(_("职工代表总数"))
    representatives_present = _count(_("出席代表人数"))
    votes_in_favour = _count(_("赞成票数"))


class FilingForm(forms.Form):
    filed_on = _date(_("报送日期"))
    filed_with = forms.CharField(label=_("受理的劳动行政部门"), max_length=100)


class ObjectionForm(forms.Form):
    received_on = _date(_("收到审查意见日期"))
    note = forms.CharField(label=_("审查意见"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(forms.Form):
    published_on = _date(_("向职工公布日期"))
