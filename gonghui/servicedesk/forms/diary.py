"""Forms of the worker diary: an entry with up to a few follow-ups, filters, completing a follow-up."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.choosers import enterprise_chooser
from gonghui.core.validators import normalize_mobile

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": _("请填写日期。"), "invalid": _("请输入正确的日期，如 2026-11-23。")}


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class DiaryEntryForm(forms.Form):
    org = OrgChoiceField(
        queryset=None,
        label=_("记录单位"),
        empty_label=None,
        error_messages={"invalid_choice": _("请选择您任职的工会。"), "required": _("请选择记录单位。")},
    )
    visited_on = forms.DateField(label=_("走访日期"), widget=DATE_INPUT, error_messages=DATE_ERRORS)
    visited = forms.CharField(
        label=_("走访对象"),
        max_length=200,
        help_text=_("如：车间一线职工8人、企业负责人"),
        error_messages={"required": _("请填写走访对象。"), "max_length": _("最多%(limit_value)d个字。")},
    )
    heard = forms.CharField(
        label=_("听到的情况"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请填写听到的情况。")},
    )

    def __init__(self, *args, orgs, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        if len(orgs) == 1:  # the cadre's only org: nothing to choose, whatever is posted
            self.fields["org"].widget = forms.HiddenInput()
            self.fields["org"].disabled = True
            self.fields["org"].initial = orgs[0].pk
        self.fields["enterprise"] = enterprise_chooser(
            enterprises,
            purpose="join",
            label=_("走访企业"),
            required=False,
            error_messages={"invalid_choice": _("请选择您管辖范围内的企业。")},
        )
        self.fields["visited_on"].initial = timezone.localdate()
        self.order_fields(["org", "visited_on", "enterprise", "visited", "heard"])

    def clean_visited_on(self):
        value = self.cleaned_data["visited_on"]
        if value > timezone.localdate():
            raise ValidationError(_("走访日期不能晚于今天。"))
        return value


class FollowUpForm(forms.Form):
    description = forms.CharField(
        label=_("跟进事项"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("最多%(limit_value)d个字。")},
    )
    due_date = forms.DateField(
        label=_("完成期限"), widget=DATE_INPUT, required=False, error_messages=DATE_ERRORS
    )
    assignee_mobile = forms.CharField(
        label=_("负责人手机号"), max_length=20, required=False, help_text=_("不填则由本人负责。")
    )

    def clean_assignee_mobile(self) -> str:
        value = self.cleaned_data.get("assignee_mobile", "").strip()
        return normalize_mobile(value) if value else ""

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        filled = data.get("description") or data.get("due_date") or data.get("assignee_mobile")
        if filled and not data.get("description"):
            self.add_error("description", _("请填写跟进事项。"))
        if filled and not data.get("due_date"):
            self.add_error("due_date", _("请填写完成期限。"))
        return data

    @property
    def is_blank(self) -> bool:
        return not (
            self.cleaned_data.get("description")
            or self.cleaned_data.get("due_date")
            or self.cleaned_data.get("assignee_mobile")
        )


FollowUpFormSet = forms.formset_factory(FollowUpForm, extra=3, max_num=10, validate_max=True)


class DiaryFilter(forms.Form):
    enterprise = forms.CharField(label=_("企业"), required=False, max_length=100)
    author = forms.CharField(label=_("走访人"), required=False, max_length=40)
    start = forms.DateField(
        label=_("开始日期"), required=False, widget=DATE_INPUT, error_messages=DATE_ERRORS
    )
    end = forms.DateField(label=_("结束日期"), required=False, widget=DATE_INPUT, error_messages=DATE_ERRORS)


class FollowUpCompleteForm(forms.Form):
    result = forms.CharField(
        label=_("完成情况"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写完成情况。")},
    )
