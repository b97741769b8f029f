"""Activity pages and API for each kind of user: worker, anonymous visitor, outsider, viewer."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gonghui.activities import services
from gonghui.activities.models import Activity, Registration
from tests.activities.conftest import make_activity, make_workers
from tests.drilled import open_drilled

pytestmark = pytest.mark.django_db
API = "/api/v1/activities"


def _post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


@pytest.fixture
def act(world):
    world.activity = make_activity(world.township, actor=world.township_cadre, capacity=1, family_max=2)
    world.open_activity = make_activity(
        world.county, actor=world.county_cadre, title="全县职工健步走", members_only=False, kind="outing"
    )
    return world


def test_the_list_shows_what_reaches_me(act, login):
    make_activity(act.other_union, actor=act.outsider, title="临川职工运动会")
    body = login(act.member_user).get(reverse("activities:list")).content.decode()
    assert "职工龙舟赛" in body and "全县职工健步走" in body and "临川职工运动会" not in body
    body = login(act.member_user).get(reverse("activities:list"), {"kind": "outing"}).content.decode()
    assert "职工龙舟赛" not in body and "全县职工健步走" in body


def test_anonymous_visitors_see_open_activities_with_a_register_link(act, client):
    body = client.get(reverse("activities:list")).content.decode()
    assert "全县职工健步走" in body and "职工龙舟赛" not in body
    assert reverse("accounts:register") + "?next=" in body
    detail = client.get(act.open_activity.get_absolute_url())
    assert detail.status_code == 200 and "注册后报名" in detail.content.decode()
    assert client.get(act.activity.get_absolute_url()).status_code == 302  # members only: log in


def test_register_full_waitlist_and_promotion_by_pages(act, login):
    a, b = make_workers(act.union, 2)
    client = login(a)
    response = client.post(reverse("activities:register", args=[act.activity.uuid]), {"family_count": "0"})
    entry = Registration.objects.get(user=a)
    assert response.status_code == 302 and response.url == entry.get_absolute_url()
    assert entry.state == "registered"
    second = login(b).post(reverse("activities:register", args=[act.activity.uuid]), {})
    waiting = Registration.objects.get(user=b)
    assert waiting.state == "waitlisted"
    page = login(b).get(second.url).content.decode()
    assert "候补名单第1位" in page
    login(a).post(reverse("activities:withdraw", args=[entry.uuid]))
    waiting.refresh_from_db()
    assert waiting.state == "offered"
    page = login(b).get(waiting.get_absolute_url()).content.decode()
    assert "确认参加" in page
    login(b).post(reverse("activities:accept", args=[waiting.uuid]))
    waiting.refresh_from_db()
    assert waiting.state == "registered"


def test_bad_family_count_is_refused_in_chinese(act, login):
    client = login(act.member_user)
    response = client.post(
        reverse("activities:register", args=[act.activity.uuid]), {"family_count": "9"}, follow=True
    )
    assert "不能大于5" in response.content.decode()
    response = client.post(
        reverse("activities:register", args=[act.activity.uuid]), {"family_count": "3"}, follow=True
    )
    assert "最多可带家属2人" in response.content.decode()
    assert not Registration.objects.exists()


def test_outsider_gets_404_and_viewer_403(act, login):
    for name in ("detail", "registrations", "edit"):
        assert (
            login(act.outsider).get(reverse(f"activities:{name}", args=[act.activity.uuid])).status_code
            == 404
        )
    assert login(act.viewer).get(reverse("activities:edit", args=[act.activity.uuid])).status_code == 403
    response = login(act.viewer).post(reverse("activities:cancel", args=[act.activity.uuid]), {"reason": "x"})
    assert response.status_code == 403
    assert login(act.member_user).get(reverse("activities:manage_list")).status_code == 403


def test_someone_elses_registration_is_404(act, login):
    entry = services.registration_create(activity=act.activity, actor=act.member_user)
    other = make_workers(act.union, 1)[0]
    assert login(other).get(entry.get_absolute_url()).status_code == 404
    assert login(other).post(reverse("activities:withdraw", args=[entry.uuid])).status_code == 404


def test_a_cadre_publishes_and_errors_show_beside_fields(act, login):
    client = login(act.township_cadre)
    starts = timezone.localtime() + datetime.timedelta(days=10)
    data = {
        "org": str(act.township.uuid),
        "kind": "family",
        "title": "亲子开放日",
        "place": "城关镇职工之家",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "80",
        "family_max": "3",
        "offer_hours": "24",
        "members_only": "on",
    }
    response = client.post(reverse("activities:create"), data)
    assert response.status_code == 200 and "结束时间必须晚于开始时间" in response.content.decode()
    data["ends_at"] = (starts + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("activities:create"), data)
    activity = Activity.objects.get(title="亲子开放日")
    assert response.status_code == 302 and activity.family_max == 3 and activity.org == act.township


def test_registrations_list_and_cancel(act, login, django_assert_max_num_queries):
    for user in make_workers(act.union, 5):
        services.registration_create(activity=act.activity, actor=user)
    client = login(act.township_cadre)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("activities:registrations", args=[act.activity.uuid]))
    assert "候补4人" in page.content.decode()
    response = client.post(reverse("activities:cancel", args=[act.activity.uuid]), {"reason": ""})
    assert response.status_code == 400 and "请填写取消原因" in response.content.decode()
    client.post(reverse("activities:cancel", args=[act.activity.uuid]), {"reason": "场地维修"})
    act.activity.refresh_from_db()
    assert act.activity.state == "cancelled"


def test_photos_are_validated_and_served_to_who_may_see(act, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Activity.objects.filter(pk=act.activity.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
        registration_opens_at=timezone.now() - datetime.timedelta(days=3),
        registration_closes_at=timezone.now() - datetime.timedelta(hours=3),
    )
    client = login(act.township_cadre)
    url = reverse("activities:photo_upload", args=[act.activity.uuid])
    fake = SimpleUploadedFile("x.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client.post(url, {"image": fake})
    assert response.status_code == 400 and "只能上传JPG或PNG" in response.content.decode()
    png = SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
    assert client.post(url, {"image": png, "caption": "颁奖"}).status_code == 302
    photo = act.activity.photos.get()
    photo_url = reverse("activities:photo", args=[act.activity.uuid, photo.pk])
    served = login(act.member_user).get(photo_url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert login(act.outsider).get(photo_url).status_code == 404


def test_calendar_file(act, login):
    response = login(act.member_user).get(reverse("activities:ics", args=[act.activity.uuid]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and "SUMMARY:职工龙舟赛" in body and "LOCATION:安平湖" in body


def test_figures_count_people_and_family(act, login):
    a, b = make_workers(act.union, 2)
    big = make_activity(act.township, actor=act.township_cadre, capacity=10, family_max=2, title="家庭日")
    services.registration_create(activity=big, family_count=2, actor=a)
    services.registration_create(activity=big, actor=b)
    from gonghui.core import indicators

    period = indicators.Period(timezone.localdate(), timezone.localdate() + datetime.timedelta(days=30))
    values = indicators.figures(act.county, period)
    assert values["activities.activities"] == 3
    assert values["activities.registrations"] == 2
    assert values["activities.people"] == 4 and values["activities.family"] == 2
    rows = indicators.child_figures(act.county, period)
    assert rows[act.township.path]["activities.people"] == 4
    assert login(act.county_cadre).get(reverse("activities:figures")).status_code == 200


def test_api_register_position_withdraw(act, login):
    a, b = make_workers(act.union, 2)
    first = _post(login(a), f"{API}/{act.activity.uuid}/register")
    assert first.status_code == 201 and first.json()["state"] == "registered"
    too_many = _post(login(b), f"{API}/{act.activity.uuid}/register", {"family_count": 1})
    assert too_many.status_code == 400 and "超过了总名额1人" in too_many.json()["detail"]
    second = _post(login(b), f"{API}/{act.activity.uuid}/register")
    assert second.status_code == 201 and second.json()["waitlist_position"] == 1
    again = _post(login(b), f"{API}/{act.activity.uuid}/register")
    assert again.status_code == 400 and again.json()["detail"] == "您已在候补名单中。"
    bad = _post(login(b), f"{API}/{act.activity.uuid}/register", {"family_count": -1})
    assert bad.status_code == 422
    mine = login(b).get(f"{API}/me/registrations").json()
    assert [m["state"] for m in mine] == ["waitlisted"]
    withdrawn = _post(login(a), f"{API}/registrations/{first.json()['uuid']}/withdraw")
    assert withdrawn.json()["state"] == "withdrawn"
    offered = login(b).get(f"{API}/{act.activity.uuid}/registration").json()
    assert offered["state"] == "offered" and offered["offer_expires_at"]
    assert _post(login(b), f"{API}/registrations/{offered['uuid']}/accept").json()["state"] == "registered"


def test_api_access(act, client, login):
    assert client.get(API).status_code == 401
    assert login(act.outsider).get(f"{API}/{act.activity.uuid}").status_code == 404
    listed = login(act.member_user).get(API).json()
    assert {a["title"] for a in listed} == {"职工龙舟赛", "全县职工健步走"}


def test_the_organisers_list_says_where_each_activity_stands(world, login):
    """A past activity reads 已结束 and a coming one 报名中 or 未开始报名, never all 报名中."""
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from gonghui.activities import services as act_svc

    now = timezone.now()

    def publish(title, starts, opens):
        return act_svc.activity_publish(
            org=world.township,
            kind="sports",
            title=title,
            place="城关镇体育馆",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            registration_opens_at=opens,
            registration_closes_at=starts - datetime.timedelta(hours=1),
            capacity=10,
            actor=world.township_cadre,
        )

    past = publish("去年的篮球赛", now - datetime.timedelta(days=30), now - datetime.timedelta(days=60))
    later = publish("明年的长跑", now + datetime.timedelta(days=60), now + datetime.timedelta(days=30))
    assert past.phase[1] == "已结束" and later.phase[1] == "未开始报名"
    page = login(world.township_cadre).get(reverse("activities:manage_list")).content.decode()
    assert "已结束" in page and "未开始报名" in page


def test_the_glance_tile_opens_the_activities_it_counted(act, login):
    """举办活动 for a township and period opens the list of those activities: not the county's, not a
    cancelled one, not one of another period; the kind filter keeps the township."""
    from gonghui.core import indicators

    make_activity(act.other_township, actor=act.county_cadre, title="柳溪乡拔河赛")
    cancelled = make_activity(act.township, actor=act.township_cadre, title="取消的徒步")
    services.activity_cancel(activity=cancelled, reason="天气", actor=act.township_cadre)
    make_activity(act.township, actor=act.township_cadre, title="明年的歌咏会", days=400)
    period = indicators.Period(timezone.localdate(), timezone.localdate() + datetime.timedelta(days=30))
    assert indicators.figures(act.township, period)["activities.activities"] == 1
    link = indicators.get("activities.activities").drill(act.township, period)
    client = login(act.county_cadre)
    open_drilled(
        client,
        link,
        reverse("activities:manage_list"),
        org=act.township,
        shown=["职工龙舟赛"],
        hidden=["全县职工健步走", "柳溪乡拔河赛", "取消的徒步", "明年的歌咏会"],
        other_county=act.other_county,
        whole=["全县职工健步走", "柳溪乡拔河赛"],
        keeps_org=True,  # the kind filter keeps the township
    )
    figures = client.get(reverse("activities:figures"), {"org": str(act.township.uuid)}).content.decode()
    assert act.township.name in figures and "查看我的全部范围" in figures
