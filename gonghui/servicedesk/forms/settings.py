"""Forms of the desk settings and holiday-calendar pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.servicedesk.services.settings import MAX_DEADLINE_DAYS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DAYS_ERRORS = {
    "required": _("请填写天数。"),
    "invalid": _("请输入整数。"),
    "min_value": _("时限至少1个工作日。"),
    "max_value": _("时限最多%(limit_value)s个工作日。"),
}


def _days_field(label, help_text):
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=MAX_DEADLINE_DAYS,
        help_text=help_text,
        error_messages=_DAYS_ERRORS,
    )


class DeskSettingsForm(forms.Form):
    dispatch_within_days = _days_field(
        _("受理后派单时限（工作日）"), _("已受理的点单超过此时限未派单即标为逾期。")
    )
    problem_due_days = _days_field(_("问题办理时限（工作日）"), _("交办问题时默认的办理期限。"))
    petition_reply_days = _days_field(
        _("信访答复时限（工作日）"), _("自登记之日起计算，节假日不计，调休上班日计入。")
    )


class CalendarDayForm(forms.Form):
    date = forms.DateField(
        label=_("日期"),
        widget=DATE_INPUT,
        error_messages={"required": _("请填写日期。"), "invalid": _("请输入正确的日期，如 2027-02-06。")},
    )
    is_working_day = forms.TypedChoiceField(
        label=_("安排"),
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="0",
        choices=[("0", _("放假")), ("1", _("调休上班"))],
        error_messages={"required": _("请选择放假或上班。")},
    )
    name = forms.CharField(
        label=_("说明"),
        max_length=40,
        required=False,
        help_text=_("如：春节、国庆节调休上班"),
        error_messages={"max_length": _("说明最多%(limit_value)d个字。")},
    )


class CalendarPasteForm(forms.Form):
    text = forms.CharField(
        label=_("国务院办公厅通知内容"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("每行一项，例如：“2027-02-06 至 2027-02-12 春节放假”或“2027-02-14 上班”。"),
        error_messages={"required": _("请粘贴放假安排。")},
    )
