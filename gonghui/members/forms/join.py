"""Forms of the join pages. They collect input; routing and the rules live in services/join.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.choosers import enterprise_chooser
from gonghui.core.validators import normalize_mobile, normalize_resident_id
from gonghui.members.models import JobType
from gonghui.members.workflows import JOIN_FLOW
from gonghui.orgs.forms import public_area_field
from gonghui.orgs.models import Enterprise

# Room for what a typed or pasted number brings along (spaces, dashes, +86, the invisible marks a
# phone or WeChat copies with it): the browser would otherwise cut a pasted number short. The
# validators remove them (core.validators.fold_identity_input).
ID_NUMBER_INPUT_LENGTH = 48
MOBILE_INPUT_LENGTH = 40

JOIN_AS_EMPLOYEE = "employee"
JOIN_AS_NEW_FORM = "new_form"


class JoinForm(forms.Form):
    name = forms.CharField(
        label=_("姓名"),
        max_length=40,
        error_messages={"required": _("请填写姓名。")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    id_number = forms.CharField(
        label=_("身份证号码"),
        max_length=ID_NUMBER_INPUT_LENGTH,
        error_messages={"required": _("请填写身份证号码。")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "spellcheck": "false"}),
    )
    mobile = forms.CharField(
        label=_("手机号码"),
        max_length=MOBILE_INPUT_LENGTH,
        help_text=_("审核通过后，用这个手机号码接收验证码登录。"),
        error_messages={"required": _("请填写手机号码。")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    join_as = forms.ChoiceField(
        label=_("入会方式"),
        initial=JOIN_AS_EMPLOYEE,
        widget=forms.RadioSelect,
        choices=[
            (JOIN_AS_EMPLOYEE, _("我有工作单位")),
            (JOIN_AS_NEW_FORM, _("新就业形态劳动者（外卖骑手、网约车司机、货车司机、快递员等）")),
        ],
        error_messages={"required": _("请选择入会方式。")},
    )
    enterprise = enterprise_chooser(
        Enterprise.objects.all(),
        purpose="join",
        label=_("工作单位"),
        required=False,
        help_text=_("输入单位名称的开头几个字或统一社会信用代码，从结果中选择。"),
        error_messages={"invalid_choice": _("请从搜索结果中选择工作单位，或输入单位的完整名称。")},
    )
    employer_name = forms.CharField(
        label=_("工作单位名称（单位不在列表中时填写）"),
        required=False,
        max_length=150,
    )
    job_type = forms.ChoiceField(
        label=_("职业类型"), required=False, choices=[("", _("请选择职业类型"))] + list(JobType.choices)
    )
    work_area = public_area_field(
        label=_("工作区域"),
        noun=_("区域"),
        required=False,
        help_text=_("新就业形态劳动者选择主要工作的区域；单位不在列表中时选择单位所在的区域。"),
        error_messages={"invalid_choice": _("请从搜索结果中选择工作区域。")},
    )
    consent = forms.BooleanField(
        label=_(
            "我已阅读并同意：工会为入会审核、会员管理与服务的目的，处理我填写的姓名、身份证号码、手机号码和工作信息。"
        ),
        error_messages={"required": _("请阅读并同意个人信息处理说明后再提交。")},
    )

    def clean_id_number(self) -> str:
        return normalize_resident_id(self.cleaned_data["id_number"])

    def clean_mobile(self) -> str:
        return normalize_mobile(self.cleaned_data["mobile"])

    def clean(self):
        data = super().clean()
        if data.get("join_as") == JOIN_AS_NEW_FORM:
            if not data.get("job_type"):
                self.add_error("job_type", _("请选择职业类型。"))
            if not data.get("work_area") and "work_area" not in self.errors:
                self.add_error("work_area", _("请选择您的工作区域。"))
            data["enterprise"], data["employer_name"] = None, ""
        elif data.get("join_as") == JOIN_AS_EMPLOYEE:
            data["job_type"] = ""
            if not data.get("enterprise") and "enterprise" not in self.errors:
                if not data.get("employer_name"):
                    self.add_error(
                        "enterprise", _("请选择工作单位；单位不在列表中时，请填写单位名称并选择所在区域。")
                    )
                elif not data.get("work_area"):
                    self.add_error("work_area", _("请选择单位所在的区域。"))
            elif data.get("enterprise"):
                data["work_area"] = None
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "name": d["name"],
            "id_number": d["id_number"],
            "mobile": d["mobile"],
            "consent": d["consent"],
            "enterprise": d.get("enterprise"),
            "employer_name": d.get("employer_name") or "",
            "job_type": d.get("job_type") or "",
            "work_area": d.get("work_area"),
        }


class StatusLookupForm(forms.Form):
    id_number = forms.CharField(
        label=_("身份证号码"),
        max_length=ID_NUMBER_INPUT_LENGTH,
        error_messages={"required": _("请填写身份证号码。")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    mobile = forms.CharField(
        label=_("手机号码"),
        max_length=MOBILE_INPUT_LENGTH,
        error_messages={"required": _("请填写手机号码。")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def clean_id_number(self) -> str:
        return normalize_resident_id(self.cleaned_data["id_number"])

    def clean_mobile(self) -> str:
        return normalize_mobile(self.cleaned_data["mobile"])


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("不予通过的理由"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("申请人会在入会进度页面看到这条理由。"),
        error_messages={
            "required": _("请填写不予通过的理由，申请人会看到这条理由。"),
            "max_length": _("理由不能超过500个字。"),
        },
    )


class ApplicationFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部"))] + JOIN_FLOW.choices()
    )

    def state_value(self) -> str:
        return self.cleaned_data.get("state", "") if self.is_valid() else ""
