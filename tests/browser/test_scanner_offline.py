"""The task leader's scanning page: codes verified in the browser, queued through a network loss, sent once."""

import datetime

import pytest

from gonghui.core import checkin
from gonghui.volunteers import services
from gonghui.volunteers.models import Signup
from tests.browser.test_csp import WATCH
from tests.browser.test_journeys import _login_with_password
from tests.factories import make_desk_world, make_user
from tests.volunteers.conftest import make_task, make_volunteer, shift, signed

pytestmark = pytest.mark.django_db(transaction=True)


def _scan(page, code):
    box = page.get_by_role("textbox", name="签到码")
    box.fill(code)
    box.press("Enter")


def test_the_leader_scans_through_a_network_loss(world, phone_page):
    w = make_desk_world(world)
    task = make_task(w.township, leader=w.township_cadre, title="驿站暖心服务")
    signups = [signed(task, make_volunteer(make_user(name=f"志愿者{n}"), w.township)) for n in range(3)]
    shift(task, starts_in=-datetime.timedelta(minutes=10))
    desk = services.signup_desk(task)
    codes = [desk.token_for(s) for s in signups]

    page = phone_page
    page.context.add_init_script(WATCH)
    _login_with_password(page, w.township_cadre)
    page.goto(task.get_absolute_url())
    page.get_by_role("link", name="扫描志愿者签到码").click()
    scanner = page.locator("[data-scanner][data-scanner-ready]")
    scanner.wait_for()
    result = page.locator("[data-scanner-result]")
    page.get_by_role("textbox", name="入口").fill("东门")

    # Online: a code typed as printed (groups, lower case) checks in at once.
    _scan(page, checkin.display_token(codes[0]).lower())
    page.locator("[data-scanner-result][data-kind=ok]").wait_for()
    assert "签到成功" in result.inner_text()
    assert Signup.objects.get(pk=signups[0].pk).checkin_gate == "东门"

    # Offline: two more are verified here and queued; a forged one is refused here.
    page.context.set_offline(True)
    page.get_by_text("离线").first.wait_for()
    _scan(page, codes[1])
    page.locator("[data-scanner][data-queue='1']").wait_for()
    assert "网络断开" in result.inner_text() and result.get_attribute("data-kind") == "wait"
    _scan(page, checkin.display_token(codes[2]))
    page.locator("[data-scanner][data-queue='2']").wait_for()
    forged = codes[2][:-1] + ("1" if codes[2][-1] != "1" else "2")
    _scan(page, forged)
    page.locator("[data-scanner-result][data-kind=bad]").wait_for()
    assert "签到码无效" in result.inner_text()
    _scan(page, codes[1])  # scanned again while queued: answered here, not queued twice
    assert "已扫过" in result.inner_text()
    assert page.locator("[data-scanner-count]").inner_text() == "2"
    assert Signup.objects.filter(checked_in_at__isnull=False).count() == 1

    # Back online: the queue is sent and each scan recorded once, with the time it was scanned.
    page.context.set_offline(False)
    page.locator("[data-scanner][data-queue='0']").wait_for()
    checked = Signup.objects.filter(task=task, checked_in_at__isnull=False)
    assert checked.count() == 3 and set(checked.values_list("checkin_gate", flat=True)) == {"东门"}
    # The log says how each queued scan ended, in the line that said it was waiting.
    log = page.locator("[data-scanner-log] li")
    assert page.locator("[data-scanner-log] li.scanner-wait").count() == 0
    assert log.count() == 5  # three codes, the forged one, the repeat

    # A reload keeps nothing queued, and the queued codes answer "already" when scanned again.
    page.reload()
    scanner.wait_for()
    assert page.locator("[data-scanner-count]").inner_text() == "0"
    assert page.evaluate("window.__csp") == []
    assert desk.scan(token=codes[1], gate="西门").status == checkin.ALREADY
