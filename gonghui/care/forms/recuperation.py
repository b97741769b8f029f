"""Care: recuperation — forms. They collect input; the rules live in services/recuperation.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.care.models.recuperation import DECLARED_GROUPS, PriorityGroup
from gonghui.core.choosers import org_chooser

DATETIME_INPUT = "%Y-%m-%dT%H:%M"
TRIP_ROWS = 3


def _when(label, *, required=True):
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=[DATETIME_INPUT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
        error_messages={"required": _("请填写时间。"), "invalid": _("请填写正确的时间。")},
    )


def _day(label, *, required):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("请填写日期。"), "invalid": _("请填写正确的日期。")},
    )


def _places(label, *, required):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=1,
        max_value=10000,
        error_messages={
            "required": _("请填写名额。"),
            "invalid": _("请填写整数。"),
            "min_value": _("名额至少为1人。"),
            "max_value": _("名额不能超过%(limit_value)s人。"),
        },
    )


class ProgrammeForm(forms.Form):
    org = org_chooser(
        None,
        purpose="manage",
        label=_("组织单位"),
        error_messages={"required": _("请选择组织单位。"), "invalid_choice": _("请选择您管理的组织。")},
    )
    title = forms.CharField(
        label=_("项目名称"), max_length=100, error_messages={"required": _("请填写项目名称。")}
    )
    destination = forms.CharField(
        label=_("疗休养地点"), max_length=200, error_messages={"required": _("请填写疗休养地点。")}
    )
    description = forms.CharField(
        label=_("项目介绍"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    price_cap = forms.DecimalField(
        label=_("每人每天费用上限（元）"),
        max_digits=8,
        decimal_places=2,
        error_messages={
            "required": _("请填写每人每天费用上限。"),
            "invalid": _("请填写金额，如 450.00。"),
            "max_digits": _("金额过大。"),
            "max_decimal_places": _("金额最多保留两位小数。"),
        },
    )
    opens_at = _when(_("申请开始（不填为立即开始）"), required=False)
    closes_at = _when(_("申请截止"))
    priority_groups = forms.MultipleChoiceField(
        label=_("优先群体"),
        choices=PriorityGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("优先群体的申请者先于其他人分配名额，各组内按公开抽签的顺序。"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from gonghui.orgs.selectors import manageable_orgs

        self.fields["org"].queryset = manageable_orgs(user)
        for i in range(1, TRIP_ROWS + 1):
            first = i == 1
            self.fields[f"trip{i}_starts_on"] = _day(_("第%(i)d批次出发日期") % {"i": i}, required=first)
            self.fields[f"trip{i}_ends_on"] = _day(_("第%(i)d批次返回日期") % {"i": i}, required=first)
            self.fields[f"trip{i}_capacity"] = _places(_("第%(i)d批次名额（人）") % {"i": i}, required=first)

    def clean(self):
        data = super().clean()
        for i in range(2, TRIP_ROWS + 1):
            row = [data.get(f"trip{i}_{f}") for f in ("starts_on", "ends_on", "capacity")]
            if any(v is not None for v in row) and not all(v is not None for v in row):
                self.add_error(
                    f"trip{i}_starts_on", _("请填写该批次的出发日期、返回日期和名额，或全部留空。")
                )
        return data

    def trips(self) -> list[dict]:
        rows = []
        for i in range(1, TRIP_ROWS + 1):
            row = {f: self.cleaned_data.get(f"trip{i}_{f}") for f in ("starts_on", "ends_on", "capacity")}
            if all(v is not None for v in row.values()):
                rows.append(row)
        return rows


def _trip_label(trip) -> str:
    from django.utils.formats import date_format

    start, end = date_format(trip.starts_on, "DATE_FORMAT"), date_format(trip.ends_on, "DATE_FORMAT")
    return f"{start} — {end}（{_('名额%(n)d人') % {'n': trip.capacity}}）"


class ApplyForm(forms.Form):
    trip = forms.ModelChoiceField(
        label=_("批次"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择批次。"), "invalid_choice": _("请选择本项目的批次。")},
    )
    declared = forms.MultipleChoiceField(
        label=_("我属于（如实勾选，工会将核实）"),
        choices=[(g.value, g.label) for g in DECLARED_GROUPS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trip"].queryset = programme.trips.all()
        self.fields["trip"].label_from_instance = lambda t: _trip_label(t)
        self.fields["trip"].to_field_name = "uuid"
        declared = [g for g in programme.priority_groups if g in DECLARED_GROUPS]
        if declared:
            self.fields["declared"].choices = [(g.value, g.label) for g in DECLARED_GROUPS if g in declared]
        else:
            del self.fields["declared"]


class DrawForm(forms.Form):
    public_value = forms.CharField(
        label=_("公开随机值（可选）"),
        max_length=200,
        required=False,
        help_text=_("截止后公布、事先无法预知的数值，如某期福利彩票开奖号码；不填则以申请截止时间生成种子。"),
    )


class PriorityForm(forms.Form):
    priority = forms.MultipleChoiceField(
        label=_("认定的优先群体"),
        choices=PriorityGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("取消原因"), max_length=200, error_messages={"required": _("请填写取消原因。")}
    )
