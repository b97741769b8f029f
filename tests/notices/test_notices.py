"""Notices: who they reach (subtree, member kind, role), read receipts, unread count, expiry,
scoping and input, on the pages and the API."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gonghui.notices import selectors, services
from gonghui.notices.models import Notice, NoticeRead
from tests.drilled import open_drilled
from tests.factories import make_member, make_user

pytestmark = pytest.mark.django_db


def publish(w, *, org=None, actor=None, **kwargs):
    kwargs.setdefault("title", "五一节放假安排")
    kwargs.setdefault("body", "5月1日至5日放假。")
    return services.notice_publish(org=org or w.township, actor=actor or w.township_cadre, **kwargs)


def titles(user) -> set[str]:
    return {n.title for n in selectors.my_notices(user)}


# ---------------------------------------------------------------- targeting


def test_a_member_gets_notices_of_their_unions_subtree_only(world):
    publish(world, title="城关镇通知")
    publish(world, org=world.other_county, actor=world.outsider, title="临川县通知")
    publish(world, org=world.park, actor=world.county_cadre, title="开发区通知")
    assert titles(world.member_user) == {"城关镇通知"}


def test_member_kinds_narrow_the_audience(world):
    rider_user = make_user(name="骑手")
    make_member(world.union, name="骑手", user=rider_user, mobile=rider_user.phone, job_type="delivery_rider")
    publish(world, title="骑手专场", job_types=["delivery_rider"])
    assert titles(rider_user) == {"骑手专场"}
    assert titles(world.member_user) == set()


def test_a_cadres_notice_reaches_cadres_of_the_subtree_not_members(world):
    publish(world, title="干部会议", audience_role=Notice.Role.CADRES)
    assert titles(world.enterprise_cadre) == {"干部会议"}  # a position in a union under the township
    assert titles(world.township_cadre) == {"干部会议"}
    assert titles(world.member_user) == set()
    assert titles(world.joint_cadre) == set()  # the joint union is not under the township
    assert titles(world.outsider) == set()


def test_a_volunteers_notice_reaches_volunteers_registered_in_the_subtree(desk):
    from gonghui.volunteers.services import volunteer_register

    volunteer_register(user=desk.volunteer_user, org=desk.township, consent=True, actor=desk.volunteer_user)
    publish(desk, title="志愿者集合", audience_role=Notice.Role.VOLUNTEERS)
    assert titles(desk.volunteer_user) == {"志愿者集合"}
    assert titles(desk.member_user) == set()


def test_all_reaches_members_cadres_and_volunteers(world):
    publish(world, title="全体通知", audience_role=Notice.Role.ALL)
    assert titles(world.member_user) == {"全体通知"}
    assert titles(world.enterprise_cadre) == {"全体通知"}
    assert titles(world.worker) == set()  # registered, not a member: members only


def test_a_scheduled_expired_or_withdrawn_notice_is_not_shown(world):
    now = timezone.now()
    publish(world, title="以后", publish_at=now + datetime.timedelta(days=1))
    expired = publish(world, title="过期", publish_at=now - datetime.timedelta(days=3))
    Notice.objects.filter(pk=expired.pk).update(expire_at=now - datetime.timedelta(days=1))
    withdrawn = publish(world, title="撤回")
    services.notice_withdraw(notice=withdrawn, actor=world.township_cadre)
    publish(world, title="现在")
    assert titles(world.member_user) == {"现在"}


def test_unread_first_then_pinned(world, login):
    publish(world, title="置顶", pinned=True)
    read = publish(world, title="已读")
    publish(world, title="普通")
    services.notice_mark_read(notice=read, user=world.member_user)
    order = [n.title for n in selectors.my_notices(world.member_user)]
    assert order == ["置顶", "普通", "已读"]


# ---------------------------------------------------------------- receipts and the unread count


def test_opening_twice_makes_one_receipt_and_counts_one_reader(world, login):
    notice = publish(world)
    client = login(world.member_user)
    url = reverse("notices:detail", args=[notice.uuid])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert NoticeRead.objects.filter(notice=notice).count() == 1
    notice.refresh_from_db()
    assert notice.read_count == 1


def test_a_racing_second_receipt_is_refused_by_the_constraint(world):
    notice = publish(world)
    NoticeRead.objects.create(notice=notice, user=world.member_user)  # the other request won
    assert services.notice_mark_read(notice=notice, user=world.member_user) is False
    assert NoticeRead.objects.filter(notice=notice).count() == 1


def test_unread_count_drops_when_read_and_is_one_query(world, django_assert_max_num_queries):
    first = publish(world)
    publish(world, title="第二条")
    user = world.member_user
    with django_assert_max_num_queries(4):  # the member, the positions, the volunteer, the count
        assert selectors.unread_count(user) == 2
    with django_assert_max_num_queries(0):  # cached per user
        assert selectors.unread_count(user) == 2
    services.notice_mark_read(notice=first, user=user)
    assert selectors.unread_count(user) == 1


def test_the_home_shows_the_unread_tile(world, login):
    publish(world, title="停电通知")
    body = login(world.member_user).get(reverse("home")).content.decode()
    assert "通知公告" in body and "停电通知" in body


def test_read_rate_is_readers_over_the_audience(world):
    make_member(world.union, name="李四")
    notice = publish(world)
    assert notice.audience_size == 2  # the member tally of the township's subtree
    services.notice_mark_read(notice=notice, user=world.member_user)
    notice.refresh_from_db()
    assert notice.read_rate == 0.5


# ---------------------------------------------------------------- access and input


def test_an_outsider_cannot_open_or_manage(world, login):
    notice = publish(world)
    client = login(world.outsider)
    assert client.get(reverse("notices:detail", args=[notice.uuid])).status_code == 404
    assert client.get(reverse("notices:reads", args=[notice.uuid])).status_code == 404
    assert client.post(reverse("notices:withdraw", args=[notice.uuid])).status_code == 404


def test_a_viewer_may_read_receipts_but_not_publish_or_withdraw(world, login):
    notice = publish(world)
    client = login(world.viewer)
    assert client.get(reverse("notices:reads", args=[notice.uuid])).status_code == 200
    assert client.get(reverse("notices:create")).status_code == 403
    assert client.post(reverse("notices:withdraw", args=[notice.uuid])).status_code == 403
    with pytest.raises(PermissionDenied):
        publish(world, actor=world.viewer)


def test_a_member_cannot_reach_the_cadre_pages(world, login):
    client = login(world.member_user)
    assert client.get(reverse("notices:manage_list")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("notices:mine"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_create_refuses_bad_input_in_chinese(world, login):
    client = login(world.township_cadre)
    response = client.post(
        reverse("notices:create"),
        {
            "org": str(world.township.pk),
            "title": "",
            "body": "x",
            "audience_role": "members",
            "publish_at": "2030-05-01T10:00",
            "expire_at": "2030-04-01T10:00",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "请填写标题。" in body and "截止时间必须晚于发布时间。" in body
    assert not Notice.objects.exists()


def test_the_service_refuses_an_expiry_before_publishing(world):
    with pytest.raises(ValidationError):
        publish(world, expire_at=timezone.now() - datetime.timedelta(hours=1))


def test_a_cadre_publishes_edits_and_withdraws(world, login):
    client = login(world.township_cadre)
    response = client.post(
        reverse("notices:create"),
        {
            "org": str(world.township.pk),
            "title": "体检通知",
            "body": "周五体检",
            "audience_role": "members",
            "members_only": "on",
        },
    )
    notice = Notice.objects.get()
    assert response.status_code == 302 and notice.org == world.township
    client.post(
        reverse("notices:edit", args=[notice.uuid]),
        {"title": "体检通知（改）", "body": "周六体检", "audience_role": "all", "members_only": "on"},
    )
    notice.refresh_from_db()
    assert notice.title == "体检通知（改）" and notice.audience_role == "all"
    client.post(reverse("notices:withdraw", args=[notice.uuid]))
    notice.refresh_from_db()
    assert notice.withdrawn_at is not None
    assert titles(world.member_user) == set()


def test_receipts_list_masks_names_and_is_paged(world, login):
    notice = publish(world)
    services.notice_mark_read(notice=notice, user=world.member_user)
    body = login(world.township_cadre).get(reverse("notices:reads", args=[notice.uuid])).content.decode()
    assert "张*" in body and "已读 1 人" in body


# ---------------------------------------------------------------- API


def test_api_lists_counts_and_marks_read_idempotently(world, client):
    notice = publish(world)
    client.force_login(world.member_user)
    assert client.get("/api/v1/notices/unread").json() == {"unread": 1}
    rows = client.get("/api/v1/notices").json()
    assert [r["is_read"] for r in rows] == [False]
    for _ in range(2):
        response = client.post(f"/api/v1/notices/{notice.uuid}/read")
        assert response.status_code == 200 and response.json()["unread"] == 0
    assert NoticeRead.objects.filter(notice=notice).count() == 1


def test_api_refuses_anonymous_and_outsiders(world, client):
    notice = publish(world)
    assert client.get("/api/v1/notices/unread").status_code == 401
    client.force_login(world.outsider)
    assert client.post(f"/api/v1/notices/{notice.uuid}/read").status_code == 404


def test_the_navigation_entry_carries_the_unread_count(world, login):
    publish(world, audience_role=Notice.Role.ALL)
    assert "通知公告（1条未读）" in login(world.member_user).get(reverse("services")).content.decode()
    assert "通知公告（1条未读）" in login(world.township_cadre).get(reverse("home")).content.decode()


def test_a_cadre_previewing_a_notice_outside_its_audience_leaves_no_receipt(world, login):
    notice = publish(world)  # to members: the county cadre is not in the audience
    assert login(world.county_cadre).get(reverse("notices:detail", args=[notice.uuid])).status_code == 200
    assert not NoticeRead.objects.exists()


def test_the_glance_tile_opens_the_notices_it_counted(world, login):
    """发布公告 for a township and period opens the list of those notices: not the county's or
    another township's, not a withdrawn one, not one of another period."""
    from gonghui.core import indicators

    now = timezone.now()
    publish(world, title="城关镇防汛通知", publish_at=now - datetime.timedelta(days=2))
    publish(world, org=world.other_township, actor=world.county_cadre, title="柳溪乡停水通知")
    publish(world, org=world.county, actor=world.county_cadre, title="全县职工运动会通知")
    withdrawn = publish(world, title="撤回的通知")
    services.notice_withdraw(notice=withdrawn, actor=world.township_cadre)
    publish(world, title="上季度的通知", publish_at=now - datetime.timedelta(days=60))
    publish(world, title="下周的排期通知", publish_at=now + datetime.timedelta(days=3))  # not published yet
    today = timezone.localdate()
    period = indicators.Period(today - datetime.timedelta(days=30), today + datetime.timedelta(days=10))
    assert indicators.figures(world.township, period)["notices.published"] == 1
    link = indicators.get("notices.published").drill(world.township, period)
    assert link == indicators.get("notices.read_rate").drill(world.township, period)
    open_drilled(
        login(world.county_cadre),
        link,
        reverse("notices:manage_list"),
        org=world.township,
        shown=["城关镇防汛通知"],
        hidden=["柳溪乡停水通知", "全县职工运动会通知", "撤回的通知", "上季度的通知", "下周的排期通知"],
        other_county=world.other_county,
    )
