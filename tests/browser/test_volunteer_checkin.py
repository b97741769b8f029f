"""A volunteer signs up on a phone, checks in by the task's QR URL, and sees the confirmed hours."""

import datetime

import pytest
from django.utils import timezone

from gonghui.volunteers.models import Signup, VolunteerTask
from gonghui.volunteers.views import checkin_url
from tests.browser.test_journeys import _login_with_password
from tests.factories import make_desk_world
from tests.volunteers.conftest import make_task, make_volunteer

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_volunteer_signs_up_checks_in_and_sees_confirmed_hours(
    world, phone_page, desk_page, live_server, settings
):
    settings.GONGHUI_PUBLIC_URL = live_server.url
    w = make_desk_world(world)
    volunteer = make_volunteer(w.volunteer_user, w.township)
    task = make_task(w.township, leader=w.township_cadre, title="驿站暖心服务", hours=2)

    # The volunteer finds the task on a phone and signs up.
    page = phone_page
    _login_with_password(page, w.volunteer_user)
    page.goto("/volunteers/tasks/")
    page.get_by_role("link", name="驿站暖心服务").click()
    page.get_by_role("button", name="我要报名").click()
    page.get_by_text("报名成功").wait_for()
    assert Signup.objects.get(task=task, volunteer=volunteer).state == "signed_up"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    # The task is running: the volunteer opens the URL the QR code encodes and checks in.
    starts = timezone.now() - datetime.timedelta(minutes=10)
    VolunteerTask.objects.filter(pk=task.pk).update(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )
    task.refresh_from_db()
    page.goto(checkin_url(task))
    page.get_by_role("button", name="签到").click()
    page.get_by_text("签到成功").wait_for()
    assert Signup.objects.get().checked_in_at is not None

    # The leader enters the hours at a desk (no check-out was scanned) and confirms them.
    desk = desk_page
    _login_with_password(desk, w.township_cadre)
    desk.goto(task.get_absolute_url())
    assert desk.locator(".checkin-qr svg").count() == 1
    desk.get_by_role("spinbutton", name="时长").fill("1.5")
    desk.get_by_role("button", name="确认时长").click()
    desk.get_by_text("已确认").first.wait_for()

    # The volunteer's hours page shows them.
    page.goto("/volunteers/me/hours/")
    assert page.locator(".year-total").inner_text().strip() == "1.5"
    assert page.get_by_text("驿站暖心服务").first.is_visible()
