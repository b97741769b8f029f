"""Forms of the membership lifecycle and a member's requests. Rules live in the services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.choosers import enterprise_chooser, org_chooser
from gonghui.members.forms.join import MOBILE_INPUT_LENGTH
from gonghui.members.models import Member
from gonghui.members.selectors.lifecycle import (
    rejoin_enterprises_for,
    rejoin_unions_for,
    transfer_enterprises_for,
    transfer_unions_for,
)
from gonghui.orgs.selectors import union_for_enterprise


class DateInput(forms.DateInput):
    input_type = "date"


def _enterprise_label(obj) -> str:
    return f"{obj.name}（{obj.union}）" if obj.union_id else obj.name


class TransferForm(forms.Form):
    """Choose the new employer (its union receives the member) or the receiving union directly."""

    to_enterprise = enterprise_chooser(
        label=_("新工作单位"),
        purpose="transfer",
        required=False,
        label_fn=_enterprise_label,
        help_text=_("输入新单位名称查找；选择新单位后，由该单位的工会接收。"),
    )
    to_org = org_chooser(
        label=_("转入工会"),
        purpose="transfer",
        required=False,
        help_text=_("新单位找不到（例如新就业形态劳动者）时，直接查找要转入的工会或联合会。"),
    )
    note = forms.CharField(
        label=_("说明"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_enterprise"].queryset = transfer_enterprises_for(member)
        self.fields["to_org"].queryset = transfer_unions_for(member)
        for name in ("to_enterprise", "to_org"):
            self.fields[name].set_search_params(member=str(member.uuid))

    def clean(self):
        data = super().clean()
        enterprise, org = data.get("to_enterprise"), data.get("to_org")
        if self.errors:
            return data
        if enterprise is None and org is None:
            raise ValidationError(_("请选择新工作单位或转入工会。"))
        if org is None:
            data["to_org"] = union_for_enterprise(enterprise)
            if data["to_org"] is None:
                self.add_error("to_enterprise", _("该单位尚未建会，请直接选择要转入的工会。"))
        return data


class LeaveForm(forms.Form):
    on = forms.DateField(label=_("退会日期"), widget=DateInput, initial=timezone.localdate)
    reason = forms.CharField(
        label=_("退会原因"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写退会原因。")},
    )


class RetireForm(forms.Form):
    on = forms.DateField(
        label=_("退休日期"),
        widget=DateInput,
        initial=timezone.localdate,
        help_text=_("退休会员保留会籍，免交会费，电子会员证继续有效。"),
    )


class RejoinForm(forms.Form):
    org = org_chooser(
        label=_("加入工会"), purpose="rejoin", error_messages={"required": _("请选择重新加入的工会。")}
    )
    enterprise = enterprise_chooser(
        label=_("工作单位"), purpose="rejoin", required=False, label_fn=_enterprise_label
    )

    def __init__(self, *args, user, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        unions = rejoin_unions_for(user)
        self.fields["org"].queryset = unions
        self.fields["enterprise"].queryset = rejoin_enterprises_for(user)
        if not self.is_bound and unions.filter(pk=member.org_id).exists():
            self.initial.setdefault("org", member.org_id)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("不予接收的理由"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写不予接收的理由。")},
    )


class CorrectionForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=40, required=False)
    mobile = forms.CharField(
        label=_("手机号码"),
        max_length=MOBILE_INPUT_LENGTH,
        required=False,
        help_text=_("工会办结更正后，用新的手机号码登录和接收验证码。"),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}),
    )
    employer_name = forms.CharField(label=_("工作单位名称"), max_length=150, required=False)
    note = forms.CharField(
        label=_("补充说明"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AccessRequestForm(forms.Form):
    note = forms.CharField(
        label=_("需要说明的事项"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：需要加盖公章的书面副本，或了解个人信息的处理目的和方式。"),
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("答复"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class DuplicateResolveForm(forms.Form):
    """Which of the suspected duplicate memberships stays; the others are closed (退会)."""

    keep = forms.ChoiceField(
        label=_("保留的会籍"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择要保留的会籍。"),
            "invalid_choice": _("请从这组会籍中选择要保留的一条。"),
        },
    )
    reason = forms.CharField(
        label=_("处理说明"),
        max_length=150,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：已与本人电话核实，两条记录为同一人。说明会写入被关闭会籍的退会记录。"),
        error_messages={"required": _("请填写处理说明（例如核实的情况），它会写入会籍记录。")},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [
            (str(m.uuid), f"{m.member_no}（{m.org.name}，{m.get_status_display()}）") for m in members
        ]
