"""The project's widget templates (gonghui/templates/django/forms/widgets/) write the same HTML as
Django's own, only faster."""

import datetime
import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

CHOICES = [("a", "A & <b>"), ("b", "B"), ("组", [("c", "C"), ("d", mark_safe("<i>D</i>"))])]
ODD_ATTRS = {
    "class": 'x "q" <y>',
    "required": True,
    "disabled": False,
    "data-zero": 0,
    "data-none": None,
    "data-safe": mark_safe("<&>"),
    "maxlength": 11,
    "step": 0.5,
}


class EveryWidget(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs=ODD_ATTRS), initial='a"b<')
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    number = forms.IntegerField(initial=1234567, widget=forms.NumberInput(attrs={"min": 0}))
    day = forms.DateField(initial=datetime.date(2026, 1, 2))
    moment = forms.SplitDateTimeField(initial=datetime.datetime(2026, 1, 2, 3, 4))
    hidden = forms.CharField(widget=forms.HiddenInput, initial="x")
    hiddens = forms.MultipleChoiceField(choices=CHOICES, widget=forms.MultipleHiddenInput, initial=["a", "c"])
    check = forms.BooleanField(initial=True)
    select = forms.ChoiceField(choices=CHOICES, initial="d", widget=forms.Select(attrs={"data-x": "1"}))
    many = forms.MultipleChoiceField(choices=CHOICES, initial=["a", "d"])
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, initial="b")
    boxes = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple, initial=["b"])
    text_area = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), initial="<t>")
    upload = forms.FileField(required=False)
    yes_no = forms.NullBooleanField()
    date_parts = forms.DateField(widget=forms.SelectDateWidget, initial=datetime.date(2026, 1, 2))


def _between_tags(html: str) -> str:
    # The project's select.html writes its options in place, with less space between the tags.
    return re.sub(r">\s+<", "><", html)


@pytest.mark.parametrize("data", [None, {"text": "<x>", "select": "zz", "check": "on"}])
def test_every_widget_renders_as_djangos_own_templates_render_it(data):
    ours = EveryWidget(data=data)
    stock = EveryWidget(data=data, renderer=DjangoTemplates())
    for field in ours:
        assert _between_tags(str(field)) == _between_tags(str(stock[field.name])), field.name
