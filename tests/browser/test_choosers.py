"""The chooser in a real browser: type, wait for the htmx results, pick one, submit."""

import pytest

from gonghui.members.models import JoinApplication
from tests.factories import make_id_number

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_finds_the_employer_by_typing_and_joins(world, phone_page):
    page = phone_page
    page.goto("/join/")
    page.get_by_role("textbox", name="姓名", exact=True).fill("周小工")
    page.get_by_role("textbox", name="身份证号码", exact=True).fill(make_id_number(902))
    page.get_by_role("textbox", name="手机号码", exact=True).fill("13712340000")
    chooser = page.get_by_role("combobox", name="工作单位", exact=True)
    chooser.press_sequentially("安平小橙", delay=30)
    option = page.locator("[data-chooser-option]", has_text=world.small_enterprise.name)
    option.wait_for()
    assert page.locator("[data-chooser-option]").count() == 1
    option.click()
    assert chooser.input_value() == world.small_enterprise.name
    assert page.locator("input[name=enterprise]").input_value() == str(world.small_enterprise.uuid)
    assert page.locator("[data-chooser-option]").count() == 0
    page.get_by_label("我已阅读并同意", exact=False).check()
    page.get_by_role("button", name="提交入会申请").click()
    page.get_by_text(world.park_joint.name).first.wait_for()
    application = JoinApplication.objects.get()
    assert application.enterprise == world.small_enterprise and application.org == world.park_joint
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
