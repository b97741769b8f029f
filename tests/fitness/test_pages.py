"""The fitness pages and API as each kind of user meets them."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core import indicators
from gonghui.core.models import PersonalDataAccess
from gonghui.fitness import services
from gonghui.fitness.models import Enrolment, Programme, WeighIn
from tests.drilled import open_drilled
from tests.factories import make_member, make_user
from tests.fitness.conftest import days_ago, make_programme

pytestmark = pytest.mark.django_db


def url(w, tail=""):
    return f"/fitness/{w.programme.uuid}/{tail}"


@pytest.fixture
def peer(fit):
    """Another member of the same union, enrolled too."""
    fit.peer = make_user(name="同事丁")
    make_member(fit.union, name="同事丁", user=fit.peer)
    fit.peer_enrolment = services.enrol(programme=fit.programme, user=fit.peer, height="160", actor=fit.peer)
    return fit


def test_a_member_finds_enrols_and_submits(world, login):
    from tests.fitness.conftest import make_programme

    world.programme = make_programme(world)
    client = login(world.member_user)
    assert world.programme.title in client.get("/fitness/").content.decode()
    page = client.get(url(world)).content.decode()
    assert "报名参加" in page and "novalidate" in page
    response = client.post(url(world, "enrol/"), {"height": "１７０"})
    assert response.status_code == 302 and response.url == url(world, "me/")
    response = client.post(
        url(world, "me/weigh-in/"), {"measured_on": days_ago(1).isoformat(), "weight": "６９．３"}
    )
    assert response.status_code == 302
    page = client.get(url(world, "me/")).content.decode()
    assert "69.3" in page and "24.0" in page and "超重" in page and "待确认" in page
    assert response.url == url(world, "me/")
    assert "69.3" not in response.url


def test_a_bad_weight_is_shown_beside_the_field(fit, login):
    page = login(fit.member_user).post(
        url(fit, "me/weigh-in/"), {"measured_on": days_ago(1).isoformat(), "weight": "500"}
    )
    assert page.status_code == 200
    assert "体重应在20–300kg之间" in page.content.decode()
    assert not WeighIn.objects.exists()


def test_a_missing_height_is_refused(world, login):
    from tests.fitness.conftest import make_programme

    world.programme = make_programme(world)
    page = login(world.member_user).post(url(world, "enrol/"), {"height": ""})
    assert "请填写身高。" in page.content.decode()
    assert not Enrolment.objects.exists()


def test_the_trend_is_drawn_server_side_without_styles(fit, login):
    for n, kg in ((30, "80"), (20, "79"), (10, "78.5")):
        services.weigh_in_record(
            enrolment=fit.enrolment, measured_on=days_ago(n), weight=kg, actor=fit.township_cadre
        )
    page = login(fit.member_user).get(url(fit, "me/")).content.decode()
    assert "<polyline" in page and 'style="' not in page.split('<svg class="trend"', 1)[1].split("</svg>")[0]
    assert "1.9%" in page  # 80 → 78.5 is 1.875%, kept as 1.88, shown with one decimal


def test_another_member_cannot_see_my_body_data(peer, login):
    services.weigh_in_submit(
        enrolment=peer.enrolment, measured_on=days_ago(2), weight="66.6", actor=peer.member_user
    )
    client = login(peer.peer)
    # their own page shows their own data only
    assert "66.6" not in client.get(url(peer, "me/")).content.decode()
    # an organiser's participant page is not theirs
    assert client.get(url(peer, f"people/{peer.enrolment.uuid}/")).status_code == 403
    assert client.get(url(peer, "queue/")).status_code == 403
    assert client.get(f"/api/v1/fitness/programmes/{peer.programme.uuid}/weigh-ins").json()["weigh_ins"] == []


def test_an_outsider_cadre_gets_404_everywhere(fit, login):
    client = login(fit.outsider)
    for tail in ("", "me/", "queue/", "manage/", "leaderboard/", f"people/{fit.enrolment.uuid}/"):
        assert client.get(url(fit, tail)).status_code == 404, tail
    assert client.get(f"/api/v1/fitness/programmes/{fit.programme.uuid}/weigh-ins").status_code == 404
    assert fit.programme.title not in client.get("/fitness/").content.decode()


def test_a_read_only_cadre_sees_the_programme_but_no_body_data(fit, login):
    services.weigh_in_submit(
        enrolment=fit.enrolment, measured_on=days_ago(2), weight="66.6", actor=fit.member_user
    )
    client = login(fit.viewer)
    assert client.get(url(fit)).status_code == 200
    assert client.get(url(fit, "leaderboard/")).status_code == 200
    for tail in ("queue/", "manage/", f"people/{fit.enrolment.uuid}/"):
        assert client.get(url(fit, tail)).status_code == 403, tail
    assert not PersonalDataAccess.objects.exists()


def test_an_organiser_confirms_from_the_queue_and_every_look_is_logged(fit, login):
    w = services.weigh_in_submit(
        enrolment=fit.enrolment, measured_on=days_ago(2), weight="66.6", actor=fit.member_user
    )
    client = login(fit.township_cadre)
    page = client.get(url(fit, "queue/"))
    assert (
        "66.6" in page.content.decode()
        and page["Cache-Control"].startswith("no-store")
        or "no-cache" in page["Cache-Control"]
    )
    assert PersonalDataAccess.objects.filter(actor=fit.township_cadre).count() == 1
    client.get(url(fit, f"people/{fit.enrolment.uuid}/"))
    assert PersonalDataAccess.objects.filter(actor=fit.township_cadre).count() == 2
    assert client.post(url(fit, f"weigh-ins/{w.uuid}/confirm/")).status_code == 302
    w.refresh_from_db()
    assert w.state == "confirmed"
    # confirming again (a double tap) changes nothing and says why
    response = client.post(url(fit, f"weigh-ins/{w.uuid}/confirm/"), follow=True)
    assert "不能执行" in response.content.decode()


def test_a_rejection_without_a_reason_is_refused_on_the_page(fit, login):
    w = services.weigh_in_submit(
        enrolment=fit.enrolment, measured_on=days_ago(2), weight="66.6", actor=fit.member_user
    )
    page = login(fit.township_cadre).post(url(fit, f"weigh-ins/{w.uuid}/reject/"), {"reason": ""})
    assert "请填写退回理由。" in page.content.decode()
    w.refresh_from_db()
    assert w.state == "submitted"


def test_an_organiser_creates_a_programme_teams_and_contests(world, login):
    client = login(world.township_cadre)
    data = {
        "org": str(world.township.uuid),
        "title": "健步走",
        "enrol_opens": days_ago(1).isoformat(),
        "enrol_closes": days_ago(-5).isoformat(),
        "starts_on": days_ago(1).isoformat(),
        "ends_on": days_ago(-60).isoformat(),
        "members_only": "on",
    }
    response = client.post("/fitness/new/", data)
    programme = Programme.objects.get(title="健步走")
    assert response.url == f"/fitness/{programme.uuid}/manage/"
    client.post(f"/fitness/{programme.uuid}/teams/new/", {"name": "一车间"})
    client.post(f"/fitness/{programme.uuid}/contests/new/", {"kind": "team", "title": "团体赛"})
    page = client.post(f"/fitness/{programme.uuid}/teams/new/", {"name": "一车间"}).content.decode()
    assert "本项目已有同名队伍。" in page
    assert programme.teams.count() == 1 and programme.contests.get().kind == "team"
    data["ends_on"] = days_ago(3).isoformat()
    assert "结束日期不能早于开始日期。" in client.post("/fitness/new/", data).content.decode()


def test_a_member_may_not_create_programmes(fit, login):
    assert login(fit.member_user).get("/fitness/new/").status_code == 403


def test_anonymous_is_sent_to_log_in(fit, client):
    assert client.get(url(fit)).status_code == 302
    assert client.get("/api/v1/fitness/programmes").status_code == 401


def test_the_api_submits_normalised_weights_once(fit, login):
    client = login(fit.member_user)
    api = f"/api/v1/fitness/programmes/{fit.programme.uuid}/weigh-ins"
    body = {"measured_on": days_ago(2).isoformat(), "weight": "６５.５"}
    # as an app does: a bearer token
    from gonghui.accounts.models import ApiToken

    _token, key = ApiToken.issue(user=fit.member_user, name="test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    client.logout()
    first = client.post(api, body, content_type="application/json", **auth)
    assert first.status_code == 201, first.content
    assert (first.json()["weight"], first.json()["category_label"]) == ("65.5", "正常")
    again = client.post(api, body, content_type="application/json", **auth)
    assert again.status_code == 400 and "无需重复提交" in again.json()["detail"]
    assert WeighIn.objects.count() == 1
    bad = client.post(api, {**body, "weight": "0"}, content_type="application/json", **auth)
    assert bad.status_code == 400 and "weight" in bad.json()["errors"]
    mine = client.get(api, **auth).json()
    assert mine["height"] == "170.0" and mine["weigh_ins"][0]["bmi"] == "22.7"
    listed = client.get("/api/v1/fitness/programmes", **auth).json()
    assert listed[0]["enrolled"] is True


def test_the_api_enrols(world, login):
    from gonghui.accounts.models import ApiToken
    from tests.fitness.conftest import make_programme

    programme = make_programme(world)
    _token, key = ApiToken.issue(user=world.member_user, name="test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    api = f"/api/v1/fitness/programmes/{programme.uuid}/enrol"
    from django.test import Client

    client = Client()
    assert client.post(api, {"height": "172"}, content_type="application/json", **auth).status_code == 201
    again = client.post(api, {"height": "172"}, content_type="application/json", **auth)
    assert again.status_code == 400
    assert Enrolment.objects.get().height_plain() == D("172.0")


def test_organiser_pages_use_no_query_per_participant(fit, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(fit.township_cadre)

    def count(tail):
        client.get(url(fit, tail))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(fit, tail)).status_code == 200
        return len(ctx.captured_queries)

    before = {tail: count(tail) for tail in ("manage/", "leaderboard/", "queue/")}
    for i in range(5):
        user = make_user(name=f"参加人{i}")
        make_member(fit.union, name=f"参加人{i}", user=user)
        e = services.enrol(programme=fit.programme, user=user, height="165", actor=user)
        services.weigh_in_record(enrolment=e, measured_on=days_ago(9), weight="70", actor=fit.township_cadre)
        services.weigh_in_record(enrolment=e, measured_on=days_ago(3), weight="69", actor=fit.township_cadre)
        services.weigh_in_submit(enrolment=e, measured_on=days_ago(1), weight="68.5", actor=user)
    after = {tail: count(tail) for tail in before}
    # the queue logs one access row whatever the number of people (one insert once there are rows)
    assert after["manage/"] == before["manage/"] and after["leaderboard/"] == before["leaderboard/"]
    assert after["queue/"] <= before["queue/"] + 2


def test_the_glance_tile_opens_the_programmes_it_counted(fit, login):
    """健身项目 for a township and period opens the list of the programmes running then: not the
    county's, not another township's, not one that ended before the period."""
    make_programme(fit, org=fit.county, actor=fit.county_cadre, title="全县职工健身月")
    make_programme(fit, org=fit.other_township, actor=fit.county_cadre, title="柳溪乡健步走打卡")
    make_programme(
        fit,
        title="去年的减脂营",
        enrol_opens=days_ago(420),
        enrol_closes=days_ago(410),
        starts_on=days_ago(400),
        ends_on=days_ago(380),
    )
    today = timezone.localdate()
    period = indicators.Period(today - datetime.timedelta(days=30), today)
    values = indicators.figures(fit.township, period, keys=["fitness.programmes", "fitness.participants"])
    assert values == {"fitness.programmes": 1, "fitness.participants": 1}
    link = indicators.get("fitness.programmes").drill(fit.township, period)
    assert link == indicators.get("fitness.participants").drill(fit.township, period)
    open_drilled(
        login(fit.county_cadre),
        link,
        reverse("fitness:programme_list"),
        org=fit.township,
        shown=["2026年职工减重大赛"],
        hidden=["全县职工健身月", "柳溪乡健步走打卡", "去年的减脂营"],
        other_county=fit.other_county,
    )
