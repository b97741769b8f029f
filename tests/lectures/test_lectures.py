"""Lecture tours: lecturers, stops, attendance and figures; a lecture request (a service order of
category lecture) turned into a stop; scoping, input, the public page, the API, the home."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gonghui.core import indicators
from gonghui.lectures import selectors, services
from gonghui.lectures.models import LectureStop
from gonghui.servicedesk.models import Category, MenuItem
from gonghui.servicedesk.services.orders import order_place
from tests.drilled import open_drilled

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def tour(desk):
    desk.lecturer = services.lecturer_create(
        org=desk.county,
        name="王大匠",
        title="省级工匠",
        kind="craftsman",
        user=desk.member_user,
        actor=desk.county_cadre,
    )
    desk.tour = services.tour_create(org=desk.county, title="劳模工匠进企业", actor=desk.county_cadre)
    return desk


def stop(w, *, when, **kwargs):
    kwargs.setdefault("place", "华宇车间")
    return services.stop_add(tour=w.tour, starts_at=when, actor=w.county_cadre, **kwargs)


def lecture_order(w):
    item = MenuItem.objects.create(org=w.county, title="劳模工匠宣讲", category=Category.LECTURE)
    return order_place(
        item=item,
        orderer=w.enterprise_contact,
        orderer_kind="enterprise",
        enterprise=w.enterprise,
        place="华宇三楼",
        wished_date=timezone.localdate() + datetime.timedelta(days=10),
        expected_people=80,
    )


# ---------------------------------------------------------------- attendance and figures


def test_figures_count_held_stops_person_times_and_enterprises(tour):
    now = timezone.now()
    a = stop(tour, when=now - 3 * HOUR, enterprise=tour.enterprise)
    b = stop(tour, when=now - 2 * HOUR, enterprise=tour.enterprise, kind=LectureStop.Kind.MORNING)
    c = stop(tour, when=now - HOUR, enterprise=tour.small_enterprise)
    stop(tour, when=now + 24 * HOUR)  # upcoming: not counted
    services.stop_record(stop=a, headcount=50, actor=tour.county_cadre)
    services.stop_record(stop=b, headcount=20, actor=tour.county_cadre)
    services.stop_record(stop=c, headcount=30, actor=tour.county_cadre)
    services.stop_record(stop=c, headcount=35, actor=tour.county_cadre)  # corrected, not added
    f = selectors.tour_figures(tour.tour)
    assert (f["stops"], f["person_times"], f["enterprises"], f["planned"]) == (3, 105, 2, 1)


def test_indicators_give_stops_and_person_times_of_the_subtree(tour):
    s = stop(tour, when=timezone.now() - HOUR)
    services.stop_record(stop=s, headcount=40, actor=tour.county_cadre)
    period = indicators.year_to_date()
    values = indicators.figures(tour.county, period, keys=["lectures.stops", "lectures.person_times"])
    assert values == {"lectures.stops": 1, "lectures.person_times": 40}
    by_child = indicators.child_figures(tour.county, period, keys=["lectures.stops"])
    assert by_child[tour.county.path]["lectures.stops"] == 1  # the county's own tour: 本级


def test_attendance_is_refused_before_the_stop_and_when_not_positive(tour):
    later = stop(tour, when=timezone.now() + HOUR)
    with pytest.raises(ValidationError):
        services.stop_record(stop=later, headcount=10, actor=tour.county_cadre)
    past = stop(tour, when=timezone.now() - HOUR)
    with pytest.raises(ValidationError):
        services.stop_record(stop=past, headcount=0, actor=tour.county_cadre)


def test_a_stop_needs_a_time_and_place(tour):
    with pytest.raises(ValidationError) as e:
        services.stop_add(tour=tour.tour, starts_at=None, place=" ", actor=tour.county_cadre)
    assert set(e.value.message_dict) == {"starts_at", "place"}


def test_attendance_page_refuses_bad_input_in_chinese(tour, login):
    s = stop(tour, when=timezone.now() - HOUR)
    client = login(tour.county_cadre)
    response = client.post(reverse("lectures:stop_record", args=[tour.tour.uuid, s.pk]), {"headcount": "-3"})
    assert response.status_code == 200 and "听众人数至少为1人。" in response.content.decode()
    response = client.post(reverse("lectures:stop_record", args=[tour.tour.uuid, s.pk]), {"headcount": "60"})
    assert response.status_code == 302
    s.refresh_from_db()
    assert (s.state, s.headcount) == ("held", 60)


# ---------------------------------------------------------------- the lecture request flow


def test_a_lecture_request_becomes_a_stop_once(tour, login):
    order = lecture_order(tour)
    assert list(selectors.lecture_requests_for(tour.county_cadre)) == [order]
    client = login(tour.county_cadre)
    data = {
        "tour": str(tour.tour.pk),
        "kind": "enterprise",
        "starts_at": "2030-06-01T09:00",
        "lecturer": str(tour.lecturer.pk),
    }
    url = reverse("lectures:request_schedule", args=[order.uuid])
    assert client.post(url, data).status_code == 302
    created = LectureStop.objects.get()
    assert created.order == order and created.enterprise == tour.enterprise and created.place == "华宇三楼"
    order.refresh_from_db()
    assert order.state == "accepted"  # the request is taken up
    assert list(selectors.lecture_requests_for(tour.county_cadre)) == []
    assert client.post(url, data).status_code == 404  # a double submit: no longer waiting
    assert LectureStop.objects.count() == 1


def test_the_service_refuses_the_same_order_twice_and_other_categories(tour):
    order = lecture_order(tour)
    when = timezone.now() + 24 * HOUR
    services.stop_from_order(tour=tour.tour, order=order, starts_at=when, actor=tour.county_cadre)
    with pytest.raises(ValidationError):
        services.stop_from_order(tour=tour.tour, order=order, starts_at=when, actor=tour.county_cadre)
    legal = order_place(
        item=tour.lecture,
        orderer=tour.enterprise_contact,
        orderer_kind="enterprise",
        enterprise=tour.enterprise,
        place="华宇",
        wished_date=timezone.localdate() + datetime.timedelta(days=10),
        expected_people=20,
    )
    with pytest.raises(ValidationError):
        services.stop_from_order(tour=tour.tour, order=legal, starts_at=when, actor=tour.county_cadre)


def test_the_cadre_home_has_the_to_do_and_the_lecturer_sees_their_stops(tour, login):
    lecture_order(tour)
    stop(tour, when=timezone.now() + 24 * HOUR, lecturer=tour.lecturer, place="开发区会议室")
    cadre_home = login(tour.county_cadre).get(reverse("home")).content.decode()
    assert "待安排的宣讲需求" in cadre_home
    lecturer_home = login(tour.member_user).get(reverse("home")).content.decode()
    assert "我的宣讲日程" in lecturer_home and "开发区会议室" in lecturer_home


# ---------------------------------------------------------------- access


def test_outsider_404_viewer_403_member_403_anonymous_login(tour, login, client):
    s = stop(tour, when=timezone.now() - HOUR)
    detail = reverse("lectures:tour_detail", args=[tour.tour.uuid])
    record = reverse("lectures:stop_record", args=[tour.tour.uuid, s.pk])
    assert login(tour.outsider).get(detail).status_code == 404
    assert login(tour.member_user).get(reverse("lectures:tour_list")).status_code == 403
    assert login(tour.viewer).get(reverse("lectures:tour_create")).status_code == 403
    client.logout()
    assert client.get(record).status_code == 302
    with pytest.raises(PermissionDenied):
        services.stop_record(stop=s, headcount=5, actor=tour.township_cadre)


def test_the_public_page_shows_upcoming_stops_to_anyone(tour, client):
    stop(tour, when=timezone.now() + 24 * HOUR, place="城关镇社区中心")
    stop(tour, when=timezone.now() - 24 * HOUR, place="已过去的地点")
    body = client.get(reverse("lectures:tour_public", args=[tour.tour.uuid])).content.decode()
    assert "城关镇社区中心" in body and "已过去的地点" not in body
    tour.tour.is_public = False
    tour.tour.save(update_fields=["is_public"])
    assert client.get(reverse("lectures:tour_public", args=[tour.tour.uuid])).status_code == 404


def test_pages_create_a_lecturer_a_tour_and_a_stop(desk, login):
    client = login(desk.county_cadre)
    r = client.post(
        reverse("lectures:lecturer_create"),
        {"org": str(desk.county.pk), "name": "李劳模", "kind": "model_worker", "title": "全国劳动模范"},
    )
    assert r.status_code == 302
    r = client.post(
        reverse("lectures:tour_create"), {"org": str(desk.county.pk), "title": "", "is_public": "on"}
    )
    assert "请填写宣讲活动名称。" in r.content.decode()
    r = client.post(
        reverse("lectures:tour_create"), {"org": str(desk.county.pk), "title": "五进宣讲", "is_public": "on"}
    )
    assert r.status_code == 302
    from gonghui.lectures.models import LectureTour

    t = LectureTour.objects.get()
    r = client.post(
        reverse("lectures:stop_add", args=[t.uuid]),
        {"kind": "morning", "starts_at": "2030-06-01T08:00", "duration_minutes": "10", "place": "一号车间"},
    )
    assert r.status_code == 302 and t.stops.get().kind == "morning"


def test_the_tour_list_is_one_query_whatever_the_tours(tour, login, django_assert_max_num_queries):
    for i in range(5):
        t = services.tour_create(org=tour.county, title=f"宣讲{i}", actor=tour.county_cadre)
        services.stop_add(tour=t, starts_at=timezone.now(), place="x", actor=tour.county_cadre)
    client = login(tour.county_cadre)
    client.get(reverse("lectures:tour_list"))  # warm the session and caches
    with django_assert_max_num_queries(12):
        assert client.get(reverse("lectures:tour_list")).status_code == 200


def test_api_tours_and_public_stops(tour, client):
    stop(tour, when=timezone.now() + 24 * HOUR, place="园区广场")
    assert client.get("/api/v1/lectures/tours").status_code == 401
    public = client.get(f"/api/v1/lectures/public/{tour.tour.uuid}/stops").json()
    assert [s["place"] for s in public] == ["园区广场"]
    client.force_login(tour.county_cadre)
    detail = client.get(f"/api/v1/lectures/tours/{tour.tour.uuid}").json()
    assert detail["figures"]["stops"] == 0 and len(detail["stops"]) == 1
    client.force_login(tour.outsider)
    assert client.get(f"/api/v1/lectures/tours/{tour.tour.uuid}").status_code == 404


def test_the_glance_tile_opens_the_tours_of_the_stops_it_counted(tour, login):
    """宣讲场次 for a township and period opens the tours with a stop held then: not a tour whose
    stops in the period were only planned or cancelled, not one held before the period, not another
    township's or the county's own."""
    now = timezone.now()

    def tour_of(org, title, *stops):
        t = services.tour_create(org=org, title=title, actor=tour.county_cadre)
        for when, state in stops:
            s = services.stop_add(tour=t, starts_at=when, place="职工之家", actor=tour.county_cadre)
            if state == "held":
                services.stop_record(stop=s, headcount=30, actor=tour.county_cadre)
            elif state == "cancelled":
                services.stop_cancel(stop=s, actor=tour.county_cadre)
        return t

    held = (now - 2 * HOUR, "held")
    tour_of(tour.township, "城关镇工匠进车间", held, (now - 3 * HOUR, "held"))
    tour_of(tour.township, "城关镇劳模进园区", held, (now + 24 * HOUR, "planned"))
    tour_of(tour.township, "城关镇班前微宣讲", (now - HOUR, "planned"), (now - 3 * HOUR, "cancelled"))
    tour_of(tour.township, "城关镇去年的宣讲", (now - datetime.timedelta(days=400), "held"))
    tour_of(tour.other_township, "柳溪乡宣讲进社区", held)
    stop(tour, when=now - HOUR)  # the county's own tour (劳模工匠进企业)
    services.stop_record(stop=tour.tour.stops.get(), headcount=50, actor=tour.county_cadre)
    today = timezone.localdate()
    period = indicators.Period(today - datetime.timedelta(days=30), today)
    values = indicators.figures(tour.township, period, keys=["lectures.stops", "lectures.person_times"])
    assert values == {"lectures.stops": 3, "lectures.person_times": 90}
    link = indicators.get("lectures.stops").drill(tour.township, period)
    client = login(tour.county_cadre)
    open_drilled(
        client,
        link,
        reverse("lectures:tour_list"),
        org=tour.township,
        shown=["城关镇工匠进车间", "城关镇劳模进园区"],
        hidden=["城关镇班前微宣讲", "城关镇去年的宣讲", "柳溪乡宣讲进社区", "劳模工匠进企业"],
        other_county=tour.other_county,
    )
    listed = client.get(link).context
    assert {t.title for t in listed["page_obj"]} == {"城关镇劳模进园区", "城关镇工匠进车间"}
    # none of their stops was held outside the period: their held stops are the tile's
    assert sum(t.held_count for t in listed["page_obj"]) == values["lectures.stops"]
    assert f"org={tour.township.uuid}" in listed["querystring_base"]  # the pages keep it
