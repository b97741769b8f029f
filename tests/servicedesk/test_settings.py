"""Desk settings: per-federation deadlines, chair of the org only."""

import pytest
from django.urls import reverse

from gonghui.accounts.models import Role
from gonghui.core.models import AuditEntry
from gonghui.servicedesk.models import DeskSettings
from gonghui.servicedesk.selectors.settings import desk_settings_for
from tests.factories import make_cadre

GOOD = {"dispatch_within_days": "3", "problem_due_days": "7", "petition_reply_days": "10"}


def _url(org):
    return reverse("servicedesk:settings_edit", args=[org.uuid])


def test_chair_saves_the_deadlines(login, world):
    client = login(world.county_cadre)
    page = client.get(_url(world.county)).content.decode()
    assert "目前使用系统默认时限" in page and 'value="15"' in page
    response = client.post(_url(world.county), GOOD)
    assert response.status_code == 302
    row = DeskSettings.objects.get(org=world.county)
    assert (row.dispatch_within_days, row.problem_due_days, row.petition_reply_days) == (3, 7, 10)
    assert AuditEntry.objects.filter(action="desk_settings_update").count() == 1
    # double submit: still one row, no second audit entry (nothing changed)
    client.post(_url(world.county), GOOD)
    assert DeskSettings.objects.count() == 1
    assert AuditEntry.objects.filter(action="desk_settings_update").count() == 1


def test_orgs_below_inherit_the_federations_settings(world):
    DeskSettings.objects.create(org=world.county, petition_reply_days=10)
    assert desk_settings_for(world.union).petition_reply_days == 10
    assert desk_settings_for(world.other_union).petition_reply_days == 15
    DeskSettings.objects.create(org=world.township, petition_reply_days=5)
    assert desk_settings_for(world.union).petition_reply_days == 5


def test_index_redirects_a_chair_to_their_org(login, world):
    response = login(world.county_cadre).get(reverse("servicedesk:settings"))
    assert response.status_code == 302 and response.url == _url(world.county)


def test_anonymous_goes_to_login(client, world):
    response = client.post(_url(world.county), GOOD)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not DeskSettings.objects.exists()


def test_outsider_gets_404(login, world):
    assert login(world.outsider).post(_url(world.county), GOOD).status_code == 404
    assert not DeskSettings.objects.exists()


@pytest.mark.parametrize("persona", ["viewer", "township_cadre"])
def test_staff_and_viewers_get_403(login, world, persona):
    client = login(getattr(world, persona))
    assert client.post(_url(world.township), GOOD).status_code == 403
    assert client.get(reverse("servicedesk:settings")).status_code == 403
    assert not DeskSettings.objects.exists()


def test_a_staff_member_of_the_county_may_not_change_it(login, world):
    staff = make_cadre(world.county, name="钱干事", role=Role.STAFF)
    assert login(staff).post(_url(world.county), GOOD).status_code == 403


def test_bad_input_shows_the_chinese_error(login, world):
    response = login(world.county_cadre).post(
        _url(world.county), {**GOOD, "petition_reply_days": "0", "problem_due_days": "abc"}
    )
    page = response.content.decode()
    assert "时限至少1个工作日" in page and "请输入整数" in page
    assert not DeskSettings.objects.exists()
