"""Micro-wish pages and API for each kind of user: rider, cadre, donor, outsider, anonymous."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.care.models.wishes import Wish
from gonghui.care.services import wishes as services
from tests.care.wishes.conftest import PNG, make_rider, post_wish
from tests.drilled import assert_org_refused, open_drilled
from tests.factories import make_user

pytestmark = pytest.mark.django_db
API = "/api/v1/care/wishes"


def _url(name, wish=None):
    return reverse(f"care:wishes_{name}", args=[wish.uuid] if wish else [])


@pytest.fixture
def published(wishes):
    services.wish_publish(wish=wishes.wish, actor=wishes.joint_cadre)
    return wishes


def test_a_rider_posts_a_wish_from_the_page(world, login):
    rider = make_rider(world.joint)
    client = login(rider)
    page = client.get(_url("create"))
    assert page.status_code == 200 and "不超过500.00元" in page.content.decode()
    response = client.post(
        _url("create"), {"kind": "work", "title": "头盔", "reason": "旧头盔坏了", "amount": "120"}
    )
    wish = Wish.objects.get(wisher=rider)
    assert response.status_code == 302 and response.url == wish.get_absolute_url()
    assert wish.state == "submitted" and str(wish.amount) == "120.00"
    # a double submit makes no second wish
    again = client.post(
        _url("create"), {"kind": "work", "title": "头盔", "reason": "旧头盔坏了", "amount": "120"}
    )
    assert again.status_code == 400 and "进行中的心愿" in again.content.decode()
    assert Wish.objects.filter(wisher=rider).count() == 1


def test_bad_amounts_are_shown_beside_the_field(world, login):
    client = login(make_rider(world.joint))
    for amount, message in (("9999", "不能超过500.00元"), ("-1", "金额必须大于0元"), ("", "请填写预计金额")):
        body = client.post(_url("create"), {"kind": "work", "title": "头盔", "reason": "r", "amount": amount})
        assert body.status_code == 400 and message in body.content.decode()
    assert not Wish.objects.exists()


def test_a_non_member_is_told_to_join(world, login):
    body = login(world.worker).post(
        _url("create"), {"kind": "work", "title": "t", "reason": "r", "amount": "1"}
    )
    assert body.status_code == 400 and "只有工会会员" in body.content.decode()


def test_the_wall_masks_the_wisher_and_offers_sign_up_to_anonymous(published, client):
    body = client.get(_url("wall")).content.decode()
    assert "一件冬季骑行防寒服" in body and "马**" in body and "马骑手" not in body
    assert reverse("accounts:register") + "?next=" in body
    assert published.rider.phone not in body
    # the detail asks an anonymous visitor to log in
    detail = client.get(_url("detail", published.wish))
    assert detail.status_code == 302 and reverse("accounts:login") in detail.url


def test_a_submitted_wish_is_not_on_the_wall(wishes, client, login):
    assert "一件冬季骑行防寒服" not in client.get(_url("wall")).content.decode()
    assert login(wishes.donor).get(_url("detail", wishes.wish)).status_code == 404


def test_the_cadre_publishes_and_refuses_from_the_detail(wishes, login):
    client = login(wishes.joint_cadre)
    body = client.get(_url("detail", wishes.wish)).content.decode()
    assert "马骑手" in body and "通过并上墙" in body
    response = client.post(_url("refuse", wishes.wish), {"note": ""})
    assert response.status_code == 400 and "请填写理由" in response.content.decode()
    client.post(_url("publish", wishes.wish))
    assert Wish.objects.get(pk=wishes.wish.pk).state == "published"
    todo = login(wishes.joint_cadre).get(_url("manage") + "?state=published").content.decode()
    assert "一件冬季骑行防寒服" in todo


def test_other_county_and_read_only_cadres_cannot_vet(wishes, login):
    assert login(wishes.outsider).get(_url("detail", wishes.wish)).status_code == 404
    assert login(wishes.outsider).post(_url("publish", wishes.wish)).status_code == 404
    assert login(wishes.enterprise_cadre).post(_url("publish", wishes.wish)).status_code == 404
    assert "一件冬季骑行防寒服" not in login(wishes.outsider).get(_url("manage")).content.decode()
    assert login(wishes.member_user).get(_url("manage")).status_code == 403
    assert Wish.objects.get(pk=wishes.wish.pk).state == "submitted"


def test_claim_fulfil_confirm_by_pages(published, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    wish = published.wish
    donor = login(published.donor)
    body = donor.get(_url("detail", wish)).content.decode()
    assert "马**" in body and "马骑手" not in body and "我来认领" in body
    donor.post(_url("claim", wish))
    assert Wish.objects.get(pk=wish.pk).claimer == published.donor
    second = login(make_user(name="迟到者")).post(_url("claim", wish), follow=True)
    assert "已被其他爱心人士认领" in second.content.decode()
    donor = login(published.donor)
    bad = donor.post(_url("fulfil", wish), {"photo": SimpleUploadedFile("x.png", b"<?php evil", "image/png")})
    assert bad.status_code == 400 and "JPG、PNG或WebP" in bad.content.decode()
    donor.post(
        _url("fulfil", wish), {"photo": SimpleUploadedFile("p.png", PNG, "image/png"), "note": "送到了"}
    )
    wish.refresh_from_db()
    assert wish.state == "fulfilled"
    photo = donor.get(_url("photo", wish))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert login(make_user(name="旁人")).get(_url("photo", wish)).status_code == 404
    rider = login(published.rider)
    assert "确认收到" in rider.get(_url("detail", wish)).content.decode()
    rider.post(_url("confirm", wish))
    assert Wish.objects.get(pk=wish.pk).state == "confirmed"
    assert "一件冬季骑行防寒服" in login(published.donor).get(_url("claims")).content.decode()


def test_claiming_your_own_wish_is_refused(published, login):
    response = login(published.rider).post(_url("claim", published.wish), follow=True)
    assert "不能认领自己的心愿" in response.content.decode()
    assert Wish.objects.get(pk=published.wish.pk).state == "published"


def test_someone_else_cannot_confirm_or_fulfil(published, login):
    services.wish_claim(wish=published.wish, actor=published.donor)
    other = login(make_user(name="旁人"))
    assert other.post(_url("confirm", published.wish)).status_code == 403
    assert other.post(_url("fulfil", published.wish), {}).status_code == 403


def test_anonymous_is_sent_to_log_in(published, client):
    for name in ("create", "mine", "claims", "manage"):
        assert reverse("accounts:login") in client.get(_url(name)).url
    response = client.post(_url("claim", published.wish))
    assert response.status_code == 302 and reverse("accounts:login") in response.url
    assert Wish.objects.get(pk=published.wish.pk).claimer is None


def test_figures_page(published, login):
    body = login(published.county_cadre).get(_url("figures")).content.decode()
    assert "微心愿统计" in body and "安平县总工会" in body


def test_home_tiles(published, login):
    from gonghui.core import homes

    titles = [t.title for t in homes.tiles_for(published.rider)]
    assert "我的心愿" in titles
    services.wish_claim(wish=published.wish, actor=published.donor)
    assert "我认领的心愿" in [t.title for t in homes.tiles_for(published.donor)]
    other = make_rider(published.joint, name="牛司机", job_type="truck_driver")
    post_wish(other)
    assert "微心愿待审核" in [t.title for t in homes.tiles_for(published.joint_cadre)]


# ---------------------------------------------------------------- API


def _post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def test_api_post_wall_claim_fulfil_confirm(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rider = make_rider(world.joint)
    response = _post(
        login(rider), API, {"kind": "work", "title": "手机支架", "reason": "导航用", "amount": "45.5"}
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["state"] == "submitted" and data["wisher"] == "马骑手" and data["amount"] == "45.50"
    over = _post(login(rider), API, {"title": "x", "reason": "y", "amount": "-3"})
    assert over.status_code in (400, 422)
    wish = Wish.objects.get(uuid=data["uuid"])
    services.wish_publish(wish=wish, actor=world.joint_cadre)
    donor = make_user(name="何志愿")
    client = login(donor)
    wall = client.get(f"{API}/wall").json()
    assert [w["wisher"] for w in wall] == ["马**"] and wall[0]["actions"] == ["claim"]
    assert client.post(f"{API}/{wish.uuid}/claim").status_code == 200
    again = login(make_user(name="迟到者")).post(f"{API}/{wish.uuid}/claim")
    assert again.status_code == 400 and "已被其他爱心人士认领" in again.json()["detail"]
    client = login(donor)
    bad = client.post(
        f"{API}/{wish.uuid}/fulfil", {"photo": SimpleUploadedFile("a.txt", b"hello", "text/plain")}
    )
    assert bad.status_code == 400 and "JPG" in json.dumps(bad.json(), ensure_ascii=False)
    ok = client.post(f"{API}/{wish.uuid}/fulfil", {"photo": SimpleUploadedFile("a.png", PNG, "image/png")})
    assert ok.status_code == 200 and ok.json()["state"] == "fulfilled"
    assert [w["title"] for w in client.get(f"{API}/claims").json()] == ["手机支架"]
    confirm = login(rider).post(f"{API}/{wish.uuid}/confirm")
    assert confirm.status_code == 200 and confirm.json()["state"] == "confirmed"
    assert [w["state"] for w in login(rider).get(f"{API}/mine").json()] == ["confirmed"]


def test_api_anonymous_and_outsider(published, client, login):
    assert client.get(f"{API}/wall").status_code == 401
    assert client.post(f"{API}/{published.wish.uuid}/claim").status_code == 401
    other = make_rider(published.joint, name="牛司机")
    hidden = post_wish(other)
    assert login(published.outsider).get(f"{API}/{hidden.uuid}").status_code == 404
    assert login(published.rider).post(f"{API}/{published.wish.uuid}/claim").status_code == 400


def test_api_cadre_vets(wishes, login):
    client = login(wishes.joint_cadre)
    listed = client.get(f"{API}/manage", {"state": "submitted"}).json()
    assert [w["title"] for w in listed] == ["一件冬季骑行防寒服"] and listed[0]["wisher"] == "马骑手"
    assert set(listed[0]["actions"]) >= {"publish", "refuse"}
    refused = _post(client, f"{API}/{wishes.wish.uuid}/refuse", {"note": ""})
    assert refused.status_code == 400 and "理由" in json.dumps(refused.json(), ensure_ascii=False)
    assert _post(login(wishes.outsider), f"{API}/{wishes.wish.uuid}/publish").status_code == 404
    assert login(wishes.member_user).get(f"{API}/manage").status_code == 403
    ok = _post(login(wishes.joint_cadre), f"{API}/{wishes.wish.uuid}/publish")
    assert ok.status_code == 200 and ok.json()["state"] == "published"


def test_the_cap_page(world, login):
    client = login(world.county_cadre)
    page = client.get(reverse("care:wishes_cap"))
    assert page.status_code == 200 and "500.00元" in page.content.decode()
    bad = client.post(reverse("care:wishes_cap"), {"org": world.county.pk, "cap": "-1"})
    assert bad.status_code == 400 and "金额必须大于0元" in bad.content.decode()
    client.post(reverse("care:wishes_cap"), {"org": world.county.pk, "cap": "300"})
    assert services.wish_cap(world.union) == 300
    assert login(world.member_user).get(reverse("care:wishes_cap")).status_code == 403
    viewer = login(world.viewer).post(reverse("care:wishes_cap"), {"org": world.township.pk, "cap": "900"})
    assert viewer.status_code == 400 and services.wish_cap(world.township) == 300


def test_lists_take_the_same_queries_whatever_their_length(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url, user):
        client = login(user)
        client.get(url)  # warm the user's positions and the session
        counts = []
        for _ in range(2):  # the lower of two: a cached fact may expire between requests
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts.append(len(ctx))
        return min(counts)

    def add(n, start):
        for i in range(n):
            rider = make_rider(world.joint, name=f"骑手{start + i}")
            services.wish_publish(wish=post_wish(rider), actor=world.joint_cadre)

    add(2, 0)
    few = {u: count(reverse(u), world.joint_cadre) for u in ("care:wishes_wall", "care:wishes_manage")}
    add(6, 10)
    many = {u: count(reverse(u), world.joint_cadre) for u in ("care:wishes_wall", "care:wishes_manage")}
    assert few == many


def test_anonymous_visitors_get_the_wall_shortcut_and_register_links(published, client):
    from django.contrib.auth.models import AnonymousUser

    from gonghui.core import homes

    shortcut = [t for t in homes.tiles_for(AnonymousUser()) if t.title == "微心愿墙"]
    assert shortcut and shortcut[0].url.startswith(reverse("accounts:register"))
    body = client.get(_url("wall")).content.decode()
    assert f"{reverse('accounts:register')}?next=/care/wishes/{published.wish.uuid}/" in body


def test_other_county_cannot_reach_a_wish_off_the_wall(wishes, login):
    outsider = login(wishes.outsider)
    for name in ("claim", "withdraw", "release", "confirm", "fulfil", "not_received", "photo"):
        method = outsider.get if name == "photo" else outsider.post
        assert method(_url(name, wishes.wish)).status_code == 404, name
    assert Wish.objects.get(pk=wishes.wish.pk).state == "submitted"


def test_the_home_tiles_follow_each_step_without_queries_once_warm(
    published, login, django_assert_num_queries
):
    from gonghui.core import homes

    def titles(user):
        user.__dict__.pop("_gonghui_facts", None)  # a new request: the facts come from the cache
        user.__dict__.pop("_gonghui_home_memo", None)
        return {t.title: t for t in homes.tiles_for(user) if "心愿" in t.title}

    donor = published.donor
    assert "我认领的心愿" not in titles(donor)
    services.wish_claim(wish=published.wish, actor=donor)
    assert titles(donor)["我认领的心愿"].count == 1
    assert titles(published.rider)["我的心愿"].items[0].note == "已认领"
    with django_assert_num_queries(0):
        from gonghui.care.home_wishes import wish_tiles

        donor.__dict__.pop("_gonghui_facts", None)
        list(wish_tiles(donor))
    services.wish_release(wish=published.wish, actor=donor)
    assert "我认领的心愿" not in titles(donor)


def test_the_glance_tiles_open_the_wishes_they_counted(wishes, login):
    """发布微心愿 / 实现微心愿 for a township and a period open the list of its wishes posted or
    fulfilled then (the one scan both count from): not another union's, not one of an earlier
    period; the state filter keeps the township; the figures page opens for the township too."""
    import datetime

    from django.utils import timezone

    from gonghui.core import indicators

    posted = post_wish(make_rider(wishes.union, name="城关骑手"), title="城关的头盔")
    fulfilled = post_wish(make_rider(wishes.union, name="城关司机"), title="去年许下今年圆的心愿")
    stale = post_wish(make_rider(wishes.union, name="城关老李"), title="去年的旧心愿")
    a_year_ago = timezone.now() - datetime.timedelta(days=400)
    Wish.objects.filter(pk=fulfilled.pk).update(
        created_at=a_year_ago, state="fulfilled", claimer=wishes.donor, fulfilled_at=timezone.now()
    )
    Wish.objects.filter(pk=stale.pk).update(created_at=a_year_ago)
    today = timezone.localdate()
    period = indicators.Period(today - datetime.timedelta(days=30), today)
    keys = ["care.wishes.posted", "care.wishes.fulfilled"]
    assert indicators.figures(wishes.township, period, keys=keys) == dict.fromkeys(keys, 1)
    link = indicators.get("care.wishes.posted").drill(wishes.township, period)
    assert link == indicators.get("care.wishes.fulfilled").drill(wishes.township, period)
    client = login(wishes.county_cadre)
    open_drilled(
        client,
        link,
        _url("manage"),
        org=wishes.township,
        shown=[posted.title, fulfilled.title],
        hidden=[wishes.wish.title, stale.title],  # the joint union's; an old one
        other_county=wishes.other_county,
        keeps_org=True,  # the state filter keeps the township
    )
    narrowed = client.get(link + "&state=submitted").content.decode()
    assert posted.title in narrowed and fulfilled.title not in narrowed
    assert_org_refused(client, _url("figures"), wishes.other_county)
    figures = client.get(_url("figures"), {"org": str(wishes.township.uuid)}).content.decode()
    assert wishes.township.name in figures and "查看我的全部范围" in figures
    assert "安平县总工会" not in figures
