"""Women-worker care: records (health details encrypted, opened with a log), places, figures, pages."""

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gonghui.care.models.women import WomenCarePlace, WomenCareRecord
from gonghui.care.selectors import women as selectors
from gonghui.care.services import women as services
from gonghui.core.indicators import Period
from gonghui.core.models import PersonalDataAccess
from tests.drilled import assert_drilled, assert_org_refused, open_drilled
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def _record(world, **kw):
    fields = dict(
        org=world.union,
        kind="march8",
        date=timezone.localdate(),
        people_reached=80,
        actor=world.enterprise_cadre,
    )
    fields.update(kw)
    return services.record_add(**fields)


@pytest.fixture
def woman(world):
    return make_member(world.union, name="周小红")


def test_a_union_records_a_march8_activity(world):
    record = _record(world, note="三八节插花活动")
    stored = WomenCareRecord.objects.get(pk=record.pk)
    assert (stored.kind, stored.people_reached, stored.org, stored.note) == (
        "march8",
        80,
        world.union,
        "三八节插花活动",
    )


def test_a_health_check_keeps_its_details_encrypted_and_logs_who_opens_them(world, woman):
    record = _record(
        world, kind="health", people_reached=1, member_no=woman.member_no, health_details="乳腺结节，建议复查"
    )
    stored = WomenCareRecord.objects.get(pk=record.pk)
    assert "乳腺" not in stored.health_details_encrypted and stored.has_health_details
    with pytest.raises(PermissionDenied):
        services.health_details_open(
            record=stored, actor=world.enterprise_cadre
        )  # no personal-data permission
    assert services.health_details_open(record=stored, actor=world.county_cadre) == "乳腺结节，建议复查"
    log = PersonalDataAccess.objects.get(action="women_health_details")
    assert log.actor == world.county_cadre and log.object_id == stored.pk


def test_bad_input_is_refused_in_chinese(world, woman):
    cases = (
        (dict(kind="nope"), "kind", "请选择关爱类型"),
        (dict(date=timezone.localdate() + datetime.timedelta(days=1)), "date", "不能晚于今天"),
        (dict(date=datetime.date(1999, 1, 1)), "date", "不能早于2000年"),
        (dict(people_reached=0), "people_reached", "1至"),
        (dict(people_reached=-5), "people_reached", "1至"),
        (dict(member_no="NOPE"), "member_no", "没有这个会员编号"),
        (dict(member_no=world.other_member.member_no, people_reached=1), "member_no", "没有这个会员编号"),
        (dict(member_no=woman.member_no, people_reached=5), "people_reached", "走访个人"),
        (dict(health_details="血压高"), "health_details", "只有健康体检"),
        (dict(kind="health", health_details="血压高"), "health_details", "会员编号"),
    )
    for kw, field, message in cases:
        with pytest.raises(ValidationError) as e:
            _record(world, **kw)
        assert message in str(e.value.message_dict[field]), kw
    assert not WomenCareRecord.objects.exists()


def test_scope_other_county_and_too_low(world):
    with pytest.raises(PermissionDenied):
        _record(world, actor=world.outsider)
    with pytest.raises(PermissionDenied):
        _record(world, actor=world.viewer, org=world.township)


def test_a_double_submit_makes_one_record(world):
    token = uuid.uuid4()
    first = _record(world, client_token=token)
    second = _record(world, client_token=token)
    assert first.pk == second.pk and WomenCareRecord.objects.count() == 1


def test_places_are_added_once_per_name(world):
    place = services.place_add(
        org=world.union,
        name="华宇爱心妈妈小屋",
        address="华宇机械办公楼2楼",
        facilities="哺乳椅、冰箱",
        actor=world.enterprise_cadre,
    )
    with pytest.raises(ValidationError, match="同名场所"):
        services.place_add(
            org=world.union, name="华宇爱心妈妈小屋", address="x", actor=world.enterprise_cadre
        )
    with pytest.raises(ValidationError) as e:
        services.place_add(org=world.union, name=" ", address="", actor=world.enterprise_cadre)
    assert set(e.value.message_dict) == {"name", "address"}
    with pytest.raises(PermissionDenied):
        services.place_add(org=world.union, name="别处", address="x", actor=world.outsider)
    services.place_toggle(place=place, actor=world.enterprise_cadre)
    assert not WomenCarePlace.objects.get(pk=place.pk).is_active
    assert list(selectors.open_places()) == []


def test_figures_by_kind_and_by_child(world, woman):
    _record(world, people_reached=80)
    _record(world, kind="maternity", member_no=woman.member_no, people_reached=1)
    _record(world, org=world.county, actor=world.county_cadre, kind="health", people_reached=300)
    _record(world, date=timezone.localdate() - datetime.timedelta(days=800))  # before the period
    today = timezone.localdate()
    period = Period(today - datetime.timedelta(days=30), today)
    f = selectors.figures(world.county, *period.bounds())
    assert (f["records"], f["reached"], f["kind_march8"], f["kind_maternity"], f["kind_health"]) == (
        3,
        381,
        1,
        1,
        1,
    )
    children = selectors.figures_by_child(world.county, *period.bounds())
    assert children[world.township.path]["reached"] == 81
    assert children[world.county.path]["reached"] == 300
    from gonghui.core import indicators

    assert indicators.figures(world.county, period, keys=["care.women.reached"])["care.women.reached"] == 381


def test_pages_list_add_and_reveal(world, woman, login):
    client = login(world.enterprise_cadre)
    page = client.get(reverse("care:women_record_create"))
    assert page.status_code == 200 and "覆盖女职工人数" in page.content.decode()
    data = {
        "org": world.union.pk,
        "kind": "health",
        "date": timezone.localdate().isoformat(),
        "people_reached": "1",
        "member_no": woman.member_no,
        "health_details": "血压偏高",
        "client_token": str(uuid.uuid4()),
    }
    response = client.post(reverse("care:women_record_create"), data)
    record = WomenCareRecord.objects.get()
    assert response.status_code == 302
    assert client.post(reverse("care:women_record_create"), data).status_code == 302  # double submit
    assert WomenCareRecord.objects.count() == 1
    body = client.get(reverse("care:women_records")).content.decode()
    assert "健康体检" in body and "周小红" in body
    detail = client.get(reverse("care:women_record", args=[record.uuid])).content.decode()
    assert "血压偏高" not in detail and "查看体检情况" not in detail  # no permission to open
    assert client.post(reverse("care:women_record_reveal", args=[record.uuid])).status_code == 403
    county = login(world.county_cadre)
    shown = county.post(reverse("care:women_record_reveal", args=[record.uuid]))
    assert "血压偏高" in shown.content.decode() and shown["Cache-Control"] == "no-store"
    bad = county.post(
        reverse("care:women_record_create"), {**data, "people_reached": "-1", "client_token": ""}
    )
    assert bad.status_code == 400 and "不能小于1" in bad.content.decode()


def test_pages_access(world, login, client):
    record = _record(world)
    assert login(world.outsider).get(reverse("care:women_record", args=[record.uuid])).status_code == 404
    assert login(world.member_user).get(reverse("care:women_records")).status_code == 403
    client.logout()
    assert reverse("accounts:login") in client.get(reverse("care:women_records")).url


def test_places_pages(world, login, client):
    c = login(world.enterprise_cadre)
    response = c.post(
        reverse("care:women_place_create"),
        {
            "org": world.union.pk,
            "kind": "mother_baby",
            "name": "华宇爱心妈妈小屋",
            "address": "办公楼2楼",
            "opening_hours": "8:00-18:00",
        },
    )
    assert response.status_code == 302
    place = WomenCarePlace.objects.get()
    assert "华宇爱心妈妈小屋" in c.get(reverse("care:women_places")).content.decode()
    client.logout()
    assert "华宇爱心妈妈小屋" in client.get(reverse("care:women_places_open")).content.decode()
    assert login(world.viewer).post(reverse("care:women_place_toggle", args=[place.uuid])).status_code == 403
    assert (
        login(world.outsider).post(reverse("care:women_place_toggle", args=[place.uuid])).status_code == 404
    )
    assert login(world.member_user).get("/api/v1/care/women/places").json()[0]["name"] == "华宇爱心妈妈小屋"


def test_the_glance_reads_give_the_same_figures_in_one_query(world, woman, django_assert_num_queries):
    _record(world, people_reached=80)
    _record(world, org=world.county, actor=world.county_cadre, kind="health", people_reached=300)
    _record(world, date=timezone.localdate() - datetime.timedelta(days=365), people_reached=7)
    today = timezone.localdate()
    period = Period(today - datetime.timedelta(days=30), today)
    compared = period.year_before()
    with django_assert_num_queries(1):
        now, before, children = selectors.figures_together(world.county, period, compared)
    assert now == selectors.figures(world.county, *period.bounds())
    assert before == selectors.figures(world.county, *compared.bounds()) and before["reached"] == 7
    plain = selectors.figures_by_child(world.county, *period.bounds())
    assert children == plain  # a child with rows in the compared period only is not one of them


def test_the_figures_page_and_the_navigation(world, login):
    from gonghui.core import homes

    _record(world, people_reached=80)
    body = login(world.county_cadre).get(reverse("care:women_figures")).content.decode()
    assert "女职工关爱统计" in body and "安平县总工会" in body and "80" in body
    assert login(world.member_user).get(reverse("care:women_figures")).status_code == 403
    labels = [m.label for m in homes.modules_for(world.county_cadre)]
    assert "女职工关爱" in labels and "爱心妈妈小屋" in labels
    assert "女职工关爱" not in [m.label for m in homes.modules_for(world.member_user)]


def test_the_glance_tiles_open_the_records_they_counted(world, woman, login):
    """女职工关爱记录 for a township and a period opens its records dated then: not another
    township's, not an older one; 女职工健康体检 opens the health checks among them; the kind filter
    keeps the township; the figures page opens for the township too."""
    from gonghui.core import indicators

    _record(world, note="城关插花活动")
    _record(world, kind="health", people_reached=1, member_no=woman.member_no, note="城关体检")
    _record(world, org=world.other_township, actor=world.county_cadre, note="柳溪乡插花活动")
    _record(world, date=timezone.localdate() - datetime.timedelta(days=60), note="城关旧的活动")
    today = timezone.localdate()
    period = Period(today - datetime.timedelta(days=30), today)
    keys = ["care.women.records", "care.women.reached", "care.women.health_checks"]
    got = indicators.figures(world.township, period, keys=keys)
    assert got == {"care.women.records": 2, "care.women.reached": 81, "care.women.health_checks": 1}
    link = indicators.get("care.women.records").drill(world.township, period)
    assert link == indicators.get("care.women.reached").drill(world.township, period)
    client = login(world.county_cadre)
    open_drilled(
        client,
        link,
        reverse("care:women_records"),
        org=world.township,
        shown=["城关插花活动", "城关体检"],
        hidden=["柳溪乡插花活动", "城关旧的活动"],
        other_county=world.other_county,
        keeps_org=True,  # the kind filter keeps the township
    )
    health = client.get(indicators.get("care.women.health_checks").drill(world.township, period))
    health = health.content.decode()
    assert_drilled(health, org=world.township, shown=["城关体检"], hidden=["城关插花活动"], where="体检")
    assert '<option value="health" selected>' in health
    assert_org_refused(client, reverse("care:women_figures"), world.other_county)
    figures = client.get(reverse("care:women_figures"), {"org": str(world.township.uuid)}).content.decode()
    assert world.township.name in figures and "查看我的全部范围" in figures
    assert "安平县总工会" not in figures
