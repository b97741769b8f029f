"""Forms of the activity pages. They collect input; the rules live in activities/services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.activities.models import Activity
from gonghui.core.choosers import org_chooser
from gonghui.orgs.models import JobType

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


def _when(label, *, required=True):
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=[DATETIME_INPUT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
        error_messages={"required": _("请填写时间。"), "invalid": _("请填写正确的时间。")},
    )


def _count(label, *, min_value, max_value, required=True, initial=None):
    return forms.IntegerField(
        label=label,
        min_value=min_value,
        max_value=max_value,
        required=required,
        initial=initial,
        error_messages={
            "required": _("请填写人数。"),
            "invalid": _("请填写整数。"),
            "min_value": _("不能小于%(limit_value)s。"),
            "max_value": _("不能大于%(limit_value)s。"),
        },
    )


class ActivityForm(forms.Form):
    org = org_chooser(
        None,
        purpose="manage",
        label=_("主办组织"),
        error_messages={"required": _("请选择主办组织。"), "invalid_choice": _("请选择您管理的组织。")},
    )
    kind = forms.ChoiceField(
        label=_("活动类型"), choices=Activity.Kind.choices, error_messages={"required": _("请选择活动类型。")}
    )
    title = forms.CharField(
        label=_("活动名称"), max_length=100, error_messages={"required": _("请填写活动名称。")}
    )
    description = forms.CharField(
        label=_("活动介绍"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    place = forms.CharField(
        label=_("活动地点"),
        max_length=200,
        help_text=_("多个地点请用“；”分隔。"),
        error_messages={"required": _("请填写活动地点。")},
    )
    starts_at = _when(_("开始时间"))
    ends_at = _when(_("结束时间"))
    registration_closes_at = _when(_("报名截止"), required=False)
    capacity = _count(_("名额（人，含家属）"), min_value=1, max_value=100000)
    family_max = _count(_("每人可带家属人数"), min_value=0, max_value=5, initial=0)
    offer_hours = _count(_("候补递补确认时限（小时）"), min_value=1, max_value=168, initial=24)
    audience_job_types = forms.MultipleChoiceField(
        label=_("面向职业类型（不选为全部）"),
        choices=JobType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    members_only = forms.BooleanField(label=_("仅限会员参加"), required=False, initial=True)

    def __init__(self, *args, user, activity=None, **kwargs):
        super().__init__(*args, **kwargs)
        if activity is not None:
            for name in ("org", "kind", "audience_job_types", "members_only"):
                del self.fields[name]
        else:
            from gonghui.orgs.selectors import manageable_orgs

            self.fields["org"].queryset = manageable_orgs(user)


class RegisterForm(forms.Form):
    family_count = _count(_("携带家属人数"), min_value=0, max_value=5, required=False, initial=0)
    family_note = forms.CharField(
        label=_("家属称谓"), max_length=200, required=False, help_text=_("如：妻子、女儿（8岁）")
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("取消原因"), max_length=200, error_messages={"required": _("请填写取消原因。")}
    )


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("活动总结"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请填写活动总结。")},
    )


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("照片（JPG或PNG，5MB以内）"), error_messages={"required": _("请选择照片。")}
    )
    caption = forms.CharField(label=_("说明"), max_length=100, required=False)


class KindFilter(forms.Form):
    kind = forms.ChoiceField(
        label=_("活动类型"), choices=[("", _("全部类型")), *Activity.Kind.choices], required=False
    )

    def value(self) -> str:
        return self.cleaned_data.get("kind", "") if self.is_valid() else ""
