"""The project's widget templates (gonghui/templates/django/forms/widgets/) and its select drawn in
Python (core.renderers) write the same HTML as Django's own, only faster."""

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
    # The project's select (core.renderers) writes its options in place, with less space between the tags.
    return re.sub(r">\s+<", "><", html)


@pytest.mark.parametrize("data", [None, {"text": "<x>", "select": "zz", "check": "on"}])
def test_every_widget_renders_as_djangos_own_templates_render_it(data):
    ours = EveryWidget(data=data)
    stock = EveryWidget(data=data, renderer=DjangoTemplates())
    for field in ours:
        assert _between_tags(str(field)) == _between_tags(str(stock[field.name])), field.name


def test_a_select_is_drawn_in_python_with_its_values_and_labels_escaped():
    from django.forms.renderers import get_default_renderer
    from django.utils.translation import gettext_lazy, override

    from gonghui.core.renderers import FormRenderer

    class Hostile(forms.Form):
        pick = forms.ChoiceField(
            choices=[
                ("", gettext_lazy("全部")),
                ('"><script>', "<script>alert('x')</script>"),
                (7, 1234567),
                ("组<1>", [("a&b", "A & B")]),
            ],
            widget=forms.Select(attrs={"data-x": '"y"'}),
        )

    assert isinstance(get_default_renderer(), FormRenderer)
    html = str(Hostile(data={"pick": "a&b"})["pick"])
    assert html == (
        '<select name="pick" data-x="&quot;y&quot;" required id="id_pick">'
        '\n  <option value="">全部</option>'
        '\n  <option value="&quot;&gt;&lt;script&gt;">&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;</option>'
        '\n  <option value="7">1234567</option>'
        '\n  <optgroup label="组&lt;1&gt;">'
        '\n  <option value="a&amp;b" selected>A &amp; B</option>'
        "\n  </optgroup>"
        "\n</select>"
    )
    with override("en"):
        assert '<option value="" selected>All</option>' in str(Hostile()["pick"])


def test_an_empty_choice_without_a_label_reads_please_choose():
    from django.utils.translation import override

    from gonghui.orgs.models import Org

    class Unlabelled(forms.Form):
        org = forms.ModelChoiceField(queryset=Org.objects.none(), required=False)
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)
        named = forms.ModelChoiceField(queryset=Org.objects.none(), empty_label="全部工会", required=False)

    form = Unlabelled()
    assert '<option value="" selected>请选择</option>' in str(form["org"])
    assert '<option value="" selected>请选择</option>' in str(form["kind"])
    assert '<option value="" selected>全部工会</option>' in str(form["named"])  # a label of its own stays
    assert "---------" not in str(form["org"]) + str(form["kind"])
    with override("en"):
        assert '<option value="" selected>Please choose</option>' in str(Unlabelled()["org"])
