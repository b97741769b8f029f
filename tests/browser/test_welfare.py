"""A cadre runs a welfare batch at a desk; a member signs for the gift on a phone by scanning the
distribution point's QR (its URL); the cadre sees the report move. Real Chromium (Playwright)."""

import datetime

import pytest

from gonghui.care.models import WelfareBatch, WelfareGift
from gonghui.care.services import welfare as svc
from tests.browser.test_journeys import _login_with_password
from tests.care.welfare.conftest import make_members, rule

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_cadre_runs_a_batch_and_a_member_signs_by_scanning(world, phone_page, desk_page, live_server):
    w = world
    rule(w.county, "festival", w.county_cadre, cap_per_year="2200")
    make_members(w.union, 3)

    desk = desk_page
    _login_with_password(desk, w.enterprise_cadre)
    desk.goto("/care/welfare/batches/new/")
    desk.locator("#id_title").fill("中秋职工慰问")
    desk.locator("#id_description").fill("月饼礼盒")
    desk.locator("#id_value").fill("2500")
    desk.locator("#id_date").fill(datetime.date.today().isoformat())
    desk.get_by_role("button", name="创建").click()
    desk.get_by_text("超过安平县总工会“节日慰问”标准").wait_for()  # over the county's cap: refused
    desk.locator("#id_value").fill("180")
    desk.get_by_role("button", name="创建").click()
    desk.get_by_role("button", name="计算发放名单").click()
    desk.get_by_text("符合条件4人").wait_for()  # the job's page
    desk.get_by_role("link", name="查看").click()
    desk.get_by_text("符合条件 4 人，已签收 0 人，待领取 4 人").wait_for()
    batch = WelfareBatch.objects.get()
    desk.get_by_role("link", name="现场签收二维码").click()
    assert desk.locator(".qr svg").count() == 1

    page = phone_page
    _login_with_password(page, w.member_user)
    page.goto(f"/care/welfare/sign/{svc.point_token(batch)}/")
    page.get_by_role("button", name="确认已领取并签收").click()
    page.get_by_text("签收成功").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    gift = WelfareGift.objects.get(batch=batch, member=w.member)
    assert gift.state == "handed_out" and gift.method == "scan"

    desk.goto(batch.get_absolute_url())
    desk.get_by_text("符合条件 4 人，已签收 1 人，待领取 3 人").wait_for()
    desk.get_by_role("button", name="确认领取").first.click()
    desk.get_by_text("已签收 2 人").wait_for()
