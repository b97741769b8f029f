"""Forms of the fitness pages. They collect input; heights and weights are normalised and checked
by the services (core.validators.normalize_measurement), so a form only passes the typed text on."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.choosers import org_chooser
from gonghui.fitness.models import Contest, Enrolment, Team
from gonghui.orgs.models import JobType

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DECIMAL_TEXT = {"inputmode": "decimal", "autocomplete": "off"}


def _date(label, required_message):
    return forms.DateField(
        label=label,
        widget=DATE,
        error_messages={"required": required_message, "invalid": _("请填写正确的日期。")},
    )


class ProgrammeForm(forms.Form):
    org = org_chooser(
        None,
        purpose="manage",
        label=_("主办组织"),
        error_messages={"required": _("请选择主办组织。"), "invalid_choice": _("请选择您管理的组织。")},
    )
    title = forms.CharField(
        label=_("项目名称"), max_length=100, error_messages={"required": _("请填写项目名称。")}
    )
    description = forms.CharField(
        label=_("项目介绍"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    enrol_opens = _date(_("报名开始"), _("请填写报名开始日期。"))
    enrol_closes = _date(_("报名截止"), _("请填写报名截止日期。"))
    starts_on = _date(_("开始日期"), _("请填写开始日期。"))
    ends_on = _date(_("结束日期"), _("请填写结束日期。"))
    audience_job_types = forms.MultipleChoiceField(
        label=_("面向职业类型"),
        choices=JobType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选则面向所有职工。"),
    )
    members_only = forms.BooleanField(label=_("仅限会员"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from gonghui.orgs.selectors import manageable_orgs

        self.fields["org"].queryset = manageable_orgs(user)


class EnrolForm(forms.Form):
    height = forms.CharField(
        label=_("身高（厘米）"),
        max_length=20,
        error_messages={"required": _("请填写身高。")},
        widget=forms.TextInput(attrs=DECIMAL_TEXT),
        help_text=_("只需填写一次；身体数据加密保存，仅本人和项目组织者可见。"),
    )


class WeighInForm(forms.Form):
    measured_on = _date(_("称重日期"), _("请填写称重日期。"))
    weight = forms.CharField(
        label=_("体重（千克）"),
        max_length=20,
        error_messages={"required": _("请填写体重。")},
        widget=forms.TextInput(attrs=DECIMAL_TEXT),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"measured_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class RecordForm(WeighInForm):
    """An organiser records a weighing for a participant."""

    enrolment = forms.ModelChoiceField(
        label=_("参加人"),
        queryset=Enrolment.objects.none(),
        to_field_name="uuid",
        error_messages={"required": _("请选择参加人。"), "invalid_choice": _("请选择本项目的参加人。")},
    )
    field_order = ["enrolment", "measured_on", "weight"]

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].queryset = Enrolment.objects.filter(programme=programme).select_related(
            "user"
        )
        self.fields["enrolment"].label_from_instance = lambda e: e.user.name


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("退回理由"), max_length=200, error_messages={"required": _("请填写退回理由。")}
    )


class ContestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类别"), choices=Contest.Kind.choices, error_messages={"required": _("请选择比赛类别。")}
    )
    title = forms.CharField(
        label=_("比赛名称"), max_length=100, error_messages={"required": _("请填写比赛名称。")}
    )


class TeamForm(forms.Form):
    name = forms.CharField(label=_("队名"), max_length=60, error_messages={"required": _("请填写队名。")})


class TeamAssignForm(forms.Form):
    enrolment = forms.ModelChoiceField(
        label=_("参加人"),
        queryset=Enrolment.objects.none(),
        to_field_name="uuid",
        error_messages={"required": _("请选择参加人。"), "invalid_choice": _("请选择本项目的参加人。")},
    )
    team = forms.ModelChoiceField(
        label=_("队伍"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("不分队"),
        error_messages={"invalid_choice": _("请选择本项目的队伍。")},
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].queryset = Enrolment.objects.filter(programme=programme).select_related(
            "user"
        )
        self.fields["enrolment"].label_from_instance = lambda e: e.user.name
        self.fields["team"].queryset = Team.objects.filter(programme=programme)
