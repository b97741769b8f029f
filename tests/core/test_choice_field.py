"""core.forms.ModelChoiceField: a short list of choices read once per form, with a plain query."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.forms import ModelChoiceField
from gonghui.orgs.models import Org, OrgKind
from gonghui.orgs.services import org_create

pytestmark = pytest.mark.django_db


def make_org(name, parent=None):
    kind = OrgKind.FEDERATION if parent is None else OrgKind.TOWNSHIP
    return org_create(name=name, kind=kind, parent=parent, check_scope=False)


class TownForm(forms.Form):
    org = ModelChoiceField(queryset=Org.objects.none(), required=False, empty_label="全部")

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


def test_the_choices_are_read_once_however_often_the_field_is_drawn():
    county = make_org(name="桐川县总工会")
    make_org(name="城关镇总工会", parent=county)
    form = TownForm(orgs=Org.objects.order_by("path"))
    with CaptureQueriesContext(connection) as queries:
        first, second = str(form["org"]), str(form["org"])
    assert len(queries) == 1
    assert "DECLARE" not in queries[0]["sql"]  # no server-side cursor on PostgreSQL
    assert first == second
    assert "城关镇总工会" in first and '<option value="" selected>全部</option>' in first
    assert len(form.fields["org"].choices) == 3 and bool(form.fields["org"].choices)


def test_a_choice_outside_the_list_is_refused():
    county = make_org(name="桐川县总工会")
    other = make_org(name="邻县总工会")
    form = TownForm({"org": other.pk}, orgs=Org.objects.filter(pk=county.pk))
    assert not form.is_valid()
    assert "org" in form.errors
    assert TownForm({"org": county.pk}, orgs=Org.objects.filter(pk=county.pk)).is_valid()
