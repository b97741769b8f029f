"""On a phone: a member registers for a full activity, is waitlisted, is offered the place when
someone withdraws, accepts it, and checks in by the QR code on their registration page."""

import datetime

import pytest
from django.utils import timezone

from gonghui.activities import services
from gonghui.activities.models import Activity, Registration
from tests.activities.conftest import make_activity, make_workers
from tests.browser.test_journeys import _login_with_password

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_is_waitlisted_then_promoted_accepts_and_checks_in(
    world, phone_page, desk_page, browser, live_server
):
    activity = make_activity(world.union, actor=world.enterprise_cadre, capacity=1, title="职工羽毛球赛")
    first = make_workers(world.union, 1, prefix="先报")[0]
    taken = services.registration_create(activity=activity, actor=first)

    page = phone_page
    _login_with_password(page, world.member_user)
    page.goto("/activities/")
    page.get_by_role("link", name="职工羽毛球赛").click()
    page.get_by_role("button", name="名额已满，报名候补").click()
    page.get_by_text("候补名单第1位").first.wait_for()
    entry = Registration.objects.get(user=world.member_user)
    assert entry.state == "waitlisted"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    # The first worker withdraws on their own phone: the place is offered to the member.
    other = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844}
    )
    their = other.new_page()
    _login_with_password(their, first)
    their.goto(taken.get_absolute_url())
    their.get_by_role("button", name="退出报名").click()
    their.get_by_text("已退出报名。").first.wait_for()
    other.close()

    page.goto("/activities/mine/")
    page.get_by_role("link", name="职工羽毛球赛").click()
    page.get_by_role("button", name="确认参加").click()
    page.get_by_text("已确认递补名额").wait_for()
    entry.refresh_from_db()
    assert entry.state == "registered"

    # The day comes: the member shows their code; the organiser scans it at the east gate.
    now = timezone.now()
    Activity.objects.filter(pk=activity.pk).update(
        registration_opens_at=now - datetime.timedelta(days=2),
        registration_closes_at=now - datetime.timedelta(hours=1),
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(hours=2),
    )
    page.goto(entry.get_absolute_url())
    assert page.locator(".member-checkin-qr svg").count() == 1
    code = page.locator(".checkin-code .code strong").inner_text().strip()

    desk = desk_page
    _login_with_password(desk, world.enterprise_cadre)
    desk.goto(f"/activities/{activity.uuid}/scan/")
    desk.locator("#scanner-gate").fill("东门")
    desk.locator("#scanner-code").fill(code)
    desk.locator("#scanner-code").press("Enter")
    desk.locator("[data-scanner-result][data-kind=ok]").wait_for()
    entry.refresh_from_db()
    assert entry.checked_in_at is not None and entry.checkin_gate == "东门"
