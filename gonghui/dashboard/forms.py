"""Forms of the glance: the period and comparison, and an org's targets for a year."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core import indicators
from gonghui.core.indicators import Period
from gonghui.dashboard.selectors import COMPARE_PREVIOUS, COMPARE_YEAR, default_period

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # ISO: what type=date reads
DATE_ERRORS = {"invalid": _("请输入正确的日期，如 2026-01-01。")}


class GlanceForm(forms.Form):
    start = forms.DateField(
        label=_("开始日期"), required=False, widget=DATE_INPUT, error_messages=DATE_ERRORS
    )
    end = forms.DateField(label=_("结束日期"), required=False, widget=DATE_INPUT, error_messages=DATE_ERRORS)
    compare = forms.ChoiceField(
        label=_("对比"),
        required=False,
        choices=[(COMPARE_YEAR, _("上年同期")), (COMPARE_PREVIOUS, _("上一期"))],
    )

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        self.default = default_period(today)
        kwargs.setdefault(
            "initial", {"start": self.default.start, "end": self.default.end, "compare": COMPARE_YEAR}
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        start = data.get("start") or self.default.start
        end = data.get("end") or self.default.end
        if not self.errors and start > end:
            self.add_error("end", _("结束日期不能早于开始日期。"))
        data["start"], data["end"] = start, end
        data["compare"] = data.get("compare") or COMPARE_YEAR
        return data

    def period(self) -> Period:
        if self.is_bound and self.is_valid():
            return Period(self.cleaned_data["start"], self.cleaned_data["end"])
        return self.default

    def comparison(self) -> str:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["compare"]
        return COMPARE_YEAR


class TargetsForm(forms.Form):
    """One optional number per indicator that takes a target, in the indicator's shown unit."""

    def __init__(self, *args, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = [i for i in indicators.indicators() if i.takes_target]
        for ind in self.items:
            self.fields[ind.key] = forms.DecimalField(
                label=f"{ind.name}（{ind.unit}）",
                required=False,
                min_value=0,
                max_value=100 if ind.kind == "rate" else None,
                max_digits=14,
                decimal_places=2,
                initial=current.get(ind.key),
                help_text=_("越低越好") if ind.better == indicators.LOWER else "",
                error_messages={
                    "invalid": _("请输入数字。"),
                    "min_value": _("目标值不能为负数。"),
                    "max_value": _("比率的目标值不能超过100％。"),
                    "max_decimal_places": _("最多两位小数。"),
                    "max_digits": _("数字太大。"),
                },
            )

    def values(self) -> dict:
        return {ind.key: self.cleaned_data.get(ind.key) for ind in self.items}


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
