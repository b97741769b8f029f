from gonghui.volunteers import services
from gonghui.volunteers.models import Alliance, TeamMembership, VolunteerTeam


def _team(w, org=None, name="城关镇法律志愿服务队", leader=None):
    org = org or w.township
    actor = w.outsider if org == w.other_county else w.county_cadre
    return services.team_create(org=org, name=name, leader=leader, actor=actor)


def test_a_cadre_creates_a_team_with_a_leader(vol, login):
    client = login(vol.township_cadre)
    response = client.post(
        "/volunteers/teams/new/",
        {
            "org": str(vol.township.uuid),
            "name": "城关镇法律志愿服务队",
            "description": "法律服务",
            "leader_phone": vol.volunteer_user.phone,
        },
    )
    team = VolunteerTeam.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/volunteers/teams/{team.uuid}/"
    assert team.org == vol.township and team.org_path == vol.township.path and team.leader == vol.volunteer
    assert TeamMembership.objects.filter(team=team, volunteer=vol.volunteer).exists()


def test_team_create_bad_input_and_double_submit(vol, login):
    client = login(vol.township_cadre)
    response = client.post(
        "/volunteers/teams/new/", {"org": str(vol.township.uuid), "name": "队", "leader_phone": "13000000000"}
    )
    assert "没有找到使用这个手机号码登记的在册志愿者。" in response.content.decode()
    assert not VolunteerTeam.objects.exists()
    data = {"org": str(vol.township.uuid), "name": "城关镇法律志愿服务队"}
    client.post("/volunteers/teams/new/", data)
    response = client.post("/volunteers/teams/new/", data)
    assert "该组织已有同名的志愿服务队。" in response.content.decode()
    assert VolunteerTeam.objects.count() == 1


def test_team_create_refuses_viewers_and_orgs_outside_scope(vol, login):
    assert login(vol.viewer).get("/volunteers/teams/new/").status_code == 403
    assert login(vol.volunteer_user).get("/volunteers/teams/new/").status_code == 403
    response = login(vol.township_cadre).post(
        "/volunteers/teams/new/", {"org": str(vol.other_county.uuid), "name": "x"}
    )
    assert response.status_code == 200 and not VolunteerTeam.objects.exists()


def test_team_detail_access(vol, login, client):
    team = _team(vol)
    url = f"/volunteers/teams/{team.uuid}/"
    assert client.get(url).status_code == 302
    assert login(vol.outsider).get(url).status_code == 404
    assert login(vol.far_user).get(url).status_code == 404
    assert login(vol.viewer).get(url).status_code == 200
    assert login(vol.volunteer_user).get(url).status_code == 200


def test_volunteers_join_their_county_teams_once(vol, login):
    team = _team(vol)
    client = login(vol.volunteer_user)
    client.post(f"/volunteers/teams/{team.uuid}/join/")
    response = client.post(f"/volunteers/teams/{team.uuid}/join/", follow=True)
    assert "您已是该队队员。" in response.content.decode()
    assert TeamMembership.objects.filter(team=team).count() == 1
    # a volunteer of another county does not even see it
    assert login(vol.far_user).post(f"/volunteers/teams/{team.uuid}/join/").status_code == 404
    assert TeamMembership.objects.filter(team=team).count() == 1


def test_join_in_another_county_is_refused_by_the_service(vol):
    import pytest
    from django.core.exceptions import ValidationError

    team = _team(vol)
    with pytest.raises(ValidationError, match="只能加入本县"):
        services.team_join(team=team, volunteer=vol.far_volunteer, actor=vol.far_user)


def test_leader_removes_a_member_and_a_member_leaves(vol, login):
    team = _team(vol, leader=vol.volunteer)
    services.team_join(team=team, volunteer=vol.member_volunteer, actor=vol.member_user)
    url = f"/volunteers/teams/{team.uuid}/members/{vol.member_volunteer.uuid}/remove/"
    # another volunteer may not remove anyone
    third = services.volunteer_register(user=vol.worker, org=vol.township, consent=True, actor=vol.worker)
    services.team_join(team=team, volunteer=third, actor=vol.worker)
    assert login(vol.worker).post(url).status_code == 403
    assert login(vol.viewer).post(url).status_code == 403
    login(vol.volunteer_user).post(url)
    assert not TeamMembership.objects.filter(team=team, volunteer=vol.member_volunteer).exists()
    login(vol.worker).post(f"/volunteers/teams/{team.uuid}/members/{third.uuid}/remove/")
    assert list(TeamMembership.objects.filter(team=team).values_list("volunteer", flat=True)) == [
        vol.volunteer.pk
    ]


def test_cadre_sets_the_leader(vol, login):
    team = _team(vol)
    url = f"/volunteers/teams/{team.uuid}/leader/"
    assert login(vol.viewer).post(url, {"leader_phone": vol.volunteer_user.phone}).status_code == 403
    response = login(vol.township_cadre).post(url, {"leader_phone": "abc"}, follow=True)
    assert "手机号码应为以1开头的11位数字。" in response.content.decode()
    login(vol.township_cadre).post(url, {"leader_phone": vol.volunteer_user.phone})
    team.refresh_from_db()
    assert team.leader == vol.volunteer


def test_team_list(vol, login):
    _team(vol)
    _team(vol, org=vol.other_county, name="临川队")
    text = login(vol.volunteer_user).get("/volunteers/teams/").content.decode()
    assert "城关镇法律志愿服务队" in text and "临川队" not in text
    text = login(vol.outsider).get("/volunteers/teams/").content.decode()
    assert "临川队" in text and "城关镇法律志愿服务队" not in text


def test_a_federation_cadre_builds_an_alliance(vol, login):
    t1 = _team(vol)
    t2 = _team(vol, org=vol.park, name="开发区志愿服务队")
    other = _team(vol, org=vol.other_county, name="临川队")
    client = login(vol.county_cadre)
    response = client.post(
        "/volunteers/alliances/new/", {"org": str(vol.county.uuid), "name": "安平县职工志愿服务联盟"}
    )
    alliance = Alliance.objects.get()
    assert response["Location"] == f"/volunteers/alliances/{alliance.pk}/"
    assert alliance.org_path == vol.county.path
    client.post(f"/volunteers/alliances/{alliance.pk}/teams/add/", {"team": t1.pk})
    client.post(f"/volunteers/alliances/{alliance.pk}/teams/add/", {"team": t2.pk})
    response = client.post(f"/volunteers/alliances/{alliance.pk}/teams/add/", {"team": other.pk}, follow=True)
    assert "请从列表中选择志愿服务队。" in response.content.decode()
    assert set(alliance.teams.all()) == {t1, t2}
    text = client.get(f"/volunteers/alliances/{alliance.pk}/").content.decode()
    assert "开发区志愿服务队" in text
    client.post(f"/volunteers/alliances/{alliance.pk}/teams/{t2.uuid}/remove/")
    assert set(alliance.teams.all()) == {t1}


def test_alliance_access(vol, login, client):
    alliance = services.alliance_create(org=vol.county, name="联盟", actor=vol.county_cadre)
    url = f"/volunteers/alliances/{alliance.pk}/"
    assert client.get(url).status_code == 302
    assert login(vol.outsider).get(url).status_code == 404
    assert login(vol.outsider).post(url + "teams/add/", {}).status_code == 404
    assert login(vol.viewer).get("/volunteers/alliances/new/").status_code == 403
    assert login(vol.enterprise_cadre).get("/volunteers/alliances/new/").status_code == 403


def test_alliance_bad_input(vol, login):
    client = login(vol.county_cadre)
    response = client.post("/volunteers/alliances/new/", {"org": str(vol.union.uuid), "name": ""})
    text = response.content.decode()
    assert "请填写联盟名称。" in text and "请选择您管理的总工会或区域工会。" in text
    assert not Alliance.objects.exists()
