"""A member enrols in a weight-loss contest on a phone and submits a weigh-in; the organiser
confirms it at a desk; the member sees BMI, category and the trend. No CSP violation on the way."""

import pytest

from gonghui.fitness import services
from gonghui.fitness.models import WeighIn
from tests.browser.test_csp import WATCH
from tests.browser.test_journeys import _login_with_password
from tests.fitness.conftest import days_ago, make_programme

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_enrols_submits_and_sees_the_confirmed_weight(world, phone_page, desk_page):
    programme = make_programme(world)
    page = phone_page
    page.context.add_init_script(WATCH)
    _login_with_password(page, world.member_user)
    page.goto("/fitness/")
    page.get_by_role("link", name=programme.title).click()
    page.get_by_label("身高（厘米）").fill("１７０")
    page.get_by_role("button", name="报名参加").click()
    page.get_by_text("报名成功").wait_for()
    enrolment = programme.enrolments.get()
    services.weigh_in_record(
        enrolment=enrolment, measured_on=days_ago(14), weight="72", actor=world.township_cadre
    )

    page.get_by_label("称重日期").fill(days_ago(1).isoformat())
    page.get_by_label("体重（千克）").fill("70.3")
    page.get_by_role("button", name="提交", exact=True).click()
    page.get_by_text("体重已提交").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    desk = desk_page
    _login_with_password(desk, world.township_cadre)
    desk.goto(f"/fitness/{programme.uuid}/queue/")
    desk.get_by_role("button", name="确认", exact=True).click()
    desk.get_by_text("已确认。").wait_for()
    assert WeighIn.objects.filter(state="confirmed").count() == 2

    page.reload()
    assert page.locator("svg.trend polyline").count() == 1
    assert page.get_by_text("24.3").first.is_visible()  # 70.3 kg at 170 cm
    assert page.get_by_text("超重").first.is_visible()
    assert page.evaluate("window.__csp") == []
