"""A worker follows their legal-aid case on a phone: the home card, the stage and the next date,
then the closure and their rating (once)."""

import re

import pytest

from gonghui.rights.services import legal as svc
from tests.factories import PASSWORD
from tests.rights.legal.conftest import make_case, past

pytestmark = pytest.mark.django_db(transaction=True)


def _login(page, user):
    page.goto("/accounts/login/")
    page.get_by_role("textbox", name="手机号码", exact=True).fill(user.phone)
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def test_a_worker_follows_their_case_on_a_phone(world, phone_page):
    page = phone_page
    case = make_case(world)
    svc.case_advance(
        case=case,
        actor=world.enterprise_cadre,
        stage="mediation",
        on=past(1),
        outcome="企业同意调解",
        next_action="调解会",
        next_due=past(-7),
    )
    _login(page, world.member_user)
    card = page.get_by_text("我的法律援助案件")
    card.wait_for()
    page.get_by_role("link", name=re.compile("拖欠工资")).first.click()
    page.wait_for_url(re.compile(r"/rights/legal/mine/cases/"))
    assert page.locator("#case-stage").inner_text() == "调解"
    assert "调解会" in page.locator("#case-next").inner_text()
    # nothing runs off a phone-sized screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    svc.case_close(
        case=case, actor=world.enterprise_cadre, closed_on=past(0), outcome="mediated", recovered="18000"
    )
    page.reload()
    page.get_by_text("满意", exact=True).click()
    page.get_by_role("button", name="提交评价").click()
    page.get_by_text("感谢您的评价").first.wait_for()
    case.refresh_from_db()
    assert case.satisfaction == 4
    assert page.get_by_role("button", name="提交评价").count() == 0
