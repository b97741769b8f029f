"""Adding a service team member or leader by mobile never names a person of another county."""

import pytest
from django.urls import reverse

from gonghui.members.selectors.people import person_in_scope
from gonghui.servicedesk.models import ServiceTeamMember
from tests.factories import make_member, make_user

NOT_FOUND = "在您管理的范围内没有找到使用该手机号码注册的用户"


def _add(client, team, phone):
    return client.post(
        reverse("servicedesk:team_member_add", args=[team.pk]),
        {"member-phone": phone, "member-kind": "volunteer"},
    )


@pytest.fixture
def far_member_user(desk):
    user = make_user(name="钱远芳")
    make_member(desk.other_union, name="钱远芳", user=user, mobile=user.phone)
    return user


def test_a_member_of_another_county_reads_like_an_unknown_number(login, desk, far_member_user):
    client = login(desk.county_cadre)
    far = _add(client, desk.health_team, far_member_user.phone).content.decode()
    unknown = _add(client, desk.health_team, "13900009999").content.decode()
    assert NOT_FOUND in far and NOT_FOUND in unknown
    assert "钱远芳" not in far
    assert not ServiceTeamMember.objects.filter(user=far_member_user).exists()


def test_a_cadre_of_another_county_is_not_named_either(login, desk):
    client = login(desk.county_cadre)
    body = _add(client, desk.health_team, desk.outsider.phone).content.decode()
    assert NOT_FOUND in body and desk.outsider.name not in body
    response = client.post(
        reverse("servicedesk:team_leader", args=[desk.health_team.pk]), {"leader-phone": desk.outsider.phone}
    )
    assert NOT_FOUND in response.content.decode()
    desk.health_team.refresh_from_db()
    assert desk.health_team.leader.name == "冯医生"


def test_people_of_the_cadres_own_county_are_found(login, desk):
    client = login(desk.county_cadre)
    assert _add(client, desk.health_team, desk.member_user.phone).status_code == 302  # a member
    assert _add(client, desk.health_team, desk.township_cadre.phone).status_code == 302  # a cadre
    assert _add(client, desk.health_team, desk.enterprise_contact.phone).status_code == 302  # a contact
    assert set(
        ServiceTeamMember.objects.filter(team=desk.health_team).values_list("user__name", flat=True)
    ) >= {
        "张伟",
        "李秀英",
        "吴敏",
    }


def test_a_township_cadre_does_not_see_a_sibling_townships_member(desk):
    other = make_user(name="柳溪会员")
    union = desk.other_township
    make_member(union, name="柳溪会员", user=other, mobile=other.phone)
    assert not person_in_scope(desk.township_cadre, other)
    assert person_in_scope(desk.county_cadre, other)


def test_someone_with_no_org_at_all_may_be_added(desk):
    # A newly registered account belongs to no county: the cadre asked that person to register.
    assert person_in_scope(desk.outsider, make_user(name="新注册"))
