"""Forms of the service-bus pages."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.choosers import enterprise_chooser, org_choice, org_chooser
from gonghui.servicedesk.models import BusStop, MenuItem, ServiceTeam

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # ISO: the value type=date reads
TIME = forms.TimeInput(attrs={"type": "time"})


class TripForm(forms.Form):
    title = forms.CharField(label=_("行程名称"), max_length=100)
    date = forms.DateField(label=_("出车日期"), widget=DATE)
    vehicle = forms.CharField(
        label=_("车辆"), max_length=40, required=False, help_text=_("如：富乐大巴 浙A·12345")
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("随车服务队"),
        queryset=ServiceTeam.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    items = forms.ModelMultipleChoiceField(
        label=_("随车服务项目"), queryset=MenuItem.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, teams, items, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = teams
        self.fields["items"].queryset = items
        if orgs is not None:
            self.fields["org"] = org_choice(orgs, purpose="area", label=_("组织行程的工会"))
            self.order_fields(["org", "title", "date", "vehicle", "teams", "items"])


class StopForm(forms.Form):
    kind = forms.ChoiceField(label=_("站点类型"), choices=BusStop.Kind.choices)
    place = forms.CharField(
        label=_("站点"), max_length=120, required=False, help_text=_("选择企业时可不填，默认为企业名称。")
    )
    arrive_at = forms.TimeField(label=_("到达时间"), required=False, widget=TIME)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"] = enterprise_chooser(
            enterprises, purpose="join", label=_("企业"), required=False
        )
        self.order_fields(["kind", "enterprise", "place", "arrive_at", "note"])


class ServiceForm(forms.Form):
    item = forms.ModelChoiceField(label=_("服务项目"), queryset=MenuItem.objects.none(), empty_label=None)
    people_served = forms.IntegerField(label=_("服务人数"), min_value=0, max_value=100000)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class CompleteForm(forms.Form):
    summary = forms.CharField(label=_("行程小结"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), widget=forms.Textarea(attrs={"rows": 2}))


class SummaryForm(forms.Form):
    start = forms.DateField(label=_("起始日期"), widget=DATE)
    end = forms.DateField(label=_("截止日期"), widget=DATE)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_chooser(orgs, purpose="scope", label=_("范围"), required=False)

    @staticmethod
    def defaults() -> dict:
        """The current season: the quarter containing today."""
        today = timezone.localdate()
        first_month = 3 * ((today.month - 1) // 3) + 1
        return {"start": datetime.date(today.year, first_month, 1), "end": today}

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("截止日期不能早于起始日期。"))
        return data
