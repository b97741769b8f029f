import django.db
import pytest
from django.contrib.contenttypes.models import ContentType
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.accounts.models import Position, Role, User
from gonghui.core.models import AuditEntry
from tests.factories import make_cadre

LIST = reverse("accounts:positions")
GRANT = reverse("accounts:position_grant")


def _revoke_url(position):
    return reverse("accounts:position_revoke", args=[position.pk])


def _grant(client, org, phone, *, role=Role.STAFF, name="", title="", pii=False):
    data = {"org": str(org.uuid), "phone": phone, "name": name, "role": role, "title": title}
    if pii:
        data["can_view_personal_data"] = "on"
    return client.post(GRANT, data)


def _audits(action):
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Position), action=action)


# ---- access


def test_anonymous_is_sent_to_login(client, world):
    position = world.township_cadre.positions.get()
    for response in (client.get(LIST), client.post(GRANT, {}), client.post(_revoke_url(position))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert Position.objects.filter(pk=position.pk).exists()


@pytest.mark.parametrize("persona", ["township_cadre", "viewer", "member_user", "worker"])
def test_staff_viewers_and_members_get_403(login, world, persona):
    client = login(getattr(world, persona))
    assert client.get(LIST).status_code == 403
    before = Position.objects.count()
    assert _grant(client, world.union, "13712345678", name="马丽").status_code == 403
    assert Position.objects.count() == before
    assert not User.objects.filter(phone="13712345678").exists()


def test_staff_cannot_revoke_a_visible_position(login, world):
    client = login(world.township_cadre)
    position = world.viewer.positions.get()
    assert client.post(_revoke_url(position)).status_code == 403
    assert Position.objects.filter(pk=position.pk).exists()


def test_outsider_gets_404_for_our_org_and_positions(login, world):
    client = login(world.outsider)
    assert client.get(LIST + f"?org={world.county.uuid}").status_code == 404
    position = world.township_cadre.positions.get()
    assert client.post(_revoke_url(position)).status_code == 404
    assert Position.objects.filter(pk=position.pk).exists()


def test_outsider_cannot_grant_in_our_county(login, world):
    client = login(world.outsider)
    response = _grant(client, world.township, "13712345678", name="马丽")
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not User.objects.filter(phone="13712345678").exists()


# ---- the list


def test_county_chair_sees_positions_in_the_county_only(login, world):
    client = login(world.county_cadre)
    response = client.get(LIST)
    assert response.status_code == 200
    body = response.content.decode()
    for name in ("周建国", "李秀英", "王志强", "陈晓东", "赵丽"):
        assert name in body
    assert "孙海" not in body  # the outsider, another county
    phone = world.township_cadre.phone
    assert phone not in body and phone[:3] + "****" + phone[-4:] in body


def test_enterprise_chair_sees_own_subtree(login, world):
    body = login(world.enterprise_cadre).get(LIST).content.decode()
    assert "王志强" in body
    assert "李秀英" not in body and "周建国" not in body


def test_filter_by_org_and_role(login, world):
    client = login(world.county_cadre)
    body = client.get(LIST + f"?org={world.township.uuid}").content.decode()
    assert "李秀英" in body and "赵丽" in body and "陈晓东" not in body
    body = client.get(LIST + f"?org={world.township.uuid}&role=viewer").content.decode()
    assert "赵丽" in body and "李秀英" not in body


def test_list_query_count_does_not_grow_with_rows(login, world):
    client = login(world.county_cadre)
    client.get(LIST)  # warm up session and content types
    with CaptureQueriesContext(django.db.connection) as few:
        client.get(LIST)
    for i in range(10):
        make_cadre(world.union, name=f"干部{i}", role=Role.STAFF)
    with CaptureQueriesContext(django.db.connection) as many:
        client.get(LIST)
    assert len(many) == len(few)


# ---- grant


def test_chair_grants_staff_in_a_child_org_to_a_new_phone(login, world):
    client = login(world.county_cadre)
    response = _grant(client, world.township, "13712345678", name="马丽", title="专职干部")
    assert response.status_code == 302
    user = User.objects.get(phone="13712345678")
    assert user.name == "马丽" and not user.has_usable_password()
    position = Position.objects.get(user=user)
    assert (position.org, position.role, position.title) == (world.township, Role.STAFF, "专职干部")
    assert position.granted_by == world.county_cadre
    assert not position.can_view_personal_data
    assert _audits("grant").filter(object_id=position.pk, actor=world.county_cadre).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "马丽" in page and "已授予" in page


def test_chair_grants_to_an_existing_account(login, world):
    client = login(world.enterprise_cadre)
    response = _grant(client, world.union, world.member_user.phone, role=Role.VIEWER)
    assert response.status_code == 302
    position = Position.objects.get(user=world.member_user)
    assert (position.org, position.role) == (world.union, Role.VIEWER)
    world.member_user.refresh_from_db()
    assert world.member_user.name == "张伟"


def test_new_phone_needs_a_name(login, world):
    client = login(world.county_cadre)
    response = _grant(client, world.township, "13712345678")
    assert "该手机号码尚未开通账号，请填写姓名" in response.content.decode()
    assert not User.objects.filter(phone="13712345678").exists()


def test_bad_phone_is_refused(login, world):
    client = login(world.county_cadre)
    before = Position.objects.count()
    response = _grant(client, world.township, "2345", name="马丽")
    assert "手机号码应为以1开头的11位数字" in response.content.decode()
    assert Position.objects.count() == before


def test_chair_cannot_grant_above_own_org(login, world):
    client = login(world.enterprise_cadre)
    response = _grant(client, world.township, "13712345678", name="马丽")
    assert "选择一个有效的选项" in response.content.decode()
    assert not User.objects.filter(phone="13712345678").exists()


def test_granting_personal_data_access_without_having_it_is_refused(login, world):
    client = login(world.enterprise_cadre)
    response = _grant(client, world.union, "13712345678", name="马丽", pii=True)
    assert response.status_code == 200
    assert "您本人在该组织没有查看完整个人信息的权限，不能授予他人" in response.content.decode()
    assert not User.objects.filter(phone="13712345678").exists()
    assert not _audits("grant").filter(actor=world.enterprise_cadre).exists()


def test_chair_with_personal_data_access_may_pass_it_on(login, world):
    client = login(world.county_cadre)
    assert _grant(client, world.union, "13712345678", name="马丽", pii=True).status_code == 302
    assert Position.objects.get(user__phone="13712345678").can_view_personal_data


def test_double_submit_makes_one_position(login, world):
    client = login(world.county_cadre)
    _grant(client, world.township, "13712345678", name="马丽")
    _grant(client, world.township, "13712345678", name="马丽")
    assert User.objects.filter(phone="13712345678").count() == 1
    assert Position.objects.filter(user__phone="13712345678").count() == 1


def test_granting_again_updates_the_role(login, world):
    client = login(world.county_cadre)
    _grant(client, world.township, world.viewer.phone, role=Role.STAFF)
    position = Position.objects.get(user=world.viewer)
    assert position.role == Role.STAFF


def test_granted_position_gives_scope(login, world, client):
    login(world.county_cadre)
    _grant(client, world.union, "13712345678", name="马丽", role=Role.CHAIR)
    new_chair = User.objects.get(phone="13712345678")
    client.force_login(new_chair)
    assert client.get(LIST).status_code == 200


# ---- revoke


def test_chair_revokes_a_position_in_scope(login, world):
    client = login(world.county_cadre)
    position = world.township_cadre.positions.get()
    response = client.post(_revoke_url(position))
    assert response.status_code == 302
    assert not Position.objects.filter(pk=position.pk).exists()
    assert _audits("revoke").filter(object_id=position.pk, actor=world.county_cadre).count() == 1
    assert "已撤销" in client.get(response["Location"]).content.decode()


def test_revoke_twice_is_a_404_the_second_time(login, world):
    client = login(world.county_cadre)
    position = world.viewer.positions.get()
    client.post(_revoke_url(position))
    assert client.post(_revoke_url(position)).status_code == 404
    assert _audits("revoke").filter(object_id=position.pk).count() == 1


def test_revoke_is_post_only(login, world):
    client = login(world.county_cadre)
    position = world.viewer.positions.get()
    assert client.get(_revoke_url(position)).status_code == 405
    assert Position.objects.filter(pk=position.pk).exists()


def test_chair_cannot_revoke_own_chair(login, world):
    client = login(world.enterprise_cadre)
    position = world.enterprise_cadre.positions.get()
    response = client.post(_revoke_url(position), follow=True)
    assert "不能撤销自己的主席职务" in response.content.decode()
    assert Position.objects.filter(pk=position.pk).exists()


def test_lower_chair_cannot_revoke_a_higher_position(login, world):
    client = login(world.enterprise_cadre)
    position = world.county_cadre.positions.get()
    assert client.post(_revoke_url(position)).status_code == 404
    assert Position.objects.filter(pk=position.pk).exists()
