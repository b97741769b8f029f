"""Form fields every app shares."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.validators import normalize_measurement


class MoneyField(forms.CharField):
    """An amount in 元 typed on a phone or a desk (全角 digits, 1,200.50, 1200。5): a Decimal of 2 places."""

    def __init__(self, *, low="0", high="1000000", example="1200.00", **kwargs):
        self.low, self.high, self.example = Decimal(low), Decimal(high), example
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        return normalize_measurement(
            text.replace(",", "").replace("，", "").replace("元", ""),
            label=self.label or _("金额"),
            low=self.low,
            high=self.high,
            unit=_("元"),
            example=self.example,
            places=2,
        )
