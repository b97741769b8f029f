"""A volunteer team's page: fellow volunteers see masked names and no hours; the team's managers see all.
A team leader is found by phone among the cadre's own volunteers only."""

import datetime
from decimal import Decimal

from gonghui.volunteers import services
from gonghui.volunteers.models import Signup, VolunteerTeam


def _team_with_hours(vol):
    team = services.team_create(
        org=vol.township, name="城关镇法律志愿服务队", leader=vol.volunteer, actor=vol.county_cadre
    )
    services.team_join(team=team, volunteer=vol.member_volunteer, actor=vol.member_user)
    Signup.objects.create(
        task=vol.task,
        volunteer=vol.volunteer,
        hours=Decimal("3.5"),
        confirmed_at=vol.task.starts_at,
    )
    return team


def test_a_fellow_volunteer_sees_masked_names_and_no_hours(vol, login):
    team = _team_with_hours(vol)
    year = vol.task.starts_at.year
    page = login(vol.member_user).get(f"/volunteers/teams/{team.uuid}/?year={year}").content.decode()
    assert "何志愿" not in page and "何**" in page
    assert "张伟" in page  # the viewer's own row
    assert "3.5" not in page.split("本队任务（小时）")[1]


def test_the_leader_and_the_cadre_see_full_names_and_hours(vol, login):
    team = _team_with_hours(vol)
    year = vol.task.starts_at.year
    for user in (vol.volunteer_user, vol.township_cadre):
        page = login(user).get(f"/volunteers/teams/{team.uuid}/?year={year}").content.decode()
        assert "何志愿" in page and "张伟" in page
        assert "3.5" in page


def test_a_volunteer_of_another_county_reads_like_an_unknown_number(vol, login):
    client = login(vol.township_cadre)
    team = services.team_create(
        org=vol.township, name="城关镇文艺志愿服务队", leader=None, actor=vol.county_cadre
    )
    far = client.post(
        f"/volunteers/teams/{team.uuid}/leader/", {"leader_phone": vol.far_user.phone}, follow=True
    )
    unknown = client.post(
        f"/volunteers/teams/{team.uuid}/leader/", {"leader_phone": "13900009999"}, follow=True
    )
    for response in (far, unknown):
        assert "在您管理的范围内没有找到使用这个手机号码登记的在册志愿者" in response.content.decode()
        assert "远方" not in response.content.decode()
    assert VolunteerTeam.objects.get(pk=team.pk).leader is None


def test_a_task_leader_of_another_county_is_refused(vol, login):
    client = login(vol.township_cadre)
    starts = vol.task.starts_at + datetime.timedelta(days=1)
    response = client.post(
        "/volunteers/tasks/new/",
        {
            "org": str(vol.township.uuid),
            "title": "普法宣传",
            "place": "城关镇",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "capacity": "5",
            "leader_phone": vol.outsider.phone,
        },
    )
    body = response.content.decode()
    assert "在您管理的范围内没有找到使用这个手机号码的用户" in body and vol.outsider.name not in body
