"""Forms of the problem-list pages. Rules live in services; forms only shape input."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.choosers import enterprise_chooser, org_choice, org_chooser, small_select_or_chooser
from gonghui.servicedesk.models import PartnerUnit, Problem, ProblemCategory
from gonghui.servicedesk.workflows import PROBLEM_FLOW

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # ISO: the value type=date reads


class ProblemRaiseForm(forms.Form):
    category = forms.ChoiceField(label=_("问题类别"), choices=[("", "---------"), *ProblemCategory.choices])
    urgency = forms.ChoiceField(
        label=_("紧急程度"), choices=Problem.Urgency.choices, initial=Problem.Urgency.NORMAL
    )
    title = forms.CharField(label=_("问题概述"), max_length=120)
    description = forms.CharField(label=_("具体情况"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        # Enterprise contacts speak for a handful of enterprises: a select. Cadres and volunteers: a search box.
        self.fields["enterprise"] = small_select_or_chooser(
            enterprises.order_by("name"),
            label=_("企业"),
            chooser=lambda qs, **kw: enterprise_chooser(qs, purpose="join", **kw),
        )
        self.order_fields(["enterprise", "category", "urgency", "title", "description"])


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=PartnerUnit.objects.none(), label=_("责任单位"))
    due_date = forms.DateField(
        label=_("办理期限"),
        required=False,
        widget=DATE,
        help_text=_("不填则按工作日时限自动计算（跳过法定节假日）。"),
    )
    note = forms.CharField(label=_("交办说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("办理答复"), widget=forms.Textarea(attrs={"rows": 4}))


class ConfirmForm(forms.Form):
    note = forms.CharField(label=_("评价或说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))


class ProblemFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *PROBLEM_FLOW.choices()]
    )
    category = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部")), *ProblemCategory.choices]
    )
    urgency = forms.ChoiceField(
        label=_("紧急程度"), required=False, choices=[("", _("全部")), *Problem.Urgency.choices]
    )
    unit = forms.ModelChoiceField(
        label=_("责任单位"), required=False, queryset=PartnerUnit.objects.none(), empty_label=_("全部")
    )
    overdue = forms.BooleanField(label=_("只看逾期"), required=False)

    def __init__(self, *args, units, orgs, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["org"] = org_chooser(orgs, purpose="scope", label=_("范围"), required=False)
        self.fields["enterprise"] = enterprise_chooser(
            enterprises, purpose="join", label=_("企业"), required=False
        )


class UnitForm(forms.Form):
    name = forms.CharField(label=_("单位名称"), max_length=80)
    department = forms.CharField(
        label=_("部门类别"),
        max_length=40,
        required=False,
        help_text=_("如：市场监管、人社、税务、自然资源、住建"),
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=40, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    contact_mobiles = forms.CharField(
        label=_("可登录答复人员的手机号"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个手机号；尚未注册的号码将自动开通账号，凭短信验证码登录。"),
    )
    is_active = forms.BooleanField(label=_("有效"), required=False, initial=True)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if orgs is not None:
            self.fields["org"] = org_choice(orgs, purpose="area", label=_("所属组织"))
            self.order_fields(["org", *[n for n in self.fields if n != "org"]])
            del self.fields["is_active"]

    def clean_contact_mobiles(self) -> list[str]:
        raw = self.cleaned_data.get("contact_mobiles") or ""
        seen: list[str] = []
        for line in raw.replace("，", "\n").replace(",", "\n").splitlines():
            line = line.strip()
            if line and line not in seen:
                seen.append(line)
        return seen


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("主题"), max_length=120)
    date = forms.DateField(label=_("日期"), widget=DATE)
    place = forms.CharField(label=_("地点"), max_length=120, initial=_("亲清茶室"))
    participants = forms.CharField(
        label=_("参加人员"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    problems = forms.ModelMultipleChoiceField(
        label=_("议题"), queryset=Problem.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, problems, with_minutes: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problems"].queryset = problems
        self.fields["problems"].label_from_instance = lambda p: f"{p.enterprise.name} · {p.title}"
        if with_minutes:
            self.fields["minutes"] = forms.CharField(
                label=_("会议纪要"), required=False, widget=forms.Textarea(attrs={"rows": 6})
            )


class FiguresForm(forms.Form):
    start = forms.DateField(label=_("起始日期"), widget=DATE)
    end = forms.DateField(label=_("截止日期"), widget=DATE)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_chooser(orgs, purpose="scope", label=_("范围"), required=False)

    @staticmethod
    def defaults() -> dict:
        today = timezone.localdate()
        return {"start": datetime.date(today.year, 1, 1), "end": today}

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("截止日期不能早于起始日期。"))
        return data
