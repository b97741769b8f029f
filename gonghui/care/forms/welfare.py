"""Care: welfare — forms. They collect input; the rules live in services/welfare.py."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gonghui.care.models.welfare import GiftForm, Occasion
from gonghui.core.choosers import org_choice

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _amount_field(label, *, required=True, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=20,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"required": _("请填写金额（元）。")},
    )


def _clean_money(value, label, *, allow_empty=False):
    from gonghui.care.services.welfare import clean_amount

    return clean_amount(value, label=str(label), allow_empty=allow_empty)


def _date(label):
    return forms.DateField(
        label=label,
        widget=DATE_WIDGET,
        input_formats=["%Y-%m-%d"],
        error_messages={"required": _("请填写日期。"), "invalid": _("请填写正确的日期。")},
    )


def _orgs(user):
    from gonghui.orgs.selectors import manageable_orgs

    return manageable_orgs(user)


class RuleForm(forms.Form):
    org = forms.ModelChoiceField(queryset=None, label=_("制定组织"))
    occasion = forms.ChoiceField(label=_("慰问事项"), choices=Occasion.choices)
    cap_per_occasion = _amount_field(_("每人每次上限（元）"), required=False, help_text=_("不填为不设上限"))
    cap_per_year = _amount_field(_("每人每年上限（元）"), required=False, help_text=_("不填为不设上限"))
    times_per_year = forms.IntegerField(
        label=_("每人每年次数上限"),
        required=False,
        min_value=1,
        max_value=366,
        error_messages={
            "invalid": _("请填写整数。"),
            "min_value": _("不能小于%(limit_value)s。"),
            "max_value": _("不能大于%(limit_value)s。"),
        },
    )
    once_per_case = forms.BooleanField(label=_("同一事由（如同一病情）每年只慰问一次"), required=False)
    allow_goods = forms.BooleanField(label=_("可发实物"), required=False, initial=True)
    allow_voucher = forms.BooleanField(label=_("可发消费券/提货券"), required=False, initial=True)
    allow_cash = forms.BooleanField(label=_("可发现金"), required=False)
    retired_eligible = forms.BooleanField(label=_("退休会员可享受"), required=False, initial=True)
    min_member_years = forms.IntegerField(
        label=_("入会满几年方可享受"),
        initial=0,
        min_value=0,
        max_value=60,
        error_messages={
            "required": _("请填写入会年限（不限填0）。"),
            "invalid": _("请填写整数。"),
            "min_value": _("不能小于%(limit_value)s。"),
            "max_value": _("不能大于%(limit_value)s。"),
        },
    )
    note = forms.CharField(label=_("依据/说明"), max_length=200, required=False)

    def __init__(self, *args, user, rule=None, **kwargs):
        super().__init__(*args, **kwargs)
        if rule is not None:
            del self.fields["org"]
            del self.fields["occasion"]
        else:
            self.fields["org"] = org_choice(
                _orgs(user),
                purpose="manage",
                label=_("制定组织"),
                error_messages={"required": _("请选择组织。"), "invalid_choice": _("请选择您管理的组织。")},
            )

    def clean_cap_per_occasion(self):
        return _clean_money(self.cleaned_data["cap_per_occasion"], _("每人每次上限"), allow_empty=True)

    def clean_cap_per_year(self):
        return _clean_money(self.cleaned_data["cap_per_year"], _("每人每年上限"), allow_empty=True)


class BatchForm(forms.Form):
    org = forms.ModelChoiceField(queryset=None, label=_("发放范围"))
    title = forms.CharField(
        label=_("批次名称"), max_length=100, error_messages={"required": _("请填写批次名称。")}
    )
    occasion = forms.ChoiceField(label=_("慰问事项"), choices=Occasion.choices, initial=Occasion.FESTIVAL)
    description = forms.CharField(
        label=_("慰问品"), max_length=200, error_messages={"required": _("请填写慰问品。")}
    )
    value = _amount_field(_("每人价值（元）"))
    form = forms.ChoiceField(label=_("慰问形式"), choices=GiftForm.choices, initial=GiftForm.GOODS)
    date = _date(_("发放日期"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_choice(
            _orgs(user),
            purpose="manage",
            label=_("发放范围（该组织及下级工会的会员）"),
            error_messages={"required": _("请选择发放范围。"), "invalid_choice": _("请选择您管理的组织。")},
        )

    def clean_value(self):
        return _clean_money(self.cleaned_data["value"], _("每人价值"))


class RequestForm(forms.Form):
    member = forms.CharField(
        label=_("会员"),
        max_length=40,
        help_text=_("输入会员编号或手机号码"),
        error_messages={"required": _("请填写会员编号或手机号码。")},
    )
    occasion = forms.ChoiceField(label=_("慰问事项"), choices=Occasion.choices)
    event_date = _date(_("事由发生日期"))
    case_ref = forms.CharField(
        label=_("事由"),
        max_length=100,
        required=False,
        help_text=_("如住院的病情；同一事由按标准每年只慰问一次"),
    )
    amount = _amount_field(_("慰问金额（元）"))
    form = forms.ChoiceField(label=_("慰问形式"), choices=GiftForm.choices, initial=GiftForm.GOODS)
    reason = forms.CharField(
        label=_("情况说明"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_amount(self):
        return _clean_money(self.cleaned_data["amount"], _("慰问金额"))

    def clean_member(self):
        from gonghui.care.selectors.welfare import find_members

        found = find_members(self.user, self.cleaned_data["member"])
        if not found:
            raise ValidationError(_("在您管理的工会中找不到这名会员，请核对会员编号或手机号码。"))
        if len(found) > 1:
            raise ValidationError(_("找到多名会员，请输入会员编号。"))
        return found[0]


class ActionForm(forms.Form):
    note = forms.CharField(
        label=_("意见/理由"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class GiftSearchForm(forms.Form):
    q = forms.CharField(label=_("查找"), max_length=40, required=False)
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("reserved", _("待领取")), ("handed_out", _("已签收"))],
    )
