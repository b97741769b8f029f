"""Menu management and service teams: federation cadres publish items and run their teams."""

import pytest
from django.urls import reverse

from gonghui.core.models import AuditEntry
from gonghui.servicedesk.models import MenuItem, ServiceTeam, ServiceTeamMember
from tests.factories import make_user


def _item_data(desk, **overrides):
    data = {
        "org": desk.county.pk,
        "title": "职工心理健康讲座",
        "category": "psychology",
        "description": "压力疏导",
        "team": desk.health_team.pk,
        "duration_minutes": "60",
        "serves_people": "80",
        "for_workers": "on",
        "for_enterprises": "on",
    }
    data.update(overrides)
    return data


def test_a_federation_cadre_creates_an_item(login, desk):
    client = login(desk.county_cadre)
    assert client.get(reverse("servicedesk:menu_item_create")).status_code == 200
    response = client.post(reverse("servicedesk:menu_item_create"), _item_data(desk))
    assert response.status_code == 302
    item = MenuItem.objects.get(title="职工心理健康讲座")
    assert (
        item.org == desk.county and item.team == desk.health_team and item.for_workers and not item.for_unions
    )
    assert AuditEntry.objects.filter(action="menu_item_create", object_id=item.pk).exists()


def test_bad_input_is_refused_in_chinese(login, desk):
    client = login(desk.county_cadre)
    township_team = ServiceTeam.objects.create(org=desk.township, name="城关文艺队")
    response = client.post(reverse("servicedesk:menu_item_create"), _item_data(desk, team=township_team.pk))
    assert "提供服务的服务队须属于“安平县总工会”。" in response.content.decode()
    response = client.post(
        reverse("servicedesk:menu_item_create"), _item_data(desk, for_workers="", for_enterprises="")
    )
    assert "请至少选择一类可点单对象。" in response.content.decode()
    assert not MenuItem.objects.filter(title="职工心理健康讲座").exists()


def test_edit_and_unpublish(login, desk):
    client = login(desk.county_cadre)
    url = reverse("servicedesk:menu_item_edit", args=[desk.lecture.pk])
    assert client.get(url).status_code == 200
    data = _item_data(desk, title="劳动合同法专题讲座", category="legal", team=desk.legal_team.pk)
    del data["org"]
    assert client.post(url, data).status_code == 302
    desk.lecture.refresh_from_db()
    assert desk.lecture.title == "劳动合同法专题讲座"
    client.post(reverse("servicedesk:menu_item_toggle", args=[desk.lecture.pk]))
    desk.lecture.refresh_from_db()
    assert desk.lecture.is_active is False
    html = login(desk.enterprise_contact).get(reverse("servicedesk:menu")).content.decode()
    assert "劳动合同法专题讲座" not in html
    manage = login(desk.county_cadre).get(reverse("servicedesk:menu_manage")).content.decode()
    assert "劳动合同法专题讲座" in manage and "已下架" in manage


def test_access_to_menu_management(client, login, desk):
    edit = reverse("servicedesk:menu_item_edit", args=[desk.lecture.pk])
    toggle = reverse("servicedesk:menu_item_toggle", args=[desk.lecture.pk])
    assert client.get(reverse("servicedesk:menu_manage")).status_code == 302
    assert login(desk.outsider).get(edit).status_code == 404
    assert login(desk.outsider).post(toggle).status_code == 404
    assert login(desk.viewer).get(reverse("servicedesk:menu_manage")).status_code == 403
    assert login(desk.viewer).get(reverse("servicedesk:menu_item_create")).status_code == 403
    assert login(desk.member_user).get(reverse("servicedesk:menu_manage")).status_code == 403
    # A township staff member sees the county's item but may not change it.
    assert login(desk.township_cadre).post(toggle).status_code == 404
    desk.lecture.refresh_from_db()
    assert desk.lecture.is_active


def test_a_double_submitted_team_is_created_once(login, desk):
    client = login(desk.county_cadre)
    data = {
        "org": desk.county.pk,
        "name": "文艺风尚",
        "description": "文艺演出",
        "leader_phone": desk.volunteer_user.phone,
    }
    first = client.post(reverse("servicedesk:team_create"), data)
    second = client.post(reverse("servicedesk:team_create"), data)
    team = ServiceTeam.objects.get(name="文艺风尚")
    assert first.status_code == 302 and second.status_code == 200
    assert "已有名为“文艺风尚”的服务队" in second.content.decode()
    assert team.leader == desk.volunteer_user
    assert ServiceTeamMember.objects.filter(team=team, user=desk.volunteer_user).exists()


def test_leader_and_members_by_mobile(login, desk):
    client = login(desk.county_cadre)
    team = desk.health_team
    helper = make_user(name="护士小王")
    response = client.post(
        reverse("servicedesk:team_member_add", args=[team.pk]),
        {"member-phone": helper.phone, "member-kind": "volunteer"},
    )
    assert response.status_code == 302
    membership = ServiceTeamMember.objects.get(team=team, user=helper)
    response = client.post(
        reverse("servicedesk:team_member_add", args=[team.pk]),
        {"member-phone": helper.phone, "member-kind": "volunteer"},
    )
    assert "已是该服务队成员" in response.content.decode()
    response = client.post(
        reverse("servicedesk:team_member_add", args=[team.pk]),
        {"member-phone": "13900009999", "member-kind": "staff"},
    )
    assert "没有找到使用该手机号码注册的用户" in response.content.decode()
    assert ServiceTeamMember.objects.filter(team=team).count() == 1

    client.post(reverse("servicedesk:team_leader", args=[team.pk]), {"leader-phone": helper.phone})
    team.refresh_from_db()
    assert team.leader == helper
    response = client.post(
        reverse("servicedesk:team_member_remove", args=[team.pk, membership.pk]), follow=True
    )
    assert "不能移除队长" in response.content.decode()
    client.post(reverse("servicedesk:team_leader", args=[team.pk]), {"leader-phone": desk.team_leader.phone})
    client.post(reverse("servicedesk:team_member_remove", args=[team.pk, membership.pk]))
    assert not ServiceTeamMember.objects.filter(pk=membership.pk).exists()


def test_team_pages_access(client, login, desk):
    detail = reverse("servicedesk:team_detail", args=[desk.legal_team.pk])
    add = reverse("servicedesk:team_member_add", args=[desk.legal_team.pk])
    assert client.get(detail).status_code == 302
    assert login(desk.outsider).get(detail).status_code == 404
    assert (
        login(desk.outsider)
        .post(add, {"member-phone": desk.worker.phone, "member-kind": "staff"})
        .status_code
        == 404
    )
    assert login(desk.viewer).get(reverse("servicedesk:team_list")).status_code == 403
    county_html = login(desk.county_cadre).get(reverse("servicedesk:team_list")).content.decode()
    assert "法安先锋" in county_html and "康体活力" in county_html
    assert login(desk.county_cadre).get(detail).status_code == 200
    assert ServiceTeamMember.objects.filter(team=desk.legal_team).count() == 1


@pytest.mark.parametrize("name", ["", "   "])
def test_a_team_needs_a_name(login, desk, name):
    response = login(desk.county_cadre).post(
        reverse("servicedesk:team_create"), {"org": desk.county.pk, "name": name}
    )
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    assert ServiceTeam.objects.count() == 2
