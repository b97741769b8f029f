"""Care: women-worker care — forms. They collect input; the rules live in services/women.py."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.care.models.women import WomenCarePlace, WomenCareRecord
from gonghui.core.choosers import org_choice


def _org_field(user):
    from gonghui.orgs.selectors import manageable_orgs

    return org_choice(
        manageable_orgs(user),
        purpose="manage",
        label=_("工会组织"),
        error_messages={"required": _("请选择工会组织。"), "invalid_choice": _("请选择您管理的组织。")},
    )


class RecordForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("关爱类型"),
        choices=WomenCareRecord.Kind.choices,
        error_messages={"required": _("请选择关爱类型。")},
    )
    date = forms.DateField(
        label=_("日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("请填写日期。"), "invalid": _("请填写正确的日期。")},
    )
    people_reached = forms.IntegerField(
        label=_("覆盖女职工人数"),
        initial=1,
        min_value=1,
        max_value=1_000_000,
        error_messages={
            "required": _("请填写人数。"),
            "invalid": _("请填写整数。"),
            "min_value": _("不能小于%(limit_value)s。"),
            "max_value": _("不能大于%(limit_value)s。"),
        },
    )
    member_no = forms.CharField(
        label=_("走访对象的会员编号（走访个人时填写）"), max_length=20, required=False
    )
    note = forms.CharField(
        label=_("说明"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    health_details = forms.CharField(
        label=_("体检情况（个人信息，加密保存）"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
    )
    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"org": _org_field(user), **self.fields}
        if not self.is_bound:
            self.initial.setdefault("client_token", uuid.uuid4())


class PlaceForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=WomenCarePlace.Kind.choices)
    name = forms.CharField(label=_("名称"), max_length=100, error_messages={"required": _("请填写名称。")})
    address = forms.CharField(label=_("地址"), max_length=200, error_messages={"required": _("请填写地址。")})
    facilities = forms.CharField(
        label=_("设施"), max_length=300, required=False, help_text=_("如：哺乳椅、冰箱、尿布台、洗手池")
    )
    opening_hours = forms.CharField(label=_("开放时间"), max_length=100, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"org": _org_field(user), **self.fields}


class KindFilter(forms.Form):
    kind = forms.ChoiceField(
        label=_("关爱类型"), choices=[("", _("全部类型")), *WomenCareRecord.Kind.choices], required=False
    )

    def value(self) -> str:
        return self.cleaned_data.get("kind", "") if self.is_valid() else ""
