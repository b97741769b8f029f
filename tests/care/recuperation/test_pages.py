"""Recuperation pages and API for each kind of user."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.care.models.recuperation import RecuperationApplication, RecuperationProgramme
from gonghui.care.services import recuperation as services
from tests.care.recuperation.conftest import close_window, make_programme, make_workers
from tests.drilled import open_drilled

pytestmark = pytest.mark.django_db
API = "/api/v1/care/recuperation"


def _post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


@pytest.fixture
def prog(world):
    world.programme = make_programme(world.township, actor=world.township_cadre, capacities=(1, 2))
    return world


def test_a_member_sees_the_open_programme_and_applies(prog, login):
    client = login(prog.member_user)
    body = client.get(reverse("care:recuperation_list")).content.decode()
    assert prog.programme.title in body
    page = client.get(prog.programme.get_absolute_url()).content.decode()
    assert "每人每天450.00元" in page and "SHA-256" in page
    trip = prog.programme.trips.last()
    response = client.post(
        reverse("care:recuperation_apply", args=[prog.programme.uuid]),
        {"trip": str(trip.uuid), "declared": ["front_line"]},
    )
    entry = RecuperationApplication.objects.get(user=prog.member_user)
    assert response.status_code == 302 and response.url == entry.get_absolute_url()
    assert entry.trip == trip and entry.priority == ["front_line"]
    again = client.post(
        reverse("care:recuperation_apply", args=[prog.programme.uuid]), {"trip": str(trip.uuid)}
    )
    assert again.status_code == 400 and "您已申请该疗休养项目" in again.content.decode()
    assert RecuperationApplication.objects.count() == 1
    mine = client.get(reverse("care:recuperation_mine")).content.decode()
    assert prog.programme.title in mine and "已申请，待抽签" in mine


def test_a_second_programme_the_same_year_is_refused_on_the_page(prog, login):
    other = make_programme(prog.county, actor=prog.county_cadre, title="职工疗休养（莫干山）")
    services.application_submit(
        programme=prog.programme, trip=prog.programme.trips.first(), actor=prog.member_user
    )
    response = login(prog.member_user).post(
        reverse("care:recuperation_apply", args=[other.uuid]), {"trip": str(other.trips.first().uuid)}
    )
    assert response.status_code == 400
    assert "每位会员每年只能参加一个疗休养项目" in response.content.decode()


def test_no_trip_chosen_is_a_chinese_error(prog, login):
    response = login(prog.member_user).post(
        reverse("care:recuperation_apply", args=[prog.programme.uuid]), {}
    )
    assert response.status_code == 400 and "请选择批次" in response.content.decode()


def test_anonymous_is_sent_to_log_in(prog, client):
    for url in (
        reverse("care:recuperation_list"),
        prog.programme.get_absolute_url(),
        reverse("care:recuperation_manage"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url
    assert client.get(API).status_code == 401


def test_another_county_gets_404(prog, login):
    client = login(prog.outsider)
    assert client.get(prog.programme.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("care:recuperation_applications", args=[prog.programme.uuid])).status_code == 404
    )
    trip = prog.programme.trips.first()
    assert client.get(reverse("care:recuperation_roster", args=[trip.uuid])).status_code == 404
    assert client.get(reverse("care:recuperation_roster_export", args=[trip.uuid])).status_code == 404
    assert client.post(reverse("care:recuperation_draw", args=[prog.programme.uuid])).status_code == 404
    assert client.get(f"{API}/{prog.programme.uuid}").status_code == 404


def test_a_viewer_may_look_but_not_draw(prog, login):
    close_window(prog.programme)
    client = login(prog.viewer)
    assert (
        client.get(reverse("care:recuperation_applications", args=[prog.programme.uuid])).status_code == 200
    )
    assert client.post(reverse("care:recuperation_draw", args=[prog.programme.uuid])).status_code == 403
    assert login(prog.member_user).get(reverse("care:recuperation_manage")).status_code == 403


def test_a_cadre_publishes_from_the_form(world, login):
    client = login(world.township_cadre)
    assert client.get(reverse("care:recuperation_create")).status_code == 200
    data = {
        "org": world.township.pk,
        "title": "城关镇职工疗休养",
        "destination": "莫干山",
        "price_cap": "380",
        "opens_at": "2099-01-20T09:00",
        "closes_at": "2099-01-10T18:00",
        "priority_groups": ["new_form"],
        "trip1_starts_on": "2099-03-01",
        "trip1_ends_on": "2099-03-05",
        "trip1_capacity": "20",
        "trip2_starts_on": "2099-03-10",
    }
    response = client.post(reverse("care:recuperation_create"), data)
    assert response.status_code == 400 and "请填写该批次的出发日期" in response.content.decode()
    data.update(trip2_ends_on="2099-03-14", trip2_capacity="15", price_cap="-1")
    response = client.post(reverse("care:recuperation_create"), data)
    assert response.status_code == 400 and "大于0" in response.content.decode()
    data["price_cap"] = "380"
    response = client.post(reverse("care:recuperation_create"), data)
    assert response.status_code == 400 and "申请截止时间必须晚于申请开始时间" in response.content.decode()
    data["opens_at"] = "2099-01-01T09:00"
    response = client.post(reverse("care:recuperation_create"), data)
    assert response.status_code == 302
    p = RecuperationProgramme.objects.get()
    assert p.year == 2099 and p.trips.count() == 2 and p.priority_groups == ["new_form"]


def test_the_cadre_draws_and_the_result_is_published(prog, login):
    users = make_workers(prog.union, 4)
    for u in users:
        services.application_submit(programme=prog.programme, trip=prog.programme.trips.first(), actor=u)
    close_window(prog.programme)
    client = login(prog.township_cadre)
    page = client.get(reverse("care:recuperation_applications", args=[prog.programme.uuid])).content.decode()
    assert "按公开种子抽签" in page
    response = client.post(
        reverse("care:recuperation_draw", args=[prog.programme.uuid]),
        {"public_value": "2026年第1期 05 12 33"},
    )
    assert response.status_code == 302
    prog.programme.refresh_from_db()
    assert prog.programme.state == "drawn"
    again = client.post(reverse("care:recuperation_draw", args=[prog.programme.uuid]), {})
    assert again.status_code == 400 and "不能重复抽签" in again.content.decode()
    # the published result: masked names, the seed, each application's key
    body = (
        login(prog.member_user).get(prog.programme.get_absolute_url()).content.decode().replace("<wbr>", "")
    )
    assert prog.programme.seed in body and "职工0" not in body and "职*" in body
    placed = RecuperationApplication.objects.get(programme=prog.programme, state="registered")
    assert services.draw_key(prog.programme.seed, placed.number)[:12] in body


def test_the_roster_and_its_masked_export(prog, login):
    users = make_workers(prog.union, 2)
    for u in users:
        services.application_submit(programme=prog.programme, trip=prog.programme.trips.last(), actor=u)
    close_window(prog.programme)
    services.programme_draw(programme=prog.programme, actor=prog.township_cadre)
    trip = prog.programme.trips.last()
    client = login(prog.county_cadre)
    page = client.get(reverse("care:recuperation_roster", args=[trip.uuid])).content.decode()
    assert "职工0" in page and "职工1" in page
    response = client.get(reverse("care:recuperation_roster_export", args=[trip.uuid]))
    assert response.status_code == 200
    import io

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3 and rows[1][2] in ("职工0", "职工1")
    assert "*" in rows[1][4] and "****" in rows[1][5]


def test_withdraw_and_accept_by_pages(prog, login):
    a, b = make_workers(prog.union, 2)
    first_trip = prog.programme.trips.first()  # one place
    for u in (a, b):
        services.application_submit(programme=prog.programme, trip=first_trip, actor=u)
    close_window(prog.programme)
    services.programme_draw(programme=prog.programme, actor=prog.township_cadre)
    placed = RecuperationApplication.objects.get(state="registered")
    waiting = RecuperationApplication.objects.get(state="waitlisted")
    page = login(waiting.user).get(waiting.get_absolute_url()).content.decode()
    assert "候补第1位" in page
    assert (
        login(placed.user).post(reverse("care:recuperation_withdraw", args=[placed.uuid])).status_code == 302
    )
    assert (
        login(waiting.user).post(reverse("care:recuperation_accept", args=[waiting.uuid])).status_code == 302
    )
    waiting.refresh_from_db()
    assert waiting.state == "registered"
    assert login(prog.outsider).get(waiting.get_absolute_url()).status_code == 404
    # the organisers' list counts who still stands, as the programme's own page does
    listed = login(prog.township_cadre).get(reverse("care:recuperation_manage")).content.decode()
    assert "1人申请" in listed and "2人申请" not in listed


def test_the_api_for_a_member(prog, login):
    client = login(prog.member_user)
    listing = client.get(API).json()
    assert [p["title"] for p in listing] == [prog.programme.title]
    trip = listing[0]["trips"][0]["uuid"]
    response = _post(
        client, f"{API}/{prog.programme.uuid}/apply", {"trip": trip, "declared": ["model_worker"]}
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["state"] == "applied" and data["priority"] == ["model_worker"]
    again = _post(client, f"{API}/{prog.programme.uuid}/apply", {"trip": trip})
    assert again.status_code == 400 and "您已申请" in again.json()["detail"]
    assert client.get(f"{API}/me/applications").json()[0]["uuid"] == data["uuid"]
    assert client.get(f"{API}/applications/{data['uuid']}").status_code == 200
    assert _post(client, f"{API}/applications/{data['uuid']}/withdraw").json()["state"] == "withdrawn"
    assert _post(client, f"{API}/applications/{data['uuid']}/accept").status_code == 400
    assert login(prog.outsider).get(f"{API}/applications/{data['uuid']}").status_code == 404


def test_home_tiles(prog, login):
    body = login(prog.member_user).get("/").content.decode()
    assert "疗休养报名中" in body
    close_window(prog.programme)
    body = login(prog.township_cadre).get("/").content.decode()
    assert "疗休养待抽签分配" in body


def test_indicators(prog):
    from gonghui.core import indicators
    from gonghui.core.indicators import Period

    p = prog.programme
    services.application_submit(programme=p, trip=p.trips.first(), actor=prog.member_user)
    first = p.trips.first().starts_on
    period = Period(first.replace(month=1, day=1), first.replace(month=12, day=31))
    today = timezone.localdate()
    keys = ["care.recuperation.applications", "care.recuperation.places", "care.recuperation.sent"]
    made = indicators.figures(prog.county, Period(today.replace(month=1, day=1), today), keys=keys)
    assert made["care.recuperation.applications"] == 1
    trips = indicators.figures(prog.county, period, keys=keys)
    assert trips["care.recuperation.places"] == 3 and trips["care.recuperation.sent"] == 0
    assert indicators.figures(prog.other_county, period, keys=keys)["care.recuperation.places"] == 0
    by_child = indicators.child_figures(prog.county, period, keys=keys)
    assert by_child[prog.township.path]["care.recuperation.places"] == 3


def test_the_cadre_confirms_priority_on_the_page(prog, login):
    entry = services.application_submit(
        programme=prog.programme,
        trip=prog.programme.trips.first(),
        declared=["front_line"],
        actor=prog.member_user,
    )
    url = reverse("care:recuperation_priority", args=[entry.uuid])
    assert login(prog.member_user).post(url, {"priority": []}).status_code == 403
    assert login(prog.outsider).post(url, {}).status_code == 404
    page = login(prog.township_cadre).get(
        reverse("care:recuperation_applications", args=[prog.programme.uuid])
    )
    assert "保存认定" in page.content.decode()
    assert login(prog.township_cadre).post(url, {"priority": ["model_worker"]}).status_code == 302
    entry.refresh_from_db()
    assert entry.priority == ["model_worker"]


def test_the_cadre_lists_take_a_fixed_number_of_queries(prog, login, django_assert_max_num_queries):
    client = login(prog.township_cadre)
    url = reverse("care:recuperation_applications", args=[prog.programme.uuid])
    for u in make_workers(prog.union, 3, prefix="甲"):
        services.application_submit(programme=prog.programme, trip=prog.programme.trips.first(), actor=u)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: the positions cached for the user
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for u in make_workers(prog.union, 12, prefix="乙"):
        services.application_submit(programme=prog.programme, trip=prog.programme.trips.last(), actor=u)
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    close_window(prog.programme)
    services.programme_draw(programme=prog.programme, actor=prog.township_cadre)
    trip = prog.programme.trips.last()
    client.get(prog.programme.get_absolute_url())
    with django_assert_max_num_queries(12):  # 15 applicants: a query per applicant would show
        client.get(reverse("care:recuperation_roster", args=[trip.uuid]))
    with django_assert_max_num_queries(14):
        client.get(prog.programme.get_absolute_url())  # the published result


def test_people_sent_count_once_the_trip_has_started(prog):
    from gonghui.core import indicators
    from gonghui.core.indicators import Period
    from tests.factories import on_day

    p = prog.programme
    for u in make_workers(prog.union, 3):
        services.application_submit(programme=p, trip=p.trips.last(), actor=u)
    close_window(p)
    services.programme_draw(programme=p, actor=prog.township_cadre)
    trip = p.trips.last()
    period = Period(trip.starts_on.replace(month=1, day=1), trip.starts_on.replace(month=12, day=31))
    key = "care.recuperation.sent"
    assert indicators.figures(prog.county, period, keys=[key])[key] == 0
    with on_day(trip.starts_on):
        assert indicators.figures(prog.county, period, keys=[key])[key] == 2  # two places on that trip


def test_the_cadre_cancels_on_the_page(prog, login):
    url = reverse("care:recuperation_cancel", args=[prog.programme.uuid])
    client = login(prog.township_cadre)
    response = client.post(url, {})
    assert response.status_code == 400 and "请填写取消原因" in response.content.decode()
    assert login(prog.viewer).post(url, {"reason": "x"}).status_code == 403
    assert login(prog.township_cadre).post(url, {"reason": "天气原因"}).status_code == 302
    prog.programme.refresh_from_db()
    assert prog.programme.state == "cancelled"


def test_the_glance_tiles_open_the_programmes_they_counted(prog, login):
    """疗休养申请 for a township and a period opens the programmes of those applications: not another
    township's, not a cancelled one, not one applied for only before the period."""
    import datetime

    from gonghui.core import indicators
    from gonghui.orgs.models import OrgKind
    from gonghui.orgs.services import org_create

    p = prog.programme
    services.application_submit(programme=p, trip=p.trips.first(), actor=prog.member_user)
    liuxi = org_create(
        name="柳溪乡纺织厂工会", kind=OrgKind.GRASSROOTS, parent=prog.other_township, check_scope=False
    )
    elsewhere = make_programme(prog.other_township, actor=prog.county_cadre, title="柳溪乡疗休养")
    earlier = make_programme(prog.township, actor=prog.township_cadre, title="城关镇早报名的疗休养")
    cancelled = make_programme(prog.township, actor=prog.township_cadre, title="取消的疗休养")
    (far,) = make_workers(liuxi, 1, prefix="柳溪")
    first, second = make_workers(prog.union, 2, prefix="甲")
    for programme, user in ((elsewhere, far), (earlier, first), (cancelled, second)):
        services.application_submit(programme=programme, trip=programme.trips.first(), actor=user)
    RecuperationApplication.objects.filter(programme=earlier).update(
        created_at=timezone.now() - datetime.timedelta(days=60)
    )
    services.programme_cancel(programme=cancelled, reason="天气原因", actor=prog.township_cadre)
    today = timezone.localdate()
    period = indicators.Period(today - datetime.timedelta(days=30), today)
    assert indicators.figures(prog.township, period)["care.recuperation.applications"] == 1
    link = indicators.get("care.recuperation.applications").drill(prog.township, period)
    open_drilled(
        login(prog.county_cadre),
        link,
        reverse("care:recuperation_manage"),
        org=prog.township,
        shown=[p.title],
        hidden=["柳溪乡疗休养", "城关镇早报名的疗休养", "取消的疗休养"],
        other_county=prog.other_county,
    )
