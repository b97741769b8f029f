"""Every persona reaches their work from the home on a phone, in at most two taps (issue 10 §1)."""

import re
from urllib.parse import urlsplit

import pytest

from tests.factories import PASSWORD
from tests.volunteers.conftest import make_volunteer

pytestmark = pytest.mark.django_db(transaction=True)


def _login(page, user):
    page.goto("/accounts/login/")
    page.get_by_role("textbox", name="手机号码", exact=True).fill(user.phone)
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def test_each_persona_reaches_their_work_from_the_home(desk, browser, live_server):
    from tests.browser.conftest import PHONE

    make_volunteer(desk.volunteer_user, desk.township)
    journeys = [
        # (who, the links tapped from the home, the work page reached)
        ("county chair", desk.county_cadre, ["派单看板"], "/desk/board/"),
        ("township staff", desk.township_cadre, ["入会申请"], "/applications/"),
        ("enterprise-union chair", desk.enterprise_cadre, ["会员名册"], "/roster/"),
        ("NEF union chair", desk.joint_cadre, ["入会申请"], "/applications/"),
        ("member rider", desk.member_user, ["电子会员证"], "/me/card/"),
        ("service-team leader", desk.team_leader, ["服务队任务"], "/desk/teams/jobs/"),
        ("enterprise contact", desk.enterprise_contact, ["企业问题反映"], "/desk/problems/mine/"),
        ("volunteer", desk.volunteer_user, ["可报名的志愿任务"], "/volunteers/tasks/"),
        ("partner-unit contact", desk.unit_contact, ["交办给本单位的问题"], "/desk/problems/inbox/"),
    ]
    for who, user, taps, work in journeys:
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", **PHONE)
        page = context.new_page()
        page.set_default_timeout(15000)
        _login(page, user)
        assert len(taps) <= 2, who
        for name in taps:
            page.locator("main").get_by_role("link", name=name).first.click()
        page.wait_for_load_state()
        assert urlsplit(page.url).path == work, f"{who}: {page.url}"
        assert page.locator("h1").count() >= 1, who
        context.close()


def test_an_anonymous_visitor_registers_from_an_offer_and_lands_on_it(db, browser, live_server, settings):
    from gonghui.accounts.senders import MemorySender
    from tests.browser.conftest import PHONE

    settings.GONGHUI_CODE_SENDER = "gonghui.accounts.senders.MemorySender"
    MemorySender.clear()
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", **PHONE)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto("/")
    page.locator("main").get_by_role("link", name=re.compile("^服务点单")).first.click()
    assert "/accounts/register/" in page.url
    page.get_by_role("textbox", name="姓名", exact=True).fill("林小雨")
    page.get_by_role("textbox", name="手机号码", exact=True).fill("13655550001")
    page.get_by_role("button", name="获取验证码").click()
    page.get_by_role("textbox", name="验证码").fill(MemorySender.last_code("13655550001"))
    page.get_by_role("button", name="注册并继续").click()
    page.wait_for_url(re.compile(r"/desk/menu/$"))
    assert "注册成功" in page.content()
    context.close()
