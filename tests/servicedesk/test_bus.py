"""The service bus: plan a trip, stops, services recorded by the crew, trip report, season summary."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.servicedesk.models import BusStop, BusTrip, MenuItem, ServiceTeamMember, StopService
from gonghui.servicedesk.selectors.bus import season_summary
from gonghui.servicedesk.services import bus as svc
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _trip(w, **kw) -> BusTrip:
    fields = {
        "org": w.county,
        "title": "富乐大巴进园区",
        "date": datetime.date(2026, 5, 12),
        "vehicle": "富乐大巴",
        "teams": [w.legal_team, w.health_team],
        "items": [w.lecture, w.checkup],
        "actor": w.county_cadre,
    }
    fields.update(kw)
    return svc.trip_plan(**fields)


def _stop(w, trip, place, **kw) -> BusStop:
    return svc.stop_add(
        trip=trip, kind=kw.pop("kind", BusStop.Kind.ENTERPRISE), place=place, actor=w.county_cadre, **kw
    )


# ---------------------------------------------------------------- services


def test_plan_rules(desk):
    not_bus = MenuItem.objects.create(
        org=desk.county, title="心理咨询", category="psychology", bus_eligible=False
    )
    other = MenuItem.objects.create(
        org=desk.other_county, title="外县义诊", category="health", bus_eligible=True
    )
    with pytest.raises(ValidationError) as e:
        _trip(desk, items=[desk.lecture, not_bus])
    assert "不能随流动服务车提供" in str(e.value)
    with pytest.raises(ValidationError):
        _trip(desk, items=[other])
    with pytest.raises(ValidationError):
        _trip(desk, items=[])
    with pytest.raises(PermissionDenied):
        _trip(desk, actor=desk.viewer, org=desk.township)
    assert not BusTrip.objects.exists()
    # A township trip may carry the county federation's menu and teams.
    trip = _trip(desk, org=desk.township, actor=desk.township_cadre)
    assert set(trip.items.all()) == {desk.lecture, desk.checkup}
    assert _trip(desk, org=desk.township, actor=desk.township_cadre) == trip  # double submit


def test_stops_add_reorder_remove(desk):
    trip = _trip(desk)
    a = _stop(desk, trip, "华宇机械", enterprise=desk.enterprise, arrive_at=datetime.time(9, 0))
    b = _stop(desk, trip, "开发区职工宿舍", kind=BusStop.Kind.DORMITORY)
    c = _stop(desk, trip, "", enterprise=desk.no_union_enterprise)
    assert c.place == "安平恒通物流有限公司" and [a.seq, b.seq, c.seq] == [1, 2, 3]
    assert _stop(desk, trip, "开发区职工宿舍", kind=BusStop.Kind.DORMITORY) == b  # double submit
    svc.stop_move(stop=c, up=True, actor=desk.county_cadre)
    assert list(trip.stops.order_by("seq").values_list("place", flat=True)) == [
        "华宇机械",
        "安平恒通物流有限公司",
        "开发区职工宿舍",
    ]
    svc.stop_remove(stop=a, actor=desk.county_cadre)
    assert list(trip.stops.order_by("seq").values_list("seq", "place")) == [
        (1, "安平恒通物流有限公司"),
        (2, "开发区职工宿舍"),
    ]
    with pytest.raises(ValidationError):
        _stop(desk, trip, "", kind=BusStop.Kind.OTHER)
    other_enterprise_trip = _trip(desk, org=desk.township, actor=desk.township_cadre, title="镇里")
    with pytest.raises(ValidationError):
        svc.stop_add(
            trip=other_enterprise_trip,
            kind="enterprise",
            enterprise=desk.small_enterprise,
            actor=desk.township_cadre,
        )


def test_crew_records_services_one_row_per_stop_and_item(desk):
    trip = _trip(desk)
    stop = _stop(desk, trip, "华宇机械")
    member = make_user(name="志愿律师")
    ServiceTeamMember.objects.create(team=desk.legal_team, user=member)
    svc.stop_service_record(stop=stop, item=desk.lecture, people_served=40, actor=desk.team_leader)
    svc.stop_service_record(stop=stop, item=desk.lecture, people_served=60, note="加场", actor=member)
    svc.stop_service_record(stop=stop, item=desk.checkup, people_served=25, actor=desk.county_cadre)
    rows = {s.item_id: s for s in StopService.objects.filter(stop=stop)}
    assert (
        len(rows) == 2
        and rows[desk.lecture.pk].people_served == 60
        and rows[desk.lecture.pk].recorded_by == member
    )
    with pytest.raises(PermissionDenied):
        svc.stop_service_record(stop=stop, item=desk.lecture, people_served=1, actor=desk.worker)
    with pytest.raises(PermissionDenied):
        svc.stop_service_record(stop=stop, item=desk.lecture, people_served=1, actor=desk.viewer)
    haircut = MenuItem.objects.create(org=desk.county, title="义务理发", category="daily", bus_eligible=True)
    with pytest.raises(ValidationError):
        svc.stop_service_record(stop=stop, item=haircut, people_served=5, actor=desk.county_cadre)
    with pytest.raises(ValidationError):
        svc.stop_service_record(stop=stop, item=desk.lecture, people_served=-1, actor=desk.county_cadre)


def test_complete_and_cancel(desk):
    trip = _trip(desk)
    with pytest.raises(ValidationError):
        svc.trip_complete(trip=trip, actor=desk.county_cadre)  # no stops yet
    _stop(desk, trip, "华宇机械")
    svc.trip_complete(trip=trip, summary="顺利", actor=desk.county_cadre)
    trip.refresh_from_db()
    assert trip.state == "done"
    with pytest.raises(ValidationError):
        svc.trip_cancel(trip=trip, reason="x", actor=desk.county_cadre)
    with pytest.raises(ValidationError):
        _stop(desk, trip, "新站点")
    other = _trip(desk, title="雨天取消")
    with pytest.raises(ValidationError):
        svc.trip_cancel(trip=other, reason=" ", actor=desk.county_cadre)
    svc.trip_cancel(trip=other, reason="暴雨", actor=desk.county_cadre)
    assert BusTrip.objects.get(pk=other.pk).state == "cancelled"


def test_season_summary(desk):
    t1 = _trip(desk, title="一号线", date=datetime.date(2026, 4, 10))
    s1 = _stop(desk, t1, "华宇机械")
    s2 = _stop(desk, t1, "宿舍", kind=BusStop.Kind.DORMITORY)
    svc.stop_service_record(stop=s1, item=desk.lecture, people_served=60, actor=desk.county_cadre)
    svc.stop_service_record(stop=s1, item=desk.checkup, people_served=30, actor=desk.county_cadre)
    svc.stop_service_record(stop=s2, item=desk.checkup, people_served=20, actor=desk.county_cadre)
    svc.trip_complete(trip=t1, actor=desk.county_cadre)
    t2 = _trip(
        desk, org=desk.township, actor=desk.township_cadre, title="二号线", date=datetime.date(2026, 5, 8)
    )
    s3 = _stop(desk, t2, "城关镇", kind=BusStop.Kind.TOWN)
    svc.stop_service_record(stop=s3, item=desk.lecture, people_served=15, actor=desk.county_cadre)
    svc.trip_complete(trip=t2, actor=desk.county_cadre)
    planned = _trip(desk, title="未出车", date=datetime.date(2026, 5, 20))
    svc.stop_service_record(
        stop=_stop(desk, planned, "x"), item=desk.lecture, people_served=999, actor=desk.county_cadre
    )
    summary = season_summary(org=desk.county, start=datetime.date(2026, 4, 1), end=datetime.date(2026, 6, 30))
    assert summary["trip_count"] == 2 and summary["stop_count"] == 3 and summary["people"] == 125
    by_item = {r["item__title"]: (r["people"], r["stops"]) for r in summary["by_item"]}
    assert by_item == {"劳动法律法规讲座": (75, 2), "职工健康义诊": (50, 2)}
    kinds = {r["kind"]: (r["stops"], r["people"]) for r in summary["by_kind"]}
    assert kinds == {"enterprise": (1, 90), "dormitory": (1, 20), "town": (1, 15)}
    township = season_summary(
        org=desk.township, start=datetime.date(2026, 4, 1), end=datetime.date(2026, 6, 30)
    )
    assert township["trip_count"] == 1 and township["people"] == 15


# ---------------------------------------------------------------- pages


def test_plan_page(desk, login, client):
    client.logout()
    assert client.get("/desk/bus/new/").status_code == 302
    assert login(desk.viewer).get("/desk/bus/new/").status_code == 403
    assert login(desk.worker).get("/desk/bus/new/").status_code == 403
    cadre = login(desk.county_cadre)
    page = cadre.get("/desk/bus/new/").content.decode()
    assert "劳动法律法规讲座" in page and "法安先锋" in page
    data = {
        "org": desk.county.pk,
        "title": "五一进企业",
        "date": "2026-05-06",
        "vehicle": "富乐大巴",
        "teams": [desk.legal_team.pk],
        "items": [desk.lecture.pk],
    }
    response = cadre.post("/desk/bus/new/", data)
    trip = BusTrip.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/desk/bus/{trip.uuid}/"
    assert cadre.post("/desk/bus/new/", data).status_code == 302 and BusTrip.objects.count() == 1
    response = cadre.post("/desk/bus/new/", {**data, "title": "没有项目", "items": []})
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    assert BusTrip.objects.count() == 1


def test_trip_pages_and_access(desk, login, client):
    trip = _trip(desk)
    url = f"/desk/bus/{trip.uuid}/"
    client.logout()
    assert client.get(url).status_code == 302
    assert login(desk.outsider).get(url).status_code == 404
    assert login(desk.viewer).get(url).status_code == 404  # a county trip is above the township viewer
    assert login(desk.worker).get(url).status_code == 404
    township_trip = _trip(desk, org=desk.township, actor=desk.township_cadre, title="镇里的行程")
    turl = f"/desk/bus/{township_trip.uuid}/"
    assert login(desk.viewer).get(turl).status_code == 200
    assert login(desk.viewer).post(turl + "stops/", {"kind": "town", "place": "x"}).status_code == 403
    assert login(desk.viewer).post(turl + "complete/", {}).status_code == 403

    cadre = login(desk.county_cadre)
    response = cadre.post(
        url + "stops/", {"kind": "enterprise", "enterprise": str(desk.enterprise.uuid), "arrive_at": "09:30"}
    )
    assert response.status_code == 302
    stop = trip.stops.get()
    assert stop.place == "安平华宇机械有限公司" and stop.enterprise == desk.enterprise
    response = cadre.post(url + "stops/", {"kind": "other", "place": ""})
    assert response.status_code == 400 and "请填写站点名称或选择企业" in response.content.decode()
    assert trip.stops.count() == 1
    cadre.post(url + "stops/", {"kind": "park", "place": "开发区广场"})
    second = trip.stops.get(place="开发区广场")
    assert cadre.post(url + f"stops/{second.pk}/move/up/").status_code == 302
    assert BusStop.objects.get(pk=second.pk).seq == 1
    assert cadre.post(url + f"stops/{second.pk}/remove/").status_code == 302
    assert trip.stops.count() == 1

    # The team leader (crew, not a cadre) sees the trip and records services.
    leader = login(desk.team_leader)
    assert (
        leader.get("/desk/bus/").status_code == 200
        and trip.title in leader.get("/desk/bus/").content.decode()
    )
    page = leader.get(url).content.decode()
    assert "记录服务" in page and "添加站点" not in page
    prefix = f"stop{stop.pk}"
    response = leader.post(
        url + f"stops/{stop.pk}/services/",
        {f"{prefix}-item": desk.lecture.pk, f"{prefix}-people_served": "-3"},
    )
    assert response.status_code == 400 and not StopService.objects.exists()
    for people in ("50", "60"):  # double submit / correction: one row
        response = leader.post(
            url + f"stops/{stop.pk}/services/",
            {f"{prefix}-item": desk.lecture.pk, f"{prefix}-people_served": people},
        )
        assert response.status_code == 302
    assert list(StopService.objects.values_list("people_served", flat=True)) == [60]
    assert leader.post(url + "complete/", {}).status_code == 403
    assert login(desk.worker).post(url + f"stops/{stop.pk}/services/", {}).status_code == 404

    cadre = login(desk.county_cadre)  # one test client: log the cadre back in
    assert cadre.post(url + "complete/", {"summary": "服务职工60人"}).status_code == 302
    trip.refresh_from_db()
    assert trip.state == "done"
    report = cadre.get(url + "report/").content.decode()
    assert "劳动法律法规讲座" in report and "60" in report and "法安先锋" in report


def test_list_and_summary_pages(desk, login, client):
    for i in range(3):
        t = _trip(desk, title=f"行程{i}", date=datetime.date(2026, 4, 1 + i))
        s = _stop(desk, t, f"站点{i}")
        svc.stop_service_record(stop=s, item=desk.lecture, people_served=10, actor=desk.county_cadre)
        svc.trip_complete(trip=t, actor=desk.county_cadre)
    cadre = login(desk.county_cadre)
    assert "行程2" in cadre.get("/desk/bus/").content.decode()
    params = {"start": "2026-04-01", "end": "2026-06-30", "org": str(desk.county.uuid)}
    with CaptureQueriesContext(connection) as few:
        body = cadre.get("/desk/bus/summary/", params).content.decode()
    assert "劳动法律法规讲座" in body and "30" in body
    for i in range(3, 6):
        t = _trip(desk, title=f"行程{i}", date=datetime.date(2026, 4, 1 + i))
        s = _stop(desk, t, f"站点{i}")
        svc.stop_service_record(stop=s, item=desk.checkup, people_served=10, actor=desk.county_cadre)
        svc.trip_complete(trip=t, actor=desk.county_cadre)
    cadre.get("/desk/bus/summary/", params)  # a trip's crew changed: the navigation is read again once
    with CaptureQueriesContext(connection) as many:
        cadre.get("/desk/bus/summary/", params)
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as list_many:
        cadre.get("/desk/bus/")
    assert len(list_many) < 20
    bad = cadre.get("/desk/bus/summary/", {"start": "2026-06-30", "end": "2026-04-01"}).content.decode()
    assert "截止日期不能早于起始日期" in bad
    assert login(desk.worker).get("/desk/bus/summary/").status_code == 403
    assert login(desk.worker).get("/desk/bus/").status_code == 403
    client.logout()
    assert client.get("/desk/bus/summary/").status_code == 302
