"""Forms of the lecture pages; the rules live in lectures/services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.choosers import org_chooser
from gonghui.lectures.models import Lecturer, LectureStop, LectureTour

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


def _when() -> forms.DateTimeField:
    return forms.DateTimeField(
        label=_("宣讲时间"),
        input_formats=[DATETIME_INPUT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
        error_messages={"required": _("请填写宣讲时间。"), "invalid": _("请填写正确的时间。")},
    )


def _managed(form, user) -> None:
    from gonghui.orgs.selectors import manageable_orgs

    form.fields["org"].queryset = manageable_orgs(user)


class LecturerForm(forms.Form):
    org = org_chooser(
        None,
        purpose="manage",
        label=_("所属组织"),
        error_messages={"required": _("请选择所属组织。"), "invalid_choice": _("请选择您管理的组织。")},
    )
    name = forms.CharField(label=_("姓名"), max_length=40, error_messages={"required": _("请填写姓名。")})
    kind = forms.ChoiceField(
        label=_("类别"),
        choices=Lecturer.Kind.choices,
        error_messages={"invalid_choice": _("请从列表中选择类别。")},
    )
    title = forms.CharField(
        label=_("称号"),
        max_length=100,
        help_text=_("如：全国劳动模范、省级工匠"),
        error_messages={"required": _("请填写称号。")},
    )
    employer = forms.CharField(label=_("工作单位"), max_length=100, required=False)
    topics = forms.CharField(label=_("宣讲主题"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _managed(self, user)


class TourForm(forms.Form):
    org = org_chooser(
        None,
        purpose="manage",
        label=_("主办组织"),
        error_messages={"required": _("请选择主办组织。"), "invalid_choice": _("请选择您管理的组织。")},
    )
    title = forms.CharField(
        label=_("宣讲活动名称"), max_length=120, error_messages={"required": _("请填写宣讲活动名称。")}
    )
    theme = forms.CharField(label=_("宣讲主题"), max_length=200, required=False)
    description = forms.CharField(label=_("简介"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_public = forms.BooleanField(
        label=_("公开日程（任何人可查看即将进行的场次）"), required=False, initial=True
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _managed(self, user)


class StopForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("形式"),
        choices=LectureStop.Kind.choices,
        error_messages={"invalid_choice": _("请从列表中选择形式。")},
    )
    starts_at = _when()
    duration_minutes = forms.IntegerField(
        label=_("时长（分钟）"),
        initial=60,
        min_value=5,
        max_value=600,
        error_messages={
            "required": _("请填写时长。"),
            "min_value": _("时长至少5分钟。"),
            "max_value": _("时长不超过600分钟。"),
            "invalid": _("请填写整数。"),
        },
    )
    place = forms.CharField(
        label=_("宣讲地点"), max_length=150, error_messages={"required": _("请填写宣讲地点。")}
    )
    lecturer = forms.ModelChoiceField(
        label=_("宣讲员"),
        queryset=Lecturer.objects.none(),
        required=False,
        empty_label=_("待定"),
        error_messages={"invalid_choice": _("请从列表中选择宣讲员。")},
    )
    topic = forms.CharField(label=_("宣讲题目"), max_length=150, required=False)

    def __init__(self, *args, lecturers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lecturer"].queryset = lecturers


class ScheduleForm(forms.Form):
    """A lecture request into a tour: which tour, when, who speaks."""

    tour = forms.ModelChoiceField(
        label=_("宣讲活动"),
        queryset=LectureTour.objects.none(),
        error_messages={"required": _("请选择宣讲活动。"), "invalid_choice": _("请从列表中选择宣讲活动。")},
    )
    kind = StopForm.base_fields["kind"]
    starts_at = _when()
    lecturer = forms.ModelChoiceField(
        label=_("宣讲员"),
        queryset=Lecturer.objects.none(),
        required=False,
        empty_label=_("待定"),
        error_messages={"invalid_choice": _("请从列表中选择宣讲员。")},
    )

    def __init__(self, *args, tours, lecturers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tour"].queryset = tours
        self.fields["lecturer"].queryset = lecturers


class AttendanceForm(forms.Form):
    headcount = forms.IntegerField(
        label=_("听众人数"),
        min_value=1,
        max_value=100000,
        error_messages={
            "required": _("请填写听众人数。"),
            "min_value": _("听众人数至少为1人。"),
            "max_value": _("听众人数不正确。"),
            "invalid": _("请填写整数。"),
        },
    )
    note = forms.CharField(label=_("宣讲小结"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    photo_url = forms.URLField(
        label=_("现场照片链接"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("请填写正确的网址。")},
    )
