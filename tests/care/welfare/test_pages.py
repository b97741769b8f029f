"""Welfare pages and API for each kind of user: member, cadres, viewer, outsider, anonymous."""

import datetime
import json

import pytest
from django.urls import reverse

from gonghui.care.models import CondolenceRequest, CondolenceRule, WelfareBatch, WelfareGift
from gonghui.care.services import welfare as svc
from tests.care.welfare.conftest import make_batch, make_members

pytestmark = pytest.mark.django_db
API = "/api/v1/care/welfare"
TODAY = datetime.date.today()


def _post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


@pytest.fixture
def ready(county_rules):
    w = county_rules
    make_members(w.union, 2)
    w.batch = make_batch(w)
    svc.batch_compute_start(batch=w.batch, actor=w.enterprise_cadre)
    w.batch.refresh_from_db()
    w.gift = WelfareGift.objects.get(batch=w.batch, member=w.member)
    return w


def test_a_cadre_creates_a_rule_by_the_page(world, login):
    client = login(world.county_cadre)
    data = {
        "org": world.county.pk,
        "occasion": "festival",
        "cap_per_year": "2,200",
        "allow_goods": "on",
        "allow_voucher": "on",
        "min_member_years": "0",
    }
    response = client.post(reverse("care:welfare_rule_create"), data)
    assert response.status_code == 302
    rule = CondolenceRule.objects.get()
    assert str(rule.cap_per_year) == "2200.00" and not rule.allow_cash
    body = client.get(reverse("care:welfare_rules")).content.decode()
    assert "2200.00" in body and "不发现金" in body


def test_a_looser_rule_below_shows_the_error_beside_the_field(county_rules, login):
    w = county_rules
    client = login(w.enterprise_cadre)
    response = client.post(
        reverse("care:welfare_rule_create"),
        {
            "org": w.union.pk,
            "occasion": "festival",
            "cap_per_year": "3000",
            "allow_goods": "on",
            "min_member_years": "0",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "不能宽于上级的安平县总工会“节日慰问”标准" in body and 'id="id_cap_per_year-error"' in body
    response = client.post(
        reverse("care:welfare_rule_create"),
        {
            "org": w.union.pk,
            "occasion": "festival",
            "cap_per_year": "-1",
            "allow_goods": "on",
            "min_member_years": "0",
        },
    )
    assert "必须大于0元" in response.content.decode()


def test_pages_403_for_non_cadres_and_redirect_anonymous(county_rules, login, client):
    w = county_rules
    for name in (
        "care:welfare_rules",
        "care:welfare_batches",
        "care:welfare_requests",
        "care:welfare_request_create",
    ):
        assert client.get(reverse(name)).status_code == 302
    for name in (
        "care:welfare_rules",
        "care:welfare_batches",
        "care:welfare_requests",
        "care:welfare_request_create",
    ):
        assert login(w.member_user).get(reverse(name)).status_code == 403


def test_a_batch_by_the_pages_then_the_job_page(county_rules, login):
    w = county_rules
    client = login(w.enterprise_cadre)
    response = client.post(
        reverse("care:welfare_batch_create"),
        {
            "org": w.union.pk,
            "title": "中秋慰问",
            "occasion": "festival",
            "description": "月饼",
            "value": "120",
            "form": "goods",
            "date": TODAY.isoformat(),
        },
    )
    batch = WelfareBatch.objects.get()
    assert response.status_code == 302 and response.url == batch.get_absolute_url()
    response = client.post(reverse("care:welfare_batch_compute", args=[batch.uuid]))
    from gonghui.core.models import Job

    job = Job.objects.get(kind=svc.BATCH_TASK)
    assert response.status_code == 302 and response.url == reverse("core:job_detail", args=[job.uuid])
    assert job.state == "done" and job.result["eligible"] == 1
    page = client.get(batch.get_absolute_url()).content.decode()
    assert (
        "符合条件 1 人，已签收 0 人，待领取 1 人" in page
        and "张*" in page
        and "张伟" not in page.split("签收名单")[1]
    )


def test_a_batch_over_the_cap_by_the_page(county_rules, login):
    w = county_rules
    response = login(w.enterprise_cadre).post(
        reverse("care:welfare_batch_create"),
        {
            "org": w.union.pk,
            "title": "春节",
            "occasion": "festival",
            "description": "礼包",
            "value": "2500",
            "form": "goods",
            "date": TODAY.isoformat(),
        },
    )
    assert "超过安平县总工会“节日慰问”标准" in response.content.decode()
    assert not WelfareBatch.objects.exists()


def test_the_outsider_gets_404_and_the_viewer_403(ready, login):
    w = ready
    detail = reverse("care:welfare_batch_detail", args=[w.batch.uuid])
    assert login(w.outsider).get(detail).status_code == 404
    assert login(w.viewer).get(detail).status_code == 200
    assert (
        login(w.viewer)
        .post(reverse("care:welfare_gift_confirm", args=[w.batch.uuid, w.member.uuid]))
        .status_code
        == 403
    )
    assert login(w.viewer).post(reverse("care:welfare_batch_compute", args=[w.batch.uuid])).status_code == 403
    assert (
        login(w.outsider)
        .post(reverse("care:welfare_gift_confirm", args=[w.batch.uuid, w.member.uuid]))
        .status_code
        == 404
    )
    assert login(w.outsider).get(reverse("care:welfare_batch_export", args=[w.batch.uuid])).status_code == 404


def test_member_signs_on_the_my_gifts_page(ready, login):
    w = ready
    client = login(w.member_user)
    page = client.get(reverse("care:welfare_my_gifts")).content.decode()
    assert "我已领取，签收" in page
    client.post(reverse("care:welfare_gift_sign", args=[w.batch.uuid]))
    w.gift.refresh_from_db()
    assert w.gift.state == "handed_out"
    again = client.post(reverse("care:welfare_gift_sign", args=[w.batch.uuid]), follow=True)
    assert "不能重复签收" in again.content.decode()
    other = make_batch(w, title="另一工会的批次", org=w.park_joint, actor=w.county_cadre)
    assert client.post(reverse("care:welfare_gift_sign", args=[other.uuid])).status_code == 404


def test_member_signs_by_scanning_the_point(ready, login):
    w = ready
    point = login(w.enterprise_cadre).get(reverse("care:welfare_batch_point", args=[w.batch.uuid]))
    assert point.status_code == 200 and "<svg" in point.content.decode()
    url = reverse("care:welfare_scan", args=[svc.point_token(w.batch)])
    client = login(w.member_user)
    assert "确认已领取并签收" in client.get(url).content.decode()
    client.post(url)
    w.gift.refresh_from_db()
    assert w.gift.method == "scan"
    assert client.get(reverse("care:welfare_scan", args=["FORGED12345"])).status_code == 404


def test_the_cadre_confirms_on_the_list(ready, login):
    w = ready
    client = login(w.township_cadre)
    client.post(reverse("care:welfare_gift_confirm", args=[w.batch.uuid, w.member.uuid]))
    w.gift.refresh_from_db()
    assert (
        w.gift.state == "handed_out" and w.gift.method == "cadre" and w.gift.confirmed_by == w.township_cadre
    )
    response = client.get(reverse("care:welfare_batch_export", args=[w.batch.uuid]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


def test_request_by_the_pages_with_the_approval_buttons(county_rules, login):
    w = county_rules
    client = login(w.enterprise_cadre)
    data = {
        "member": w.member.member_no,
        "occasion": "hospital",
        "event_date": TODAY.isoformat(),
        "case_ref": "肺炎",
        "amount": "600",
        "form": "goods",
    }
    response = client.post(reverse("care:welfare_request_create"), data)
    item = CondolenceRequest.objects.get()
    assert response.status_code == 302 and response.url == item.get_absolute_url()
    again = client.post(reverse("care:welfare_request_create"), data)
    assert "请勿重复提交" in again.content.decode() and CondolenceRequest.objects.count() == 1
    township = login(w.township_cadre)
    page = township.get(item.get_absolute_url()).content.decode()
    assert "通过" in page and "退回" in page and "城关镇工会" in page
    awaiting = township.get(reverse("care:welfare_requests") + "?awaiting=1").content.decode()
    assert "张伟" in awaiting and "600.00" in awaiting
    township.post(reverse("care:welfare_request_action", args=[item.uuid, "approve"]))
    item.refresh_from_db()
    assert item.state == "at_approve"
    refused = login(w.county_cadre).post(
        reverse("care:welfare_request_action", args=[item.uuid, "reject"]), {"note": ""}, follow=True
    )
    assert "理由" in refused.content.decode() or "原因" in refused.content.decode()
    login(w.county_cadre).post(reverse("care:welfare_request_action", args=[item.uuid, "approve"]))
    item.refresh_from_db()
    assert item.state == "approved"
    # the member sees it, without buttons, and cannot act
    mine = login(w.member_user)
    assert "住院慰问" in mine.get(reverse("care:welfare_my_requests")).content.decode()
    detail = mine.get(item.get_absolute_url()).content.decode()
    assert "formaction" not in detail
    assert mine.post(reverse("care:welfare_request_action", args=[item.uuid, "approve"])).status_code == 403
    assert login(w.outsider).get(item.get_absolute_url()).status_code == 404


def test_a_request_for_the_other_countys_member_is_not_found(county_rules, login):
    w = county_rules
    response = login(w.county_cadre).post(
        reverse("care:welfare_request_create"),
        {
            "member": w.other_member.member_no,
            "occasion": "wedding",
            "event_date": TODAY.isoformat(),
            "amount": "100",
            "form": "goods",
        },
    )
    assert "找不到这名会员" in response.content.decode()


def test_api_my_gifts_and_signing(ready, client, login):
    w = ready
    assert client.get(f"{API}/me/gifts").status_code == 401
    api = login(w.member_user)
    gifts = api.get(f"{API}/me/gifts").json()
    assert [g["batch"] for g in gifts] == [str(w.batch.uuid)] and gifts[0]["can_sign"]
    signed = _post(api, f"{API}/gifts/{w.batch.uuid}/sign")
    assert signed.status_code == 200 and signed.json()["state"] == "handed_out"
    again = _post(api, f"{API}/gifts/{w.batch.uuid}/sign")
    assert again.status_code == 400 and "不能重复签收" in again.json()["detail"]
    other = make_batch(w, title="另一工会的批次", org=w.park_joint, actor=w.county_cadre)
    assert _post(api, f"{API}/gifts/{other.uuid}/sign").status_code == 404
    assert _post(api, f"{API}/sign", {"token": "NOPE1234567"}).status_code == 400
    assert _post(api, f"{API}/sign", {"token": ""}).status_code == 422


def test_api_scan_and_my_requests(ready, login):
    w = ready
    api = login(w.member_user)
    signed = _post(api, f"{API}/sign", {"token": svc.point_token(w.batch)})
    assert signed.status_code == 200 and signed.json()["state"] == "handed_out"
    svc.condolence_request_create(
        member=w.member,
        occasion="wedding",
        event_date=TODAY,
        amount="500",
        form="goods",
        actor=w.enterprise_cadre,
    )
    mine = api.get(f"{API}/me/requests").json()
    assert [r["occasion"] for r in mine] == ["wedding"] and mine[0]["amount"] == "500.00"
    assert login(w.outsider).get(f"{API}/me/requests").json() == []


def test_home_tiles(ready, login):
    from gonghui.core import homes

    w = ready
    svc.condolence_request_create(
        member=w.member,
        occasion="wedding",
        event_date=TODAY,
        amount="500",
        form="goods",
        actor=w.enterprise_cadre,
    )
    titles = [t.title for t in homes.tiles_for(w.member_user)] if hasattr(homes, "tiles_for") else None
    if titles is not None:
        assert "待签收的慰问品" in titles
    from gonghui.care.home_welfare import welfare_tiles

    assert [t.title for t in welfare_tiles(w.member_user)] == ["待签收的慰问品"]
    assert "待我审批的慰问申请" in [t.title for t in welfare_tiles(w.township_cadre)]
    assert [t.title for t in welfare_tiles(w.outsider)] == []


def test_indicators(ready):
    from gonghui.core import indicators

    w = ready
    svc.gift_confirm(
        gift=WelfareGift.objects.select_related("batch").get(pk=w.gift.pk), actor=w.enterprise_cadre
    )
    period = indicators.year_to_date()
    values = indicators.figures(w.county, period) if hasattr(indicators, "figures") else None
    from gonghui.care.selectors.welfare import figures, figures_by_child

    lo, hi = period.bounds()
    row = figures(w.county, lo, hi)
    assert row["gifts_handed_out"] == 1 and row["gift_value"] == 300.0
    assert figures(w.other_county, lo, hi)["gifts_handed_out"] == 0
    assert figures_by_child(w.county, lo, hi)[w.township.path]["gifts_handed_out"] == 1
    assert indicators.get("care.welfare.gifts_handed_out").name_in_result == "gifts_handed_out"
    assert values is None or values


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the session's and the positions' first reads are not the page's
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_cost_the_same_whatever_the_rows(county_rules, login):
    w = county_rules
    small = make_batch(w, title="小批次")
    svc.batch_compute(batch=small)
    make_members(w.union, 12)
    big = make_batch(w, title="大批次", value="100")
    svc.batch_compute(batch=big)
    client = login(w.enterprise_cadre)
    assert _queries(client, small.get_absolute_url()) == _queries(client, big.get_absolute_url())
    for i in range(3):
        svc.condolence_request_create(
            member=w.member,
            occasion="wedding",
            event_date=TODAY - datetime.timedelta(days=i),
            amount="100",
            form="goods",
            actor=w.enterprise_cadre,
        )
    one = _queries(client, reverse("care:welfare_requests"))
    make_members(w.union, 1)
    assert _queries(client, reverse("care:welfare_requests")) == one
    member = login(w.member_user)
    assert _queries(member, reverse("care:welfare_my_gifts")) <= 12


def test_the_export_of_one_union_under_the_batch(county_rules, login):
    import io

    from openpyxl import load_workbook

    w = county_rules
    make_members(w.park_joint, 2)
    batch = make_batch(w, org=w.county, actor=w.county_cadre)
    svc.batch_compute(batch=batch)
    client = login(w.county_cadre)
    url = reverse("care:welfare_batch_export", args=[batch.uuid])
    whole = load_workbook(io.BytesIO(client.get(url).content)).active
    part = load_workbook(io.BytesIO(client.get(url, {"org": w.park.uuid}).content)).active
    assert (whole.max_row, part.max_row) == (4, 3)
    assert client.get(url, {"org": w.other_union.uuid}).status_code == 404
    assert client.get(url, {"org": "not-a-uuid"}).status_code == 404
    assert "导出本单位签收名单" in client.get(batch.get_absolute_url()).content.decode()


def test_a_rule_is_edited_and_deleted_by_its_org_only(county_rules, login):
    w = county_rules
    url = reverse("care:welfare_rule_edit", args=[w.birthday_rule.pk])
    assert login(w.township_cadre).get(url).status_code == 403
    assert login(w.outsider).get(url).status_code == 404
    client = login(w.county_cadre)
    assert 'value="500.00"' in client.get(url).content.decode()
    data = {"cap_per_occasion": "400", "times_per_year": "1", "allow_goods": "on", "min_member_years": "0"}
    assert client.post(url, data).status_code == 302
    w.birthday_rule.refresh_from_db()
    assert str(w.birthday_rule.cap_per_occasion) == "400.00"
    bad = client.post(url, {**data, "times_per_year": "-3"})
    assert "不能小于1" in bad.content.decode()
    client.post(reverse("care:welfare_rule_delete", args=[w.birthday_rule.pk]))
    assert not CondolenceRule.objects.filter(pk=w.birthday_rule.pk).exists()
