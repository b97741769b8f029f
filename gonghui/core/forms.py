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


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """Choices read once per form with one plain query. Django's iterator reads them through
    `.iterator()` every time the widget is drawn: on PostgreSQL a server-side cursor (DECLARE, FETCH,
    CLOSE) for a handful of rows, and the query compiled again on each pass."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:  # the queryset keeps its rows after the first pass
            yield self.choice(obj)

    def __len__(self) -> int:
        return len(self.queryset) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self.queryset)


class ModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField for short lists (a union's teams, a county's towns) on busy pages."""

    iterator = ListedChoiceIterator
