"""Forms of the petition pages: registration by a cadre, an online petition, assign, reply, close."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.validators import normalize_mobile
from gonghui.servicedesk.forms.diary import DATE_ERRORS, DATE_INPUT, OrgChoiceField
from gonghui.servicedesk.models import Petition
from gonghui.servicedesk.workflows import PETITION_FLOW

_REQUIRED = {"required": _("此项为必填项。")}


class PetitionRegisterForm(forms.Form):
    org = OrgChoiceField(
        queryset=None,
        label=_("受理单位"),
        empty_label=None,
        error_messages={"invalid_choice": _("请选择您任职的工会。"), "required": _("请选择受理单位。")},
    )
    channel = forms.ChoiceField(
        label=_("渠道"),
        choices=[
            (c.value, c.label)
            for c in (Petition.Channel.VISIT, Petition.Channel.PHONE, Petition.Channel.LETTER)
        ],
        error_messages={"required": _("请选择渠道。"), "invalid_choice": _("请选择来访、来电或来信。")},
    )
    petitioner_name = forms.CharField(
        label=_("信访人"), max_length=40, error_messages={"required": _("请填写信访人姓名。")}
    )
    petitioner_phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel"}),
        error_messages={"required": _("请填写手机号码。")},
    )
    enterprise_name = forms.CharField(label=_("所在单位"), max_length=150, required=False)
    subject = forms.CharField(
        label=_("事由"),
        max_length=120,
        error_messages={"required": _("请填写事由。"), "max_length": _("事由最多120个字。")},
    )
    content = forms.CharField(
        label=_("内容"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("请填写信访内容。")},
    )
    received_on = forms.DateField(label=_("登记日期"), widget=DATE_INPUT, error_messages=DATE_ERRORS)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        if len(orgs) == 1:  # the cadre's only org: nothing to choose, whatever is posted
            self.fields["org"].widget = forms.HiddenInput()
            self.fields["org"].disabled = True
            self.fields["org"].initial = orgs[0].pk
        self.fields["received_on"].initial = timezone.localdate()

    def clean_petitioner_phone(self) -> str:
        return normalize_mobile(self.cleaned_data["petitioner_phone"])

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise ValidationError(_("登记日期不能晚于今天。"))
        return value


class PetitionOnlineForm(forms.Form):
    org = OrgChoiceField(
        queryset=None,
        label=_("受理的总工会"),
        empty_label=None,
        error_messages={"invalid_choice": _("请选择受理的总工会。"), "required": _("请选择受理的总工会。")},
    )
    subject = forms.CharField(
        label=_("事由"),
        max_length=120,
        error_messages={"required": _("请填写事由。"), "max_length": _("事由最多120个字。")},
    )
    content = forms.CharField(
        label=_("内容"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("请填写信访内容。")},
    )
    enterprise_name = forms.CharField(
        label=_("所在单位"), max_length=150, required=False, help_text=_("不填则使用会籍中的工作单位。")
    )
    consent = forms.BooleanField(
        label=_("我同意工会为办理本次信访使用我的姓名、手机号码和所填内容，仅限承办人员查看。"),
        error_messages={"required": _("请阅读并同意工会为办理本次信访使用您的姓名、电话和所填内容。")},
    )

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class PetitionFilter(forms.Form):
    q = forms.CharField(label=_("事由或单位"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部"))] + PETITION_FLOW.choices()
    )
    overdue = forms.BooleanField(label=_("只看逾期"), required=False)
    mine = forms.BooleanField(label=_("只看我承办的"), required=False)


class PetitionAssignForm(forms.Form):
    assignee_mobile = forms.CharField(
        label=_("承办人手机号"), max_length=20, required=False, help_text=_("不填则由本人承办。")
    )
    note = forms.CharField(
        label=_("交办意见"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_assignee_mobile(self) -> str:
        value = self.cleaned_data.get("assignee_mobile", "").strip()
        return normalize_mobile(value) if value else ""


class PetitionReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("答复意见"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请填写答复意见。")},
    )


class PetitionCloseForm(forms.Form):
    note = forms.CharField(
        label=_("办结说明"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
