"""A legal lecture ordered from a phone, dispatched, delivered, rated — and counted in the figures."""

import datetime

import pytest
from django.utils import timezone

from gonghui.servicedesk.models import ServiceOrder
from tests.factories import PASSWORD, make_desk_world

pytestmark = pytest.mark.django_db(transaction=True)


def _login(page, user):
    page.goto("/accounts/login/")
    page.locator("#id_phone").fill(user.phone)
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state()


def _logout(page):
    page.context.clear_cookies()


def test_an_enterprise_orders_a_lecture_the_federation_dispatches_the_team_delivers_and_it_is_rated(
    world, phone_page, desk_page
):
    desk = make_desk_world(world)
    wished = timezone.localdate() + datetime.timedelta(days=10)
    page = phone_page

    # The enterprise contact orders the legal lecture on a phone.
    _login(page, desk.enterprise_contact)
    page.goto("/desk/menu/")
    page.get_by_role("heading", name="劳动法律法规讲座").wait_for()
    page.locator(".card", has_text="劳动法律法规讲座").get_by_role("link", name="我要点单").click()
    page.get_by_role("combobox", name="点单身份", exact=True).select_option(
        label="企业：安平华宇机械有限公司"
    )
    page.get_by_role("textbox", name="服务地点", exact=True).fill("华宇公司三楼会议室")
    page.locator("#id_wished_date").fill(wished.isoformat())
    page.get_by_role("spinbutton", name="预计人数", exact=True).fill("60")
    page.get_by_role("button", name="提交点单").click()
    page.get_by_text("点单已提交，等待受理。").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    order = ServiceOrder.objects.get()
    assert order.state == "ordered" and order.enterprise == desk.enterprise and order.expected_people == 60

    # The federation cadre accepts and dispatches 法安先锋 from the board.
    _login(desk_page, desk.county_cadre)
    desk_page.goto("/desk/board/")
    desk_page.get_by_role("link", name="劳动法律法规讲座").click()
    desk_page.get_by_role("button", name="受理", exact=True).click()
    desk_page.get_by_text("已受理，请在派单期限前派单。").wait_for()
    desk_page.get_by_role("combobox", name="服务队", exact=True).select_option(label="法安先锋")
    # Served today, so the team can record it now (no order is delivered before its service date).
    desk_page.locator("#id_service_date").fill(timezone.localdate().isoformat())
    desk_page.get_by_role("button", name="派单", exact=True).click()
    desk_page.get_by_text("已派单，服务队已收到通知。").wait_for()
    order.refresh_from_db()
    assert order.state == "dispatched" and order.team == desk.legal_team

    # The team leader sees the job (and the bell) and marks it delivered to 60 people.
    _logout(page)
    _login(page, desk.team_leader)
    assert page.locator(".bell .count").inner_text() == "1"
    page.goto("/desk/teams/jobs/")
    page.get_by_role("link", name="劳动法律法规讲座").click()
    page.get_by_role("spinbutton", name="服务人数", exact=True).fill("60")
    page.get_by_role("textbox", name="服务小结", exact=True).fill(
        "讲解劳动合同法和工资支付，现场答疑12个问题"
    )
    page.get_by_role("button", name="确认完成服务").click()
    page.get_by_text("已记录完成服务。").wait_for()
    order.refresh_from_db()
    assert order.state == "delivered" and order.people_served == 60

    # The enterprise contact follows the notification and rates it 5.
    _logout(page)
    _login(page, desk.enterprise_contact)
    page.goto("/jobs/notifications/")
    page.get_by_role("button", name="“劳动法律法规讲座”已完成服务，请评价").click()
    page.get_by_role("combobox", name="评分", exact=True).select_option("5")
    page.get_by_role("textbox", name="评价", exact=True).fill("讲得很实用")
    page.get_by_role("button", name="提交评价").click()
    page.get_by_text("感谢您的评价！").wait_for()
    order.refresh_from_db()
    assert order.state == "rated" and order.rating == 5

    # The figures page shows it.
    desk_page.goto("/desk/figures/orders/")
    assert desk_page.locator("[data-figure=delivered]").inner_text() == "1"
    assert desk_page.locator("[data-figure=people_served]").inner_text() == "60"
    assert desk_page.locator("[data-figure=mean_rating]").inner_text() == "5.0"
