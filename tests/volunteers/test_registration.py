import pytest

from gonghui.core.models import AuditEntry
from gonghui.volunteers.models import Signup, Volunteer
from tests.volunteers.conftest import make_task, signed

URL = "/volunteers/register/"


def test_a_worker_registers_under_an_area_union(world, login):
    client = login(world.worker)
    response = client.post(
        URL, {"org": world.township.pk, "skills": "医疗护理", "availability": "周末", "consent": "on"}
    )
    assert response.status_code == 302
    volunteer = Volunteer.objects.get(user=world.worker)
    assert volunteer.org == world.township and volunteer.org_path == world.township.path
    assert volunteer.skills == "医疗护理" and volunteer.status == "active" and volunteer.member is None
    assert AuditEntry.objects.filter(action="volunteer_register", object_id=volunteer.pk).exists()


def test_a_member_registers_under_their_union(world, login):
    client = login(world.member_user)
    page = client.get(URL)
    assert world.union.name in page.content.decode()
    client.post(URL, {"skills": "文艺演出", "consent": "on"})
    volunteer = Volunteer.objects.get(user=world.member_user)
    assert volunteer.org == world.union and volunteer.member == world.member


def test_registration_needs_consent_and_an_area(world, login):
    client = login(world.worker)
    response = client.post(URL, {"skills": "x"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "请阅读并同意个人信息处理说明后再提交。" in text
    assert "请选择服务所在的区域工会。" in text
    assert not Volunteer.objects.exists()


def test_a_membership_union_is_not_an_area_choice(world, login):
    response = login(world.worker).post(URL, {"org": world.union.pk, "consent": "on"})
    assert "请从搜索结果中选择服务所在的区域工会。" in response.content.decode()
    # typed by name without JavaScript: still not an area
    response = login(world.worker).post(URL, {"org__text": world.union.name, "consent": "on"})
    assert f"没有找到名称或统一社会信用代码为“{world.union.name}”的区域工会" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_an_area_typed_by_its_exact_name_is_found(world, login):
    response = login(world.worker).post(URL, {"org__text": world.park.name, "consent": "on"})
    assert response.status_code == 302
    assert Volunteer.objects.get(user=world.worker).org == world.park


def test_double_submit_registers_once(world, login):
    client = login(world.worker)
    data = {"org": world.township.pk, "consent": "on"}
    client.post(URL, data)
    response = client.post(URL, data, follow=True)
    assert Volunteer.objects.filter(user=world.worker).count() == 1
    assert "您已登记为志愿者。" in response.content.decode()


def test_anonymous_is_sent_to_login(client):
    for url in (URL, "/volunteers/", "/volunteers/me/", "/volunteers/me/hours/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_profile_update_and_leave_withdraws_future_signups(vol, login):
    client = login(vol.volunteer_user)
    client.post("/volunteers/me/", {"skills": "心理疏导", "availability": "晚上"})
    vol.volunteer.refresh_from_db()
    assert vol.volunteer.skills == "心理疏导"
    signed(vol.task, vol.volunteer)
    response = client.post("/volunteers/me/leave/", follow=True)
    assert "您已退出志愿者队伍" in response.content.decode()
    vol.volunteer.refresh_from_db()
    vol.task.refresh_from_db()
    assert vol.volunteer.status == "inactive"
    assert Signup.objects.get().state == "withdrawn" and vol.task.signed_up == 0
    # leaving twice is refused; registering again reactivates the same record
    response = client.post("/volunteers/me/leave/", follow=True)
    assert "您已退出志愿者队伍。" in response.content.decode()
    client.post(URL, {"org": vol.park.pk, "consent": "on"})
    vol.volunteer.refresh_from_db()
    assert vol.volunteer.status == "active" and vol.volunteer.org == vol.park
    assert Volunteer.objects.filter(user=vol.volunteer_user).count() == 1


def test_leave_requires_post_and_a_volunteer(world, login):
    client = login(world.worker)
    assert client.get("/volunteers/me/leave/").status_code == 405
    assert client.post("/volunteers/me/leave/").status_code == 404


@pytest.mark.parametrize("persona", ["worker", "county_cadre"])
def test_home_page_renders(world, login, persona):
    response = login(getattr(world, persona)).get("/volunteers/")
    assert response.status_code == 200
    assert "志愿服务" in response.content.decode()


def test_home_lists_my_signups(vol, login):
    signed(vol.task, vol.volunteer)
    make_task(vol.county, leader=vol.county_cadre, title="职工健康义诊志愿服务")
    text = login(vol.volunteer_user).get("/volunteers/").content.decode()
    assert "职工法律咨询志愿服务" in text and "职工健康义诊志愿服务" in text
